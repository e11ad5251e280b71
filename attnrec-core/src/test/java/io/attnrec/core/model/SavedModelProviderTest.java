package io.attnrec.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedModelProviderTest {

    private static TrainingData data(int[][] seqs) {
        IdMap items = IdMap.of(true, List.of("a", "b", "c"));
        long[][] ts = new long[seqs.length][];
        for (int u = 0; u < seqs.length; u++) {
            ts[u] = new long[seqs[u].length];
        }
        return new TrainingData(seqs.length, 3, seqs, ts, null, items, new ItemCatalog(Map.of()), List.of());
    }

    private static Path save(Path dir, TrainingData data) throws Exception {
        Recommender model = Models.require("test-fixed").train(data, ModelOptions.parsePairs("weight=0.25"), 7L);
        ArtifactInfo info = new ArtifactInfo(
                "test-fixed", Map.of("weight", "0.25"), 7L, "tiny", ModelArtifact.fingerprint(data), Map.of(), 1.0);
        ModelArtifact.save(dir, model, info, data, IdMap.of(false, List.of("u1", "u2")));
        return dir;
    }

    @Test
    void reusesTheSavedModelOnTheSameTrainingData(@TempDir Path tmp) throws Exception {
        TrainingData data = data(new int[][] {{1, 2}, {3}});
        Path dir = save(tmp.resolve("m"), data);
        Recommender trained = Models.require("test-fixed").train(data, ModelOptions.parsePairs("weight=0.25"), 7L);
        Recommender reused = Models.require("saved").train(data, ModelOptions.parsePairs("dir=" + dir), 1L);

        float[] expected = new float[4];
        float[] actual = new float[4];
        trained.score(0, new int[] {2, 2}, expected);
        reused.score(0, new int[] {2, 2}, actual);
        assertThat(actual).containsExactly(expected);
        assertThat(reused.name()).isEqualTo("test-fixed");
    }

    @Test
    void refusesAModelTrainedOnOtherData(@TempDir Path tmp) throws Exception {
        Path dir = save(tmp.resolve("m"), data(new int[][] {{1, 2}, {3}}));
        TrainingData other = data(new int[][] {{1, 2, 3}, {3}});
        assertThatThrownBy(() -> Models.require("saved").train(other, ModelOptions.parsePairs("dir=" + dir), 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was trained on other data than this split");
    }

    @Test
    void needsADirectoryAndRejectsUnknownOptions(@TempDir Path tmp) {
        TrainingData data = data(new int[][] {{1, 2}, {3}});
        assertThatThrownBy(() -> Models.require("saved").train(data, ModelOptions.parsePairs(""), 1L))
                .hasMessageContaining("saved:dir=DIR");
        assertThatThrownBy(() ->
                        Models.require("saved").train(data, ModelOptions.parsePairs("dir=" + tmp + ",lr=0.1"), 1L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        Models.require("saved").train(data, ModelOptions.parsePairs("dir=" + tmp.resolve("none")), 1L))
                .hasMessageContaining("not a model directory");
    }
}
