package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API over real HTTP, on the hand-computable {@link TestWorld}. */
class ServerApiTest {

    static final String KEY = "test-key-1";

    @TempDir
    static Path dir;

    static AttnrecServer server;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .database("sqlite:" + dir.resolve("events.db"))
                .models(TestWorld.modelsFolder(dir))
                .apiKeys(Set.of(KEY))
                .build();
        server = new AttnrecServer(config).start();
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<String> items(Http.Resp r) {
        List<String> out = new ArrayList<>();
        r.json().get("items").forEach(n -> out.add(n.get("item").asText()));
        return out;
    }

    @Test
    void aNewEventChangesTheNextRecommendations() {
        Http.Resp before = http.get("/v1/users/u10/recommendations?k=3");
        assertThat(before.status()).isEqualTo(200);
        // History (i1, i2): i3 scores 0.5*5 + 1*5 + 0.001*5 = 7.505; y items only popularity.
        assertThat(items(before)).containsExactly("i3", "i4", "i5");
        assertThat(before.at("/items/0/score").asDouble()).isCloseTo(7.505, within(1e-4));
        assertThat(before.at("/items/0/title").asText()).isEqualTo("Item 3");
        assertThat(before.at("/model").asText()).isEqualTo("m-a");

        Http.Resp stored =
                http.send("POST", "/v1/events", "{\"user\": \"u10\", \"item\": \"i4\", \"timestamp\": 2000}", KEY);
        assertThat(stored.status()).isEqualTo(201);
        assertThat(stored.at("/stored").asInt()).isEqualTo(1);
        assertThat(stored.at("/unknown_items")).isEmpty();

        Http.Resp after = http.get("/v1/users/u10/recommendations?k=3");
        // History (i1, i2, i4): i5 = 1*5 + 0.005 beats i3 = 0.25*5 + 0.5*5 + 0.005; i4 is now seen.
        assertThat(items(after)).containsExactly("i5", "i6", "i3");
        assertThat(after.at("/history_length").asInt()).isEqualTo(3);
    }

    @Test
    void explanationsListHistoryItemsWithTheirWeights() {
        Http.Resp r = http.post("/v1/recommendations", "{\"history\": [\"i1\", \"i2\"], \"k\": 1, \"explain\": true}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(items(r)).containsExactly("i3");
        // Issue 19: the weights are each history item's deletion attribution, the drop of i3's own
        // score when it is removed (the model's own shares were 2/3 and 1/3 before).
        assertThat(r.at("/explanation_method").asText()).isEqualTo("deletion");
        JsonNode h = r.at("/items/0/explanation/history");
        // i3's score 7.5 = 5 (from i2, weight 1) + 2.5 (from i1, weight 0.5). Without i2 the
        // history is [i1], now the newest at weight 1: 5, a drop of 2.5. Without i1: 5, a drop of
        // 2.5 too. The tie lists the newest first.
        assertThat(h).hasSize(2);
        assertThat(h.get(0).get("item").asText()).isEqualTo("i2");
        assertThat(h.get(0).get("title").asText()).isEqualTo("Item 2");
        assertThat(h.get(0).get("position").asInt()).isEqualTo(1);
        assertThat(h.get(0).get("weight").asDouble()).isCloseTo(2.5, within(1e-5));
        assertThat(h.get(1).get("item").asText()).isEqualTo("i1");
        assertThat(h.get(1).get("weight").asDouble()).isCloseTo(2.5, within(1e-5));
    }

    @Test
    void newUserRecommendationsReportUnknownItems() {
        Http.Resp r = http.post("/v1/recommendations", "{\"history\": [\"i4\", \"nope\", 17], \"k\": 2}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(items(r)).containsExactly("i5", "i6");
        assertThat(r.at("/source").asText()).isEqualTo("exact");
        assertThat(r.at("/unknown_items").toString()).isEqualTo("[\"nope\",\"17\"]");
        assertThat(r.json().has("user")).isFalse();
        assertThat(r.json().has("explanation_method")).isFalse();
    }

    @Test
    void anEmptyHistoryGetsPopularItems() {
        Http.Resp r = http.post("/v1/recommendations", "{\"history\": [\"nope\"], \"k\": 3}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.at("/source").asText()).isEqualTo("popular");
        // Popularity: i1 = i2 = 6 users, the rest 5; ties by item id.
        assertThat(items(r)).containsExactly("i1", "i2", "i3");
    }

    @Test
    void storedEventsMakeANewUserKnown() {
        Http.Resp unknown = http.get("/v1/users/fresh/recommendations");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.at("/error").asText()).isEqualTo("unknown_user");

        Http.Resp stored = http.send(
                "POST",
                "/v1/events",
                "[{\"user\": \"fresh\", \"item\": \"i4\", \"timestamp\": 1, \"type\": \"click\"},"
                        + " {\"user\": \"fresh\", \"item\": \"brand-new\", \"timestamp\": 2, \"rating\": 4.5}]",
                KEY);
        assertThat(stored.status()).isEqualTo(201);
        assertThat(stored.at("/stored").asInt()).isEqualTo(2);
        assertThat(stored.at("/unknown_items").toString()).isEqualTo("[\"brand-new\"]");

        Http.Resp known = http.get("/v1/users/fresh/recommendations?k=2");
        assertThat(known.status()).isEqualTo(200);
        assertThat(known.at("/history_length").asInt()).isEqualTo(1); // the unknown item is not scored
        assertThat(items(known)).containsExactly("i5", "i6");
    }

    @Test
    void diversityPullsInAnotherCategory() {
        Http.Resp plain = http.post("/v1/recommendations", "{\"history\": [\"i1\"], \"k\": 2}");
        Http.Resp diverse = http.post("/v1/recommendations", "{\"history\": [\"i1\"], \"k\": 2, \"diversity\": 0.9}");

        assertThat(items(plain)).containsExactly("i2", "i3");
        // After i2, i3 (same category, similarity 1) scores 0.1*0.83 - 0.9 < 0 = any y item.
        assertThat(items(diverse)).containsExactly("i2", "i4");
    }

    @Test
    void similarItemsFromTheModel() {
        Http.Resp r = http.get("/v1/items/i1/similar?k=2");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.at("/method").asText()).isEqualTo("model");
        assertThat(items(r)).containsExactly("i2", "i3"); // cooc 6 and 5
    }

    @Test
    void itemMetadataIsStoredAndUsed() {
        Http.Resp put = http.send(
                "PUT",
                "/v1/items/new-film",
                "{\"title\": \"New Film\", \"categories\": [\"y\"], \"attributes\": {\"year\": 2024}}",
                KEY);
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.at("/known_to_model").asBoolean()).isFalse();

        Http.Resp similar = http.get("/v1/items/new-film/similar?k=3");
        assertThat(similar.status()).isEqualTo(200);
        assertThat(similar.at("/method").asText()).isEqualTo("category");
        assertThat(items(similar)).containsExactly("i4", "i5", "i6");

        Http.Resp rename =
                http.send("PUT", "/v1/items/i6", "{\"title\": \"Renamed Six\", \"categories\": [\"y\"]}", KEY);
        assertThat(rename.at("/known_to_model").asBoolean()).isTrue();
        Http.Resp recs = http.post("/v1/recommendations", "{\"history\": [\"i5\"], \"k\": 2}");
        assertThat(items(recs)).containsExactly("i4", "i6");
        assertThat(recs.at("/items/1/title").asText()).isEqualTo("Renamed Six");
    }

