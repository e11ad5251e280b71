package io.attnrec.serve;

import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.retrieval.RetrievalConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The server process of {@link CrashRecoveryTest}: serves {@link TestWorld} on loopback with the
 * event store {@code args[0]} and, once listening, writes its port to the file {@code args[1]}
 * (atomically, so the test never reads half a number). Runs until it is killed.
 */
final class CrashTestServer {

    private CrashTestServer() {}

    public static void main(String[] args) throws Exception {
        ServerConfig config = ServerConfig.builder().port(0).database(args[0]).build();
        AttnrecServer server = new AttnrecServer(
                        config, ModelRegistry.of(List.of(TestWorld.served("world")), RetrievalConfig.defaults()))
                .start();
        Path portFile = Path.of(args[1]);
        Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(server.port()));
        Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE);
        server.join();
    }
}
