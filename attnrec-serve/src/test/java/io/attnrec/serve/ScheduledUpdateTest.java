package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnrec.core.experiment.ModelUpdater;
import io.attnrec.core.experiment.UpdateOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 3 (server half): {@code --update-every} runs a {@link ModelUpdater} (here fakes)
 * and hot-swaps its model when accepted; a rejected or failed update leaves serving alone; every
 * outcome is in the log, the metrics and {@code GET /v1/models}.
 */
class ScheduledUpdateTest {

    @TempDir
    Path dir;

    private AttnrecServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A copy of the parent, accepted: a stand-in for incremental training. */
    static UpdateOutcome copy(Path parent, Path out) throws IOException {
        try (Stream<Path> s = Files.walk(parent)) {
            for (Path p : s.toList()) {
                Path to = out.resolve(parent.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return UpdateOutcome.accepted(out, "copied", "ndcg@10", 0.5, 0.5);
    }

    private Http start(Duration every, ModelUpdater updater) throws Exception {
        server = new AttnrecServer(ServerConfig.builder()
                        .port(0)
                        .database("sqlite:" + dir.resolve("events.db"))
                        .models(TestWorld.modelsFolder(dir))
                        .initialModel("m-a")
                        .updateEvery(every)
                        .build())
                .updater(updater)
                .start();
        return new Http(server.port());
    }

    @Test
    void anAcceptedUpdateIsServedAndListedWithItsParent() throws Exception {
        AtomicReference<ModelUpdater> behaviour = new AtomicReference<>(ScheduledUpdateTest::copy);
        Http http = start(Duration.ofHours(1), (p, o) -> behaviour.get().update(p, o));
        Http.Resp before = http.get("/v1/users/u10/recommendations?k=3");

        assertThat(server.updateNow()).contains("accepted");
        JsonNode models = http.get("/v1/models").json();
        String child = models.get("active").asText();
        assertThat(child).startsWith("m-a-u");
        JsonNode entry = find(models, child);
        assertThat(entry.get("parent").asText()).isEqualTo("m-a");
        assertThat(models.at("/updates/last_outcome").asText()).isEqualTo("accepted");
        assertThat(models.at("/updates/last_parent").asText()).isEqualTo("m-a");
        assertThat(models.at("/updates/last_metrics/ndcg@10").asDouble()).isEqualTo(0.5);
        assertThat(models.at("/updates/every_seconds").asLong()).isEqualTo(3600);
        assertThat(Files.isRegularFile(dir.resolve("models").resolve(child).resolve("manifest.json")))
                .isTrue();
        // the copy scores as its parent did
        Http.Resp after = http.get("/v1/users/u10/recommendations?k=3");
        assertThat(after.at("/model").asText()).isEqualTo(child);
        assertThat(after.at("/items").toString()).isEqualTo(before.at("/items").toString());

        // the next generation grows from the child, under a name that does not grow
        assertThat(server.updateNow()).contains("accepted");
        JsonNode again = http.get("/v1/models").json();
        String grandchild = again.get("active").asText();
        assertThat(grandchild).isNotEqualTo(child).startsWith("m-a-u").doesNotContain("-u2026-u");
        assertThat(find(again, grandchild).get("parent").asText()).isEqualTo(child);

        String metrics = http.get("/metrics").body();
        assertThat(metrics).contains("attnrec_updates_total{outcome=\"accepted\"} 2.0");
        assertThat(metrics).containsPattern("attnrec_update_last_accepted_timestamp_seconds [1-9]");
        assertThat(metrics).containsPattern("attnrec_update_last_run_timestamp_seconds [1-9]");
    }

    @Test
    void rejectedAndFailedUpdatesLeaveTheServedModelAlone() throws Exception {
        AtomicReference<ModelUpdater> behaviour = new AtomicReference<>();
        Http http = start(Duration.ofHours(1), (p, o) -> behaviour.get().update(p, o));
        Http.Resp before = http.get("/v1/users/u10/recommendations?k=3");

        behaviour.set((p, o) -> UpdateOutcome.rejected("NDCG@10 0.40 < parent 0.50 - 0.01", "ndcg@10", 0.4, 0.5));
        assertThat(server.updateNow()).contains("rejected");
        behaviour.set((p, o) -> {
            throw new IOException("event store unreachable");
        });
        assertThat(server.updateNow()).contains("failed");
        // accepted, but the artifact is garbage: the swap fails and the parent stays served
        behaviour.set((p, o) -> {
            Files.createDirectories(o);
            Files.writeString(o.resolve("manifest.json"), "{not json");
            return UpdateOutcome.accepted(o, "looked fine", null, Double.NaN, Double.NaN);
        });
        assertThat(server.updateNow()).contains("failed");
        behaviour.set((p, o) -> {
            throw new IllegalStateException("bug in the updater");
        });
        assertThat(server.updateNow()).contains("failed");

        JsonNode models = http.get("/v1/models").json();
        assertThat(models.get("active").asText()).isEqualTo("m-a");
        assertThat(models.at("/updates/last_outcome").asText()).isEqualTo("failed");
        assertThat(models.at("/updates/last_reason").asText()).contains("bug in the updater");
        Http.Resp after = http.get("/v1/users/u10/recommendations?k=3");
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.body()).isEqualTo(before.body());
        String metrics = http.get("/metrics").body();
        assertThat(metrics).contains("attnrec_updates_total{outcome=\"rejected\"} 1.0");
        assertThat(metrics).contains("attnrec_updates_total{outcome=\"failed\"} 3.0");
        assertThat(metrics).doesNotContain("attnrec_updates_total{outcome=\"accepted\"}");
    }

    @Test
    void theScheduleRunsByItself() throws Exception {
        Http http = start(Duration.ofSeconds(1), ScheduledUpdateTest::copy);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (http.get("/v1/models").json().get("active").asText().equals("m-a")) {
            assertThat(System.nanoTime()).as("no scheduled update within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(http.get("/v1/users/u10/recommendations?k=3").status()).isEqualTo(200);
    }

    @Test
    void anUpdateIntervalWithoutUpdaterIsRefusedAtStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AttnrecServer(ServerConfig.builder()
                                .port(0)
                                .database("sqlite:" + dir.resolve("e.db"))
                                .models(TestWorld.modelsFolder(dir))
                                .updateEvery(Duration.ofMinutes(5))
                                .build())
                        .start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--update-every");
    }

    private static JsonNode find(JsonNode models, String name) {
        for (JsonNode m : models.get("models")) {
            if (m.get("name").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no model " + name + " in " + models);
    }
}
