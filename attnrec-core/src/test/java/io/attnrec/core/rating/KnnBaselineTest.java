package io.attnrec.core.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.TrainingData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The neighbourhood model's own arithmetic: similarities and a prediction computed by hand. */
class KnnBaselineTest {

    /**
     * Four users, three items. Items 1 and 2 are rated alike by users 0-2 (high with high), item 3
     * against them; user 3 rated only items 1 and 3.
     */
    private static TrainingData small() {
        return new TrainingData(
                4,
                3,
                new int[][] {{1, 2, 3}, {1, 2, 3}, {1, 2, 3}, {1, 3}},
                new long[][] {{0, 1, 2}, {0, 1, 2}, {0, 1, 2}, {0, 1}},
                new float[][] {{5, 5, 1}, {1, 2, 5}, {3, 3, 3}, {4, 2}},
                IdMap.of(true, List.of("a", "b", "c")),
                ItemCatalog.empty(),
                List.of());
    }

    private static KnnBaseline train(String options) {
        return (KnnBaseline) Models.require("knn-baseline").train(small(), ModelOptions.parsePairs(options), 3L);
    }

    /** The shrunk Pearson correlation of two items' residuals over their common users, by hand. */
    private static double expectedSimilarity(TrainingData data, int i, int j, double shrink) {
        RatingSet set = RatingSet.from(data, "test");
        Baseline base = Baseline.of(set);
        double xy = 0;
        double xx = 0;
        double yy = 0;
        int n = 0;
        for (int u = 0; u < set.numUsers; u++) {
            double ri = Double.NaN;
            double rj = Double.NaN;
            for (int p = 0; p < set.items[u].length; p++) {
                double res = set.ratings[u][p] - base.mu - base.userBias[u] - base.item(set.items[u][p]);
                if (set.items[u][p] == i) {
                    ri = res;
                } else if (set.items[u][p] == j) {
                    rj = res;
                }
            }
            if (!Double.isNaN(ri) && !Double.isNaN(rj)) {
                xy += ri * rj;
                xx += ri * ri;
                yy += rj * rj;
                n++;
            }
        }
        return xy / Math.sqrt(xx * yy) * (n - 1) / (n - 1 + shrink);
    }

    @Test
    void similaritiesAreShrunkPearsonCorrelationsOfTheResidualsAndOnlyPositiveOnesAreKept() {
        KnnBaseline m = train("shrink=2,valid_fraction=0");
        double s12 = expectedSimilarity(small(), 1, 2, 2);
        double s13 = expectedSimilarity(small(), 1, 3, 2);
        assertThat(s12).isPositive();
        assertThat(s13).isNegative();
        assertThat(m.neighbours(1)).containsExactly(2);
        assertThat((double) m.similarities(1)[0]).isCloseTo(s12, within(1e-6));
        assertThat(m.neighbours(2)).containsExactly(1);
        // item 3 correlates negatively with both: no neighbour, so its prediction is the baseline
        assertThat(m.neighbours(3)).isEmpty();
        assertThat(m.neighbours(0)).isEmpty();
        assertThat(m.neighbours(4)).isEmpty();
    }

    @Test
    void aPredictionIsTheBaselinePlusTheSimilarityWeightedResidualsOfTheRatedNeighbours() {
        KnnBaseline m = train("shrink=2,valid_fraction=0");
        RatingSet set = RatingSet.from(small(), "test");
        Baseline base = Baseline.of(set);
        // user 3 did not rate item 2; its one neighbour, item 1, was rated 4
        double b2 = base.mu + base.userBias[3] + base.item(2);
        double r1 = 4 - (base.mu + base.userBias[3] + base.item(1));
        double expected = b2 + r1; // one neighbour: the weights cancel
        int[] hist = {1, 3};
        float[] rs = {4, 2};
        assertThat((double) m.predict(3, hist, rs, 2)).isCloseTo(expected, within(1e-5));
        // the same user with item 1 rated 1 instead: lower, by the residual's change
        assertThat((double) m.predict(3, hist, new float[] {1, 2}, 2)).isCloseTo(expected - 3, within(1e-5));
        // a user who never rated a neighbour of item 2 gets its baseline
        assertThat((double) m.predict(3, new int[] {3}, new float[] {2}, 2))
                .isCloseTo(base.mu + base.userBias[3] + base.item(2), within(1e-5));
        // the item asked for is not its own neighbour
        assertThat(m.predict(0, new int[] {1, 2}, new float[] {5, 5}, 1))
                .isEqualTo(m.predict(0, new int[] {2}, new float[] {5}, 1));
        // ranking reads a known user's training ratings
        float[] scores = new float[4];
        m.score(3, hist, scores);
        assertThat(scores[2]).isCloseTo(m.predict(3, hist, rs, 2), within(1e-5f));
    }

    @Test
    void kLimitsTheNeighboursReadAndTheSeedOnlyDrawsTheHeldOutSlice() {
        RatingFixtures.Planted p = RatingFixtures.planted(120, 60, 5);
        KnnBaseline k1 =
                (KnnBaseline) Models.require("knn-baseline").train(p.train(), new ModelOptions(Map.of("k", "1")), 1L);
        KnnBaseline k40 = (KnnBaseline) Models.require("knn-baseline").train(p.train(), ModelOptions.empty(), 1L);
        KnnBaseline other = (KnnBaseline) Models.require("knn-baseline").train(p.train(), ModelOptions.empty(), 2L);
        float[] a = RatingFixtures.predict(k40, p);
        assertThat(RatingFixtures.predict(k1, p)).isNotEqualTo(a);
        // the final model is built on every rating whatever the seed; only the reported slice moves
        assertThat(RatingFixtures.predict(other, p)).containsExactly(a);
        assertThat(k40.validationCurve()).hasSize(1);
        assertThat(other.validationCurve()[0]).isNotEqualTo(k40.validationCurve()[0]);
        KnnBaseline kept = (KnnBaseline)
                Models.require("knn-baseline").train(p.train(), new ModelOptions(Map.of("keep", "3")), 1L);
        for (int i = 1; i <= 60; i++) {
            assertThat(kept.neighbours(i).length).isLessThanOrEqualTo(3);
            float[] s = kept.similarities(i);
            for (int t = 1; t < s.length; t++) {
                assertThat(s[t]).isLessThanOrEqualTo(s[t - 1]);
            }
        }
    }

    @Test
    void badSettingsAreOneLineErrorsNamingTheModel() {
        assertThatThrownBy(() -> KnnBaselineConfig.from(ModelOptions.parsePairs("shrink=-1")))
                .hasMessage("knn-baseline: shrink must be a number >= 0, got -1.0");
        assertThatThrownBy(() -> KnnBaselineConfig.from(ModelOptions.parsePairs("keep=0")))
                .hasMessage("knn-baseline: keep must be >= 1, got 0");
        assertThatThrownBy(() -> KnnBaselineConfig.from(ModelOptions.parsePairs("dim=3")))
                .hasMessageStartingWith("knn-baseline: unknown model option(s) [dim]");
    }
}
