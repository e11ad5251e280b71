package io.attnrec.nn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import io.attnrec.nn.seq.SequenceRecommender;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every sequential model must do (SPEC C4): learn the next-item world clearly better than
 * chance, give the same scores for the same seed, score identically after save and load, ignore
 * padding, and reject bad options with the key's name. Subclasses name the model and small
 * options.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SequenceModelContract {

    protected static final NextItemWorld WORLD = new NextItemWorld(120, 40, 5, 14, 11L);

    private Recommender trained;

    /** Registered model name. */
    protected abstract String modelName();

    /** Small options under which the model learns WORLD within a few seconds. */
    protected abstract Map<String, String> smallOptions();

    protected ModelProvider provider() {
        return Models.require(modelName());
    }

    @BeforeAll
    void trainOnce() {
        trained = provider().train(WORLD.data, new ModelOptions(smallOptions()), 5L);
    }

    @AfterAll
    void release() throws Exception {
        if (trained instanceof AutoCloseable c) {
            c.close();
        }
    }

    @Test
    void learnsTheNextItemRule() {
        // chance: 5 / 40 = 12.5% in the top 5
        assertThat(WORLD.hitRate(trained, 5)).isGreaterThan(0.7);
        assertThat(trained.name()).isEqualTo(modelName());
        assertThat(trained.numItems()).isEqualTo(WORLD.numItems);
    }

    @Test
    void trainingAndScoringLeaveNoArraysOnTheModel() {
        int[] counts = new int[2];
        for (int i = 0; i < 2; i++) {
            Map<String, String> options = new java.util.HashMap<>(smallOptions());
            options.put("epochs", i == 0 ? "1" : "3");
            try (SequenceRecommender model =
                    (SequenceRecommender) provider().train(WORLD.data, new ModelOptions(options), 9L)) {
                float[] scores = new float[WORLD.numItems + 1];
                model.score(2, WORLD.data.sequences()[2], scores);
                counts[i] = model.manager().getManagedArrays().size();
            }
        }
        // parameters and optimiser state only: three times the steps, the same count
        assertThat(counts[1]).isEqualTo(counts[0]);
    }

    @Test
    void sameSeedSameScores() throws Exception {
        Map<String, String> fast = new java.util.HashMap<>(smallOptions());
        fast.put("epochs", "2");
        Recommender a = provider().train(WORLD.data, new ModelOptions(fast), 9L);
        Recommender b = provider().train(WORLD.data, new ModelOptions(fast), 9L);
        float[] sa = new float[WORLD.numItems + 1];
        float[] sb = new float[WORLD.numItems + 1];
        a.score(2, WORLD.data.sequences()[2], sa);
        b.score(2, WORLD.data.sequences()[2], sb);
        assertThat(sb).containsExactly(sa);
        ((AutoCloseable) a).close();
        ((AutoCloseable) b).close();
    }

    @Test
    void saveAndLoadScoreIdentically(@TempDir Path dir) throws Exception {
        ((Persistable) trained).save(dir);
        Recommender loaded = provider().load(dir);
        float[][] before = new float[8][WORLD.numItems + 1];
        float[][] after = new float[8][WORLD.numItems + 1];
        int[] users = new int[8];
        int[][] histories = java.util.Arrays.copyOf(WORLD.data.sequences(), 8);
        trained.scoreBatch(users, histories, before);
        loaded.scoreBatch(users, histories, after);
        for (int u = 0; u < 8; u++) {
            assertThat(after[u]).containsExactly(before[u]);
        }
        ((AutoCloseable) loaded).close();
    }

    @Test
    void paddingNeverChangesScores() {
        int[] shortHistory = {7, 8, 9};
        float[] alone = new float[WORLD.numItems + 1];
        trained.score(-1, shortHistory, alone);
        float[][] batch = new float[2][WORLD.numItems + 1];
        trained.scoreBatch(new int[] {-1, -1}, new int[][] {WORLD.data.sequences()[0], shortHistory}, batch);
        for (int i = 1; i <= WORLD.numItems; i++) {
            assertThat(batch[1][i]).isCloseTo(alone[i], within(1e-4f));
        }
    }

    @Test
    void usersInABatchDoNotInfluenceEachOther() {
        int[] a = {3, 4, 5, 6};
        float[][] first = new float[2][WORLD.numItems + 1];
        float[][] second = new float[2][WORLD.numItems + 1];
        trained.scoreBatch(new int[] {-1, -1}, new int[][] {a, {10, 11, 12, 13}}, first);
        trained.scoreBatch(new int[] {-1, -1}, new int[][] {a, {30, 2, 17, 9}}, second);
        for (int i = 1; i <= WORLD.numItems; i++) {
            assertThat(second[0][i]).isCloseTo(first[0][i], within(1e-5f));
        }
    }

    @Test
    void olderItemsReachTheNewestPosition() {
        // the same newest items after a different oldest item: a model that only reads the last
        // item (or whose recurrence runs across the batch axis) would score both alike
        float[] a = new float[WORLD.numItems + 1];
        float[] b = new float[WORLD.numItems + 1];
        trained.score(-1, new int[] {1, 20, 21, 22}, a);
        trained.score(-1, new int[] {33, 20, 21, 22}, b);
        double diff = 0;
        for (int i = 1; i <= WORLD.numItems; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        assertThat(diff).isGreaterThan(1e-4);
    }

    @Test
    void explanationsCoverTheHistory() {
        if (!(trained instanceof Explainable explainable)) {
            return;
        }
        int[] history = {20, 21, 22, 23, 24};
        Explanation e = explainable.explain(-1, history, 25);
        assertThat(e.contributions()).hasSize(5);
        double sum = e.contributions().stream()
                .mapToDouble(Explanation.Contribution::weight)
                .sum();
        assertThat(sum).isCloseTo(1.0, within(1e-5));
        e.contributions().forEach(c -> assertThat(history[c.position()]).isEqualTo(c.item()));
    }

    @Test
    void rejectsUnknownAndInvalidOptions() {
        assertThatThrownBy(() -> provider().train(WORLD.data, ModelOptions.parsePairs("colour=blue"), 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> provider().train(WORLD.data, ModelOptions.parsePairs("dropout=-0.1"), 1L))
                .hasMessageContaining("dropout");
        assertThatThrownBy(() -> provider().train(WORLD.data, ModelOptions.parsePairs("max_len=0"), 1L))
                .hasMessageContaining("max_len");
    }
}