    @Test
    void singleVectorModelHasOneInterest() {
        Http.Resp r = http.get("/v1/users/u0/interests?k=2");

        assertThat(r.status()).isEqualTo(200);
        JsonNode interests = r.at("/interests");
        assertThat(interests).hasSize(1);
        assertThat(interests.get(0).get("weight").asDouble()).isEqualTo(1.0);
        // u0 saw all of x: the recommendations are the most popular y items.
        assertThat(interests.get(0).get("items").get(0).get("item").asText()).isEqualTo("i4");
        JsonNode members = interests.get(0).get("history");
        assertThat(members).hasSize(3);
        assertThat(members.get(0).get("item").asText()).isEqualTo("i3"); // most recent first
        assertThat(members.get(0).get("weight").asDouble()).isCloseTo(1.0 / 3, within(1e-9));
    }

    @Test
    void modelsAreListedWithTheirManifests() {
        Http.Resp r = http.get("/v1/models");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.at("/active").asText()).isEqualTo("m-a");
        assertThat(r.at("/models")).hasSize(2);
        assertThat(r.at("/models/0/name").asText()).isEqualTo("m-a");
        assertThat(r.at("/models/0/type").asText()).isEqualTo("serve-test-cooc");
        assertThat(r.at("/models/0/active").asBoolean()).isTrue();
        assertThat(r.at("/models/0/data").asText()).isEqualTo("test-world");
        assertThat(r.at("/models/0/metrics/ndcg@10").asDouble()).isEqualTo(0.5);
        assertThat(r.at("/models/1/active").asBoolean()).isFalse();
    }

    @Test
    void metricsHaveCountersHistogramsAndTheActiveModel() {
        http.get("/v1/users/u1/recommendations");
        http.get("/v1/no/such/route");

        Http.Resp m = http.get("/metrics");

        assertThat(m.status()).isEqualTo(200);
        assertThat(m.contentType()).startsWith("text/plain");
        assertThat(m.body())
                .contains(
                        "attnrec_http_requests_seconds_count{method=\"GET\",route=\"/v1/users/{id}/recommendations\",status=\"200\"}")
                .contains("attnrec_http_requests_seconds_bucket{")
                .contains("route=\"unmatched\",status=\"404\"")
                .contains("attnrec_model_active{model=\"m-a\"} 1")
                .contains("attnrec_events_stored_total")
                .contains("attnrec_model_swaps_total");
    }

    @Test
    void healthReportsModelAndStore() {
        Http.Resp r = http.get("/health");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"ok\",\"model\":\"m-a\",\"store\":\"ok\"}");
    }

    @Test
    void aRetriedBatchWithEventIdsIsStoredOnce() {
        String batch = "[{\"user\": \"idem\", \"item\": \"i1\", \"event_id\": \"a-1\"},"
                + " {\"user\": \"idem\", \"item\": \"i2\", \"event_id\": \"a-2\"}]";

        Http.Resp first = http.send("POST", "/v1/events", batch, KEY);
        Http.Resp retry = http.send("POST", "/v1/events", batch, KEY);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.at("/stored").asInt()).isEqualTo(2);
        assertThat(first.at("/duplicates").asInt()).isEqualTo(0);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.at("/stored").asInt()).isEqualTo(0);
        assertThat(retry.at("/duplicates").asInt()).isEqualTo(2);
        assertThat(http.get("/v1/users/idem/recommendations")
                        .at("/history_length")
                        .asInt())
                .isEqualTo(2);
    }
}
