package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.retrieval.RetrievalConfig;
import io.attnrec.serve.store.EventStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health}, {@code /ready} and {@code /live} (issue 14 item 7): never waiting on the database. */
class HealthTest {

    @TempDir
    Path dir;

    @Test
    void readyAndLiveAnswerOnAHealthyServer() throws Exception {
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .database("sqlite:" + dir.resolve("events.db"))
                .build();
        try (AttnrecServer server = new AttnrecServer(
                        config, ModelRegistry.of(List.of(TestWorld.served("world")), RetrievalConfig.defaults()))
                .start()) {
            Http http = new Http(server.port());
            Http.Resp ready = http.get("/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.at("/status").asText()).isEqualTo("ready");
            assertThat(ready.at("/model").asText()).isEqualTo("world");
            assertThat(http.get("/live").status()).isEqualTo(200);
            assertThat(http.get("/health").at("/store").asText()).isEqualTo("ok");
        }
    }

    @Test
    void aHangingDatabaseMakesHealthAndReady503WithinASecond() throws Exception {
        HangingStore store = new HangingStore(EventStore.open("sqlite:" + dir.resolve("events.db")));
        ServerConfig config =
                ServerConfig.builder().port(0).database("sqlite:unused").build();
        try (AttnrecServer server = new AttnrecServer(
                        config,
                        ModelRegistry.of(List.of(TestWorld.served("world")), RetrievalConfig.defaults()),
                        false,
                        c -> store)
                .start()) {
            Http http = new Http(server.port());
            assertThat(http.get("/health").status()).isEqualTo(200);

            store.hang();
            Thread.sleep(StoreProbe.MAX_PROBE_MS + 2 * StoreProbe.INTERVAL_MS); // the probe is stuck now
            long t0 = System.nanoTime();
            Http.Resp health = http.get("/health");
            long healthMs = (System.nanoTime() - t0) / 1_000_000;
            Http.Resp ready = http.get("/ready");

            assertThat(health.status()).isEqualTo(503);
            assertThat(health.at("/store").asText()).isEqualTo("unavailable");
            assertThat(healthMs).as("/health answered in %d ms", healthMs).isLessThan(1000);
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.at("/reason").asText()).isEqualTo("the event store is unreachable");
            assertThat(http.get("/live").status()).isEqualTo(200);

            store.recover();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (http.get("/ready").status() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(http.get("/ready").status()).isEqualTo(200);
            assertThat(http.get("/health").status()).isEqualTo(200);
        } finally {
            store.recover();
        }
    }

    /** A store whose health check blocks until released, like a database that stopped answering. */
    static final class HangingStore extends ForwardingEventStore {
        private volatile CountDownLatch gate = new CountDownLatch(0);

        HangingStore(EventStore inner) {
            super(inner);
        }

        void hang() {
            gate = new CountDownLatch(1);
        }

        void recover() {
            gate.countDown();
        }

        @Override
        public boolean healthy() {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return inner.healthy();
        }

        @Override
        public void close() {
            recover();
            inner.close();
        }
    }
}
