package io.attnrec.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactTest {

    private static TrainingData data() {
        IdMap items = IdMap.of(true, List.of("a", "b", "c"));
        ItemCatalog catalog =
                new ItemCatalog(Map.of("b", new ItemMeta("b", "Bee Movie", List.of("comedy"), Map.of("year", "2007"))));
        int[][] seqs = {{1, 2}, {3}};
        long[][] ts = {{1, 2}, {3}};
        return new TrainingData(2, 3, seqs, ts, null, items, catalog, List.of());
    }

    @Test
    void saveThenLoadScoresIdenticallyAndKeepsIdsHistoryAndCatalog(@TempDir Path tmp) throws Exception {
        TrainingData data = data();
        ModelProvider provider = Models.require("test-fixed");
        Recommender model = provider.train(data, ModelOptions.parsePairs("weight=0.25"), 7L);
        ArtifactInfo info = new ArtifactInfo(
                "test-fixed",
                Map.of("weight", "0.25"),
                7L,
                "tiny",
                ModelArtifact.fingerprint(data),
                Map.of("ndcg@10", 0.5),
                1.5);
        Path dir = tmp.resolve("model");
        ModelArtifact.save(dir, model, info, data, IdMap.of(false, List.of("u1", "u2")));

        LoadedModel loaded = ModelArtifact.load(dir);
        float[] before = new float[4];
        float[] after = new float[4];
        model.score(0, new int[] {2, 2}, before);
        loaded.model().score(0, new int[] {2, 2}, after);
        assertThat(after).containsExactly(before);
        assertThat(after[2]).isEqualTo(2.5f);
        assertThat(loaded.info()).isEqualTo(info);
        assertThat(loaded.users().get("u2").getAsInt()).isEqualTo(1);
        assertThat(loaded.items().get("c").getAsInt()).isEqualTo(3);
        assertThat(loaded.histories()).isDeepEqualTo(new int[][] {{1, 2}, {3}});
        assertThat(loaded.catalog().get("b").orElseThrow().title()).isEqualTo("Bee Movie");
        assertThat(loaded.version()).isEqualTo(ModelArtifact.VERSION);
    }

    @Test
    void damagedWeightsAreRejected(@TempDir Path tmp) throws Exception {
        TrainingData data = data();
        Recommender model = Models.require("test-fixed").train(data, ModelOptions.empty(), 1L);
        Path dir = tmp.resolve("m");
        ModelArtifact.save(
                dir,
                model,
                new ArtifactInfo("test-fixed", Map.of(), 1L, "tiny", "x", Map.of(), 0),
                data,
                IdMap.of(false, List.of("u1", "u2")));
        Files.writeString(dir.resolve("model/weights.txt"), "3 9.0");
        assertThatThrownBy(() -> ModelArtifact.load(dir)).hasMessageContaining("checksum mismatch");
    }

    @Test
    void refusesNonEmptyOutputAndLeavesNoTemporaryDirectory(@TempDir Path tmp) throws Exception {
        TrainingData data = data();
        Recommender model = Models.require("test-fixed").train(data, ModelOptions.empty(), 1L);
        Path dir = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(dir.resolve("keep.txt"), "user file");
        ArtifactInfo info = new ArtifactInfo("test-fixed", Map.of(), 1L, "tiny", "x", Map.of(), 0);
        IdMap users = IdMap.of(false, List.of("u1", "u2"));
        assertThatThrownBy(() -> ModelArtifact.save(dir, model, info, data, users))
                .hasMessageContaining("not empty");
        try (var listing = Files.list(tmp)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("busy");
        }
    }

    @Test
    void fingerprintChangesWithTheData() {
        TrainingData a = data();
        TrainingData b = new TrainingData(
                2, 3, new int[][] {{1, 3}, {3}}, new long[][] {{1, 2}, {3}}, null, a.items(), a.catalog(), List.of());
        assertThat(ModelArtifact.fingerprint(a)).isEqualTo(ModelArtifact.fingerprint(data()));
        assertThat(ModelArtifact.fingerprint(a)).isNotEqualTo(ModelArtifact.fingerprint(b));
    }

    @Test
    void unknownOptionIsAnError() {
        assertThatThrownBy(() -> Models.require("test-fixed").train(data(), ModelOptions.parsePairs("wieght=1"), 1L))
                .hasMessageContaining("unknown model option(s) [wieght]");
        assertThatThrownBy(() -> Models.require("nope")).hasMessageContaining("unknown model 'nope'");
    }
}
