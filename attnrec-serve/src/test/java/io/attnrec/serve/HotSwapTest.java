package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.model.ServedModel;
import io.attnrec.serve.retrieval.RetrievalConfig;
import io.attnrec.serve.testmodels.CoocModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Activating another model while requests are running drops none of them. */
class HotSwapTest {

    static final String KEY = "swap-key";

    @TempDir
    Path dir;

    @Test
    void swapsUnderConcurrentRequestsWithZeroFailures() throws Exception {
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .database("sqlite:" + dir.resolve("events.db"))
                .models(TestWorld.modelsFolder(dir))
                .apiKeys(Set.of(KEY))
                .build();
        try (AttnrecServer server = new AttnrecServer(config).start()) {
            Http http = new Http(server.port());
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            Map<String, Boolean> modelsSeen = new ConcurrentHashMap<>();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(clients.submit(() -> {
                    int i = 0;
                    while (running.get() || i < 20) {
                        Http.Resp r = (i++ % 2 == 0)
                                ? http.get("/v1/users/u" + (thread + i) % 11 + "/recommendations?k=3&explain=true")
                                : http.post("/v1/recommendations", "{\"history\": [\"i4\"], \"k\": 2}");
                        if (r.status() == 200) {
                            ok.incrementAndGet();
                            modelsSeen.put(r.at("/model").asText(), true);
                        } else {
                            failures.add(r.status() + " " + r.body());
                        }
                    }
                }));
            }
            for (int s = 0; s < 8; s++) {
                String name = s % 2 == 0 ? "m-b" : "m-a";
                Http.Resp r = http.send("POST", "/v1/models/" + name + "/activate", null, KEY);
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.at("/active").asText()).isEqualTo(name);
                Thread.sleep(30);
            }
            running.set(false);
            for (Future<?> f : done) {
                f.get();
            }
            clients.shutdown();

            assertThat(failures).isEmpty();
            assertThat(ok.get()).isGreaterThan(80);
            assertThat(modelsSeen).containsKeys("m-a", "m-b");
            assertThat(http.get("/v1/models").at("/active").asText()).isEqualTo("m-a");
            assertThat(server.models().swaps()).isEqualTo(9); // initial activation + 8
            assertThat(http.get("/metrics").body()).contains("attnrec_model_active{model=\"m-b\"} 0");
        }
    }

    @Test
    void aRetiredModelFromDiskIsClosedAfterItsLastRequest() throws Exception {
        try (ModelRegistry registry = ModelRegistry.open(TestWorld.modelsFolder(dir), RetrievalConfig.defaults())) {
            registry.activate("m-a");
            CoocModel a;
            try (ModelRegistry.Lease inFlight = registry.lease()) {
                a = (CoocModel) inFlight.model().served().model();
                registry.activate("m-b");
                assertThat(a.isClosed()).isFalse(); // still answering the request in flight
            }
            assertThat(a.isClosed()).isTrue();
        }
        // Models handed in by the caller stay the caller's: never closed by the registry.
        ServedModel mine = TestWorld.served("mine");
        try (ModelRegistry registry =
                ModelRegistry.of(List.of(mine, TestWorld.served("other")), RetrievalConfig.defaults())) {
            registry.activate("mine");
            registry.activate("other");
        }
        assertThat(((CoocModel) mine.model()).isClosed()).isFalse();
    }

    @Test
    void aBrokenArtifactIsRefusedAndTheOldModelKeepsServing() throws Exception {
        Path models = TestWorld.modelsFolder(dir);
        Path broken = Files.createDirectories(models.resolve("m-broken"));
        Files.writeString(broken.resolve("manifest.json"), "{\"model\": \"serve-test-cooc\", \"checksum\": \"00\"}");
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .database("sqlite:" + dir.resolve("events.db"))
                .models(models)
                .initialModel("m-a")
                .build();
        try (AttnrecServer server = new AttnrecServer(config).start()) {
            Http http = new Http(server.port());

            Http.Resp r = http.send("POST", "/v1/models/m-broken/activate", null, null);

            assertThat(r.status()).isEqualTo(409);
            assertThat(r.at("/error").asText()).isEqualTo("model_unavailable");
            assertThat(r.at("/message").asText()).contains("'m-a' is still served");
            assertThat(http.get("/v1/users/u0/recommendations").at("/model").asText())
                    .isEqualTo("m-a");
            assertThat(http.get("/v1/models").at("/models")).hasSize(3);
        }
    }
}
