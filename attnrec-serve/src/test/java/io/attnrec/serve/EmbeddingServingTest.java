package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.model.ServedModel;
import io.attnrec.serve.retrieval.RetrievalConfig;
import io.attnrec.serve.testmodels.ClusterDotModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-interest embedding model: interests over HTTP, and HNSW retrieval agreeing with exact
 * scoring.
 */
class EmbeddingServingTest {

    static final int N = 3000;
    static final int CLUSTERS = 3;

    @TempDir
    Path dir;

    static float[][] vectors;
    static int[] cluster;

    @BeforeAll
    static void world() {
        // Three well separated topics: item i belongs to topic i % 3.
        SplittableRandom r = new SplittableRandom(5);
        vectors = new float[N + 1][];
        cluster = new int[N + 1];
        vectors[0] = new float[16];
        float[][] centers = new float[CLUSTERS][16];
        for (int c = 0; c < CLUSTERS; c++) {
            centers[c][c * 5] = 3; // orthogonal topic directions
        }
        for (int i = 1; i <= N; i++) {
            cluster[i] = i % CLUSTERS;
            float[] v = new float[16];
            for (int j = 0; j < 16; j++) {
                v[j] = centers[cluster[i]][j] + (float) (r.nextDouble() - 0.5);
            }
            vectors[i] = v;
        }
    }

    static ServedModel model() {
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= N; i++) {
            items.add("item" + i);
        }
        // alice: three items of topic 0 then one of topic 1; bob: topic 2 only.
        int[][] histories = {{3, 6, 9, 1}, {2, 5, 8}};
        return new ServedModel(
                "dot",
                new ClusterDotModel(vectors, cluster),
                IdMap.of(false, List.of("alice", "bob")),
                IdMap.of(true, items),
                histories,
                ItemCatalog.empty(),
                null);
    }

    AttnrecServer start(int annThreshold, String db) throws Exception {
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .database("sqlite:" + dir.resolve(db))
                .build();
        return new AttnrecServer(
                        config,
                        ModelRegistry.of(
                                List.of(model()), RetrievalConfig.defaults().withAnnThreshold(annThreshold)))
                .start();
    }

    static List<String> items(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("item").asText()));
        return out;
    }

    static int topic(String item) {
        return Integer.parseInt(item.substring(4)) % CLUSTERS;
    }

    @Test
    void interestsFollowTheTopicsOfTheHistory() throws Exception {
        try (AttnrecServer server = start(Integer.MAX_VALUE, "a.db")) {
            Http.Resp r = new Http(server.port()).get("/v1/users/alice/interests?k=5");

            assertThat(r.status()).isEqualTo(200);
            JsonNode interests = r.at("/interests");
            assertThat(interests).hasSize(2);
            // Topic 0 holds 3 of the 4 history items, topic 1 the last one.
            assertThat(interests.get(0).get("weight").asDouble()).isEqualTo(0.75);
            assertThat(interests.get(1).get("weight").asDouble()).isEqualTo(0.25);
            assertThat(items(interests.get(0).get("items"))).allMatch(i -> topic(i) == 0);
            assertThat(items(interests.get(1).get("items"))).allMatch(i -> topic(i) == 1);
            assertThat(items(interests.get(0).get("history"))).containsExactlyInAnyOrder("item3", "item6", "item9");
            assertThat(items(interests.get(1).get("history"))).containsExactly("item1");
            // Seen items are excluded from an interest's items.
            assertThat(items(interests.get(0).get("items"))).doesNotContain("item3", "item6", "item9");

            // A new event in a third topic adds a third interest at once, without retraining.
            Http http = new Http(server.port());
            assertThat(http.send("POST", "/v1/events", "{\"user\": \"alice\", \"item\": \"item2\"}", null)
                            .status())
                    .isEqualTo(201);
            JsonNode after = http.get("/v1/users/alice/interests?k=5").at("/interests");
            assertThat(after).hasSize(3);
            assertThat(after.get(2).get("weight").asDouble()).isEqualTo(0.2);
            assertThat(items(after.get(2).get("items"))).allMatch(i -> topic(i) == 2);
        }
    }

    @Test
    void annRetrievalAgreesWithExactScoring() throws Exception {
        try (AttnrecServer ann = start(1000, "ann.db");
                AttnrecServer exact = start(Integer.MAX_VALUE, "exact.db")) {
            Http a = new Http(ann.port());
            Http e = new Http(exact.port());
            String[] histories = {
                "[\"item1\", \"item2\"]",
                "[\"item7\", \"item10\", \"item13\"]",
                "[\"item30\"]",
                "[\"item5\", \"item6\"]"
            };
            double overlap = 0;
            for (String h : histories) {
                String body = "{\"history\": " + h + ", \"k\": 10, \"explain\": true}";
                Http.Resp ra = a.post("/v1/recommendations", body);
                Http.Resp re = e.post("/v1/recommendations", body);
                assertThat(ra.at("/source").asText()).isEqualTo("ann");
                assertThat(re.at("/source").asText()).isEqualTo("exact");
                Set<String> common = new HashSet<>(items(ra.at("/items")));
                common.retainAll(items(re.at("/items")));
                overlap += common.size() / 10.0;
                // Any model is explained by deletion attribution (issue 19), with the interest.
                assertThat(ra.at("/explanation_method").asText()).isEqualTo("deletion");
            }
            assertThat(overlap / histories.length).isGreaterThanOrEqualTo(0.9);

            Http.Resp alice = a.get("/v1/users/alice/recommendations?k=3&explain=true");
            assertThat(alice.at("/items/0/explanation/interest").isInt()).isTrue();
        }
    }

    @Test
    void similarItemsByEmbeddingStayInTheTopic() throws Exception {
        try (AttnrecServer server = start(Integer.MAX_VALUE, "s.db")) {
            Http.Resp r = new Http(server.port()).get("/v1/items/item4/similar?k=5");

            assertThat(r.at("/method").asText()).isEqualTo("embedding");
            assertThat(items(r.at("/items"))).hasSize(5).doesNotContain("item4").allMatch(i -> topic(i) == 1);
        }
    }
}
