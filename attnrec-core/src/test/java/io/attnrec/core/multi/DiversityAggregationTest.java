package io.attnrec.core.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.model.TopK;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DiversityAggregationTest {

    // items 1..6; interest 0 likes 1, 2, 3 (category 0), interest 1 likes 4, 5 (category 1), 6 is
    // category 2. Max scores: 5, 4.9, 4.8, 3, 2.9, 1.
    private static final float[][] SCORES = {
        {0, 5f, 4.9f, 4.8f, 1f, 1f, 1f},
        {0, 0f, 0f, 0f, 3f, 2.9f, 0.5f}
    };
    private static final int[] CATEGORIES = {-1, 0, 0, 0, 1, 1, 2};

    @Test
    void lambdaZeroIsThePureScoreMerge() {
        assertThat(DiversityAggregation.aggregate(SCORES, CATEGORIES, 0, 3, new int[0]))
                .containsExactly(1, 2, 3);
        assertThat(DiversityAggregation.aggregate(SCORES, CATEGORIES, 0, 3, new int[] {1}))
                .containsExactly(2, 3, 4);
    }

    @Test
    void greedyStepsByHand() {
        // lambda 1: pick 1 (5); then 2 (4.9 + 0) beats 4 (3 + 1); then 4 (3 + 2) beats 3 (4.8 + 0)
        assertThat(DiversityAggregation.aggregate(SCORES, CATEGORIES, 1, 3, new int[0]))
                .containsExactly(1, 2, 4);
        // lambda 2: 1; then 4 (3 + 2 = 5) beats 2 (4.9); then 2 (4.9 + 2) beats 6 (1 + 4) and 5 (2.9 + 2)
        assertThat(DiversityAggregation.aggregate(SCORES, CATEGORIES, 2, 3, new int[0]))
                .containsExactly(1, 4, 2);
    }

    @Test
    void categoryDiversityCountsDifferingPairs() {
        // (1,2) same, (1,4) and (2,4) differ
        assertThat(DiversityAggregation.categoryDiversity(new int[] {1, 2, 4}, CATEGORIES))
                .isCloseTo(2.0 / 3, within(1e-12));
        assertThat(DiversityAggregation.categoryDiversity(new int[] {4}, CATEGORIES))
                .isZero();
    }

    @Test
    void onRandomUsersLambdaZeroMatchesTheMergeAndLargerLambdaIsMoreDiverse() {
        SplittableRandom rng = new SplittableRandom(3);
        int items = 200;
        int[] categories = new int[items + 1];
        for (int i = 1; i <= items; i++) {
            categories[i] = i % 10;
        }
        double[] lambdas = {0, 0.1, 0.5, 2};
        double[] diversity = new double[lambdas.length];
        for (int user = 0; user < 40; user++) {
            float[][] s = new float[3][items + 1];
            for (int k = 0; k < s.length; k++) {
                for (int i = 1; i <= items; i++) {
                    // scores that favour one category per interest, as trained interests do
                    s[k][i] = (float) rng.nextDouble() + (categories[i] == k ? 0.5f : 0f);
                }
            }
            int[] excluded = {1 + rng.nextInt(items), 1 + rng.nextInt(items)};
            int[] merge = DiversityAggregation.pureMerge(s, 20, excluded);
            assertThat(DiversityAggregation.aggregate(s, categories, 0, 20, excluded))
                    .containsExactly(merge);
            for (int l = 0; l < lambdas.length; l++) {
                int[] list = DiversityAggregation.aggregate(s, categories, lambdas[l], 20, excluded);
                assertThat(list).hasSize(20).doesNotContain(excluded);
                diversity[l] += DiversityAggregation.categoryDiversity(list, categories);
            }
        }
        for (int l = 1; l < lambdas.length; l++) {
            assertThat(diversity[l]).isGreaterThanOrEqualTo(diversity[l - 1]);
        }
        assertThat(diversity[3]).isGreaterThan(diversity[0]);
    }

    @Test
    void rankFirstPutsTheListOnTopInOrder() {
        float[] scores = {0, 5f, 4.9f, 4.8f, 3f, 2.9f, 1f};
        DiversityAggregation.rankFirst(new int[] {6, 4, 2}, scores);
        assertThat(TopK.select(scores, 6, new int[0])).containsExactly(6, 4, 2, 1, 3, 5);
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> DiversityAggregation.aggregate(SCORES, CATEGORIES, -0.1, 3, new int[0]))
                .hasMessageContaining("lambda");
        assertThatThrownBy(() -> DiversityAggregation.aggregate(SCORES, CATEGORIES, Double.NaN, 3, new int[0]))
                .hasMessageContaining("lambda");
        assertThatThrownBy(() -> DiversityAggregation.aggregate(SCORES, CATEGORIES, 0, 0, new int[0]))
                .hasMessageContaining("length");
        assertThatThrownBy(() -> DiversityAggregation.aggregate(SCORES, new int[3], 0, 3, new int[0]))
                .hasMessageContaining("categories");
    }
}
