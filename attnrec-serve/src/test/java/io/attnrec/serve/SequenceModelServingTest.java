package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.model.EmbeddingModel;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.model.ServedModel;
import io.attnrec.serve.retrieval.RetrievalConfig;
import io.attnrec.serve.testmodels.TinySequences;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real DJL sequence model (SASRec) served through its embedding view: HNSW retrieval returns
 * the exact scores, similar items and interests come from the item table.
 */
class SequenceModelServingTest {

    static Recommender sasrec;
    static IdMap items;
    static IdMap users;
    static int[][] histories;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        TrainingData data = TinySequences.data();
        histories = data.sequences();
        items = data.items();
        users = TinySequences.users();
        sasrec = TinySequences.sasrec(data, 3L);
    }

    @AfterAll
    static void close() throws Exception {
        ((AutoCloseable) sasrec).close();
    }

    AttnrecServer start(int annThreshold, String db) throws Exception {
        ServedModel served =
                new ServedModel("sasrec-small", sasrec, users, items, histories, ItemCatalog.empty(), null);
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .database("sqlite:" + dir.resolve(db))
                .build();
        return new AttnrecServer(
                        config,
                        ModelRegistry.of(
                                List.of(served), RetrievalConfig.defaults().withAnnThreshold(annThreshold)))
                .start();
    }

    @Test
    void sasRecIsAnEmbeddingModel() {
        assertThat(sasrec).isInstanceOf(EmbeddingModel.class);
        assertThat(((EmbeddingModel) sasrec).dimension()).isEqualTo(16);
    }

    @Test
    void annRetrievalGivesTheExactScores() throws Exception {
        try (AttnrecServer ann = start(1, "ann.db");
                AttnrecServer exact = start(Integer.MAX_VALUE, "exact.db")) {
            String body = "{\"history\": [\"item50\", \"item51\", \"item52\"], \"k\": 10}";
            Http.Resp ra = new Http(ann.port()).post("/v1/recommendations", body);
            Http.Resp re = new Http(exact.port()).post("/v1/recommendations", body);
            assertThat(ra.status()).isEqualTo(200);
            assertThat(ra.at("/source").asText()).isEqualTo("ann");
            assertThat(re.at("/source").asText()).isEqualTo("exact");
            // 200 items, HNSW with thousands of candidates: the same list, scores re-computed
            // from the vectors equal the model's own scores.
            JsonNode a = ra.at("/items");
            JsonNode e = re.at("/items");
            assertThat(a).hasSize(10);
            for (int i = 0; i < 10; i++) {
                assertThat(a.get(i).get("item").asText())
                        .isEqualTo(e.get(i).get("item").asText());
                assertThat(a.get(i).get("score").asDouble())
                        .isCloseTo(e.get(i).get("score").asDouble(), within(1e-4));
            }
            // SASRec's recommendations are explained per item by deletion attribution (issue 19):
            // its attention row is the same for every item.
            Http.Resp explained = new Http(ann.port()).get("/v1/users/user3/recommendations?k=2&explain=true");
            assertThat(explained.at("/explanation_method").asText()).isEqualTo("deletion");
            assertThat(explained.at("/items/0/explanation/history")).isNotEmpty();
        }
    }

    @Test
    void similarItemsAndInterestsUseTheItemTable() throws Exception {
        try (AttnrecServer server = start(Integer.MAX_VALUE, "s.db")) {
            Http http = new Http(server.port());
            Http.Resp similar = http.get("/v1/items/item20/similar?k=5");
            assertThat(similar.at("/method").asText()).isEqualTo("embedding");
            assertThat(similar.at("/items")).hasSize(5);

            Http.Resp interests = http.get("/v1/users/user0/interests?k=5");
            assertThat(interests.status()).isEqualTo(200);
            // one user vector: one interest holding the whole (distinct) history
            assertThat(interests.at("/interests")).hasSize(1);
            assertThat(interests.at("/interests/0/weight").asDouble()).isEqualTo(1.0);
            assertThat(interests.at("/interests/0/history")).hasSize(histories[0].length);
        }
    }
}
