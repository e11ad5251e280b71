package io.attnrec.serve;

import io.attnrec.core.data.Event;
import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.retrieval.RetrievalConfig;
import io.attnrec.serve.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The server process of {@link CrashRecoveryTest} and {@link GracefulShutdownTest}: serves
 * {@link TestWorld} on loopback with the event store {@code args[0]} and, once listening, writes
 * its port to the file {@code args[1]} (atomically, so the test never reads half a number). Runs
 * until it is killed; on SIGTERM it shuts down gracefully, as {@code attnrec serve} does. An
 * optional {@code args[2]} delays every write by that many milliseconds (so that requests are
 * in flight when the signal arrives).
 */
final class CrashTestServer {

    private CrashTestServer() {}

    public static void main(String[] args) throws Exception {
        long writeDelayMs = args.length > 2 ? Long.parseLong(args[2]) : 0;
        ServerConfig config = ServerConfig.builder().port(0).database(args[0]).build();
        AttnrecServer server = new AttnrecServer(
                        config,
                        ModelRegistry.of(List.of(TestWorld.served("world")), RetrievalConfig.defaults()),
                        false,
                        c -> new SlowStore(EventStore.open(c.database()), writeDelayMs))
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "attnrec-shutdown"));
        Path portFile = Path.of(args[1]);
        Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(server.port()));
        Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE);
        server.join();
    }

    /** A store whose writes take {@code delayMs} longer (before the transaction starts). */
    static final class SlowStore extends ForwardingEventStore {
        private final long delayMs;

        SlowStore(EventStore inner, long delayMs) {
            super(inner);
            this.delayMs = delayMs;
        }

        @Override
        public int append(List<Event> events, List<String> eventIds) {
            if (delayMs > 0) {
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted before the write", e);
                }
            }
            return inner.append(events, eventIds);
        }
    }
}
