package io.attnrec.nn.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.TopK;
import io.attnrec.nn.Djl;
import io.attnrec.nn.comirec.ComiRecDrProvider;
import io.attnrec.nn.mind.MindProvider;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code interest_scale} (issue 19, session 11) of ComiRec-DR and MIND: a factor on the interests
 * (DR's squashed capsules; MIND's routed capsules, or the ReLU layer after them). It multiplies
 * every interest and every score by the same number, so the ranking stays; only training sees
 * larger logits.
 */
class InterestScaleTest {

    private static final int ITEMS = 30;
    private static final int[] HISTORY = {3, 7, 1, 12, 5, 9, 20};

    static Stream<Arguments> families() {
        // MIND with a fixed number of interests, so both models have the same rows to compare,
        // with the max merge (a common factor keeps the ranking of the largest dot product, not of
        // the per-interest softmaxes MIND merges by default since issue 19, session 12) and
        // without the default order-aware interest (the factor scales the capsules only)
        return Stream.of(
                Arguments.of(new ComiRecDrProvider(), ""),
                Arguments.of(new MindProvider(), ",dynamic=false,merge=max,context=0"));
    }

    private static <C extends Record> MultiInterestRecommender<C> model(
            MultiInterestProvider<C> provider, String extra, String scale) {
        Djl.seed(11);
        return provider.create(
                provider.parse(ModelOptions.parsePairs(
                        "dim=8,interests=3,max_len=10,prune_cosine=1,interest_scale=" + scale + extra)),
                ITEMS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    <C extends Record> void scalesInterestsAndScoresButKeepsTheRanking(
            MultiInterestProvider<C> provider, String extra) {
        try (MultiInterestRecommender<C> plain = model(provider, extra, "1");
                MultiInterestRecommender<C> scaled = model(provider, extra, "3.5")) {
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void rejectsScalesThatAreNotPositive(MultiInterestProvider<?> provider, String extra) {
        for (String bad : new String[] {"0", "-1", "Infinity"}) {
            assertThatThrownBy(() -> provider.parse(ModelOptions.parsePairs("interest_scale=" + bad)))
                    .hasMessageContaining("interest_scale");
        }
    }
}
