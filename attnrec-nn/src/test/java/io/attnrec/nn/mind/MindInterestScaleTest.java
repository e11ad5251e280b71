package io.attnrec.nn.mind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.TopK;
import io.attnrec.nn.Djl;
import io.attnrec.nn.multi.MultiInterestRecommender;
import org.junit.jupiter.api.Test;

/**
 * {@code interest_scale} (issue 19, session 11): a factor on the interests (the routed capsules, or the ReLU layer after them). It multiplies
 * every interest and every score by the same number, so the ranking stays; only training sees
 * larger logits.
 */
class MindInterestScaleTest {

    private static final int ITEMS = 30;
    private static final int[] HISTORY = {3, 7, 1, 12, 5, 9, 20};

    private static MultiInterestRecommender<MindConfig> model(String scale) {
        Djl.seed(11);
        return new MindProvider()
                .create(
                        MindConfig.parse(ModelOptions.parsePairs(
                                "dim=8,interests=3,max_len=10,prune_cosine=1,dynamic=false,interest_scale=" + scale)),
                        ITEMS);
    }

    @Test
    void scalesInterestsAndScoresButKeepsTheRanking() {
        try (MultiInterestRecommender<MindConfig> plain = model("1");
                MultiInterestRecommender<MindConfig> scaled = model("3.5")) {
            float[][] a = plain.interests(-1, HISTORY);
            float[][] b = scaled.interests(-1, HISTORY);
            assertThat(b).hasNumberOfRows(a.length);
            double norm = 0;
            for (int k = 0; k < a.length; k++) {
                for (int j = 0; j < a[k].length; j++) {
                    assertThat(b[k][j]).isCloseTo(3.5f * a[k][j], within(1e-4f));
                    norm += a[k][j] * a[k][j];
                }
            }
            // the squash keeps every published capsule below norm 1; the scale is what lifts it
            assertThat(Math.sqrt(norm / a.length)).isLessThan(1);
            float[][] sa = new float[1][ITEMS + 1];
            float[][] sb = new float[1][ITEMS + 1];
            plain.scoreBatch(new int[] {-1}, new int[][] {HISTORY}, sa);
            scaled.scoreBatch(new int[] {-1}, new int[][] {HISTORY}, sb);
            int[] none = new int[0];
            assertThat(TopK.select(sb[0], 10, none)).containsExactly(TopK.select(sa[0], 10, none));
            assertThat(sb[0][2]).isCloseTo(3.5f * sa[0][2], within(1e-4f));
            assertThat(scaled.options()).containsEntry("interest_scale", "3.5");
        }
    }

    @Test
    void rejectsScalesThatAreNotPositive() {
        for (String bad : new String[] {"0", "-1", "Infinity"}) {
            assertThatThrownBy(() -> MindConfig.parse(ModelOptions.parsePairs("interest_scale=" + bad)))
                    .hasMessageContaining("interest_scale");
        }
    }
}
