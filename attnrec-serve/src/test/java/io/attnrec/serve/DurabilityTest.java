package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.retrieval.RetrievalConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events acknowledged with 2xx are still there after the server is stopped and started again. */
class DurabilityTest {

    @TempDir
    Path dir;

    private static List<String> items(Http.Resp r) {
        List<String> out = new ArrayList<>();
        r.json().get("items").forEach(n -> out.add(n.get("item").asText()));
        return out;
    }

    @Test
    void eventsAndItemMetadataSurviveARestart() throws Exception {
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .database("sqlite:" + dir.resolve("events.db"))
                .build();
        try (AttnrecServer first = new AttnrecServer(
                        config, ModelRegistry.of(List.of(TestWorld.served("world")), RetrievalConfig.defaults()))
                .start()) {
            Http http = new Http(first.port());
            assertThat(http.send(
                                    "POST",
                                    "/v1/events",
                                    "[{\"user\": \"u10\", \"item\": \"i4\", \"timestamp\": 5000},"
                                            + " {\"user\": \"later\", \"item\": \"i1\", \"timestamp\": 7}]",
                                    null)
                            .status())
                    .isEqualTo(201);
            assertThat(http.send("PUT", "/v1/items/i5", "{\"title\": \"Five Renamed\"}", null)
                            .status())
                    .isEqualTo(200);
        }

        try (AttnrecServer second = new AttnrecServer(
                        config, ModelRegistry.of(List.of(TestWorld.served("world")), RetrievalConfig.defaults()))
                .start()) {
            Http http = new Http(second.port());
            Http.Resp u10 = http.get("/v1/users/u10/recommendations?k=2");
            // Same answer as right after the event in ServerApiTest: the event was read back.
            assertThat(items(u10)).containsExactly("i5", "i6");
            assertThat(u10.at("/items/0/title").asText()).isEqualTo("Five Renamed");
            Http.Resp later = http.get("/v1/users/later/recommendations?k=1");
            assertThat(later.status()).isEqualTo(200);
            assertThat(items(later)).containsExactly("i2");
        }
    }
}
