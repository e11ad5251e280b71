package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.core.model.EmbeddingModel;
import io.attnrec.core.model.Recommender;
import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.model.ServedModel;
import io.attnrec.serve.retrieval.RetrievalConfig;
import io.attnrec.serve.testmodels.CoocModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed activation (issue 14 item 10): 409 JSON, the old model served, the new one freed. */
class FailedActivationTest {

    @TempDir
    Path dir;

    @Test
    void aModelRejectedAfterLoadingIsClosedAndAnswered409() throws Exception {
        Path models = TestWorld.modelsFolder(dir);
        // A valid artifact in a folder whose name cannot be served: it loads, then is rejected.
        TestWorld.writeArtifact(
                models.resolve("bad name"), CoocModel.train(TestWorld.NUM_ITEMS, TestWorld.histories()));
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .database("sqlite:" + dir.resolve("events.db"))
                .models(models)
                .initialModel("m-a")
                .build();
        try (AttnrecServer server = new AttnrecServer(config).start()) {
            Http http = new Http(server.port());
            int loadedBefore = CoocModel.LOADED.size();

            Http.Resp r = http.send("POST", "/v1/models/bad%20name/activate", null, null);

            assertThat(r.status()).isEqualTo(409);
            assertThat(r.contentType()).startsWith("application/json");
            assertThat(r.at("/error").asText()).isEqualTo("model_unavailable");
            assertThat(r.at("/message").asText())
                    .contains("must be 1-128 letters")
                    .contains("'m-a' is still served");
            List<CoocModel> loaded = CoocModel.LOADED.subList(loadedBefore, CoocModel.LOADED.size());
            assertThat(loaded).as("the artifact was read").hasSize(1);
            assertThat(loaded.get(0).isClosed())
                    .as("the abandoned model was closed")
                    .isTrue();
            assertThat(http.get("/v1/models").at("/active").asText()).isEqualTo("m-a");
            assertThat(http.get("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void aManifestWithAMissingFieldOrANewerFormatIsA409NamingIt() throws Exception {
        Path models = TestWorld.modelsFolder(dir);
        TestWorld.writeArtifact(models.resolve("m-x"), CoocModel.train(TestWorld.NUM_ITEMS, TestWorld.histories()));
        TestWorld.writeArtifact(models.resolve("m-y"), CoocModel.train(TestWorld.NUM_ITEMS, TestWorld.histories()));
        Path manifestB = models.resolve("m-x").resolve("manifest.json");
        java.nio.file.Files.writeString(
                manifestB, java.nio.file.Files.readString(manifestB).replaceAll("\"seed\" : \\d+,", ""));
        Path manifestC = models.resolve("m-y").resolve("manifest.json");
        java.nio.file.Files.writeString(
                manifestC, java.nio.file.Files.readString(manifestC).replaceAll("\"format\" : \\d+", "\"format\" : 9"));
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .database("sqlite:" + dir.resolve("events.db"))
                .models(models)
                .initialModel("m-a")
                .build();
        try (AttnrecServer server = new AttnrecServer(config).start()) {
            Http http = new Http(server.port());

            Http.Resp missing = http.send("POST", "/v1/models/m-x/activate", null, null);
            assertThat(missing.status()).isEqualTo(409);
            assertThat(missing.at("/message").asText()).contains("field 'seed' is missing");

            Http.Resp newer = http.send("POST", "/v1/models/m-y/activate", null, null);
            assertThat(newer.status()).isEqualTo(409);
            assertThat(newer.at("/message").asText()).contains("manifest format 9");

            assertThat(http.get("/v1/models").at("/active").asText()).isEqualTo("m-a");
        }
    }

    @Test
    void anyFailureWhilePreparingIsA409NotA500() throws Exception {
        // An embedding model whose vectors cannot be read: building its HNSW index fails with an
        // unchecked exception of a kind the activation did not expect before.
        Recommender broken = new BrokenVectors();
        ServedModel bad = new ServedModel(
                "broken",
                broken,
                TestWorld.users(),
                TestWorld.items(),
                TestWorld.histories(),
                TestWorld.catalog(),
                null);
        RetrievalConfig ann = RetrievalConfig.defaults().withAnnThreshold(1);
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .database("sqlite:" + dir.resolve("events.db"))
                .initialModel("world")
                .build();
        try (AttnrecServer server =
                new AttnrecServer(config, ModelRegistry.of(List.of(TestWorld.served("world"), bad), ann)).start()) {
            Http http = new Http(server.port());

            Http.Resp r = http.send("POST", "/v1/models/broken/activate", null, null);

            assertThat(r.status()).isEqualTo(409);
            assertThat(r.at("/error").asText()).isEqualTo("model_unavailable");
            assertThat(r.at("/message").asText()).contains("vector store is corrupt");
            assertThat(http.get("/v1/models").at("/active").asText()).isEqualTo("world");
        }
    }

    /** An embedding model whose item vectors cannot be read. */
    static final class BrokenVectors implements Recommender, EmbeddingModel {
        @Override
        public String name() {
            return "serve-test-broken";
        }

        @Override
        public int numItems() {
            return TestWorld.NUM_ITEMS;
        }

        @Override
        public void score(int user, int[] history, float[] scores) {
            java.util.Arrays.fill(scores, 0f);
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public float[] itemVector(int item) {
            throw new IllegalStateException("vector store is corrupt");
        }

        @Override
        public float[][] userVectors(int user, int[] history) {
            return new float[][] {{1, 0}};
        }
    }
}
