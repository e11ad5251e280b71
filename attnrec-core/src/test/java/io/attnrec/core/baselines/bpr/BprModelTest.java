package io.attnrec.core.baselines.bpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.baselines.TestData;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class BprModelTest {

    private static final ToDoubleFunction<Recommender> NO_VALIDATION = m -> {
        throw new AssertionError("validation must not run");
    };

    /**
     * Two planted communities: users 0..39 take 4 of items 1..6, users 40..79 take 4 of items
     * 7..12. Each user's two missing items of their own group are what they should get.
     */
    private static TrainingData communities(List<EvalCase> validation) {
        SplittableRandom rnd = new SplittableRandom(5);
        int[][] seqs = new int[80][];
        for (int u = 0; u < 80; u++) {
            int base = u < 40 ? 1 : 7;
            List<Integer> group = new ArrayList<>(List.of(base, base + 1, base + 2, base + 3, base + 4, base + 5));
            for (int k = 0; k < 2; k++) {
                group.remove(rnd.nextInt(group.size()));
            }
            seqs[u] = group.stream().mapToInt(Integer::intValue).toArray();
        }
        return TestData.withValidation(12, validation, seqs);
    }

    private static BprConfig config(int epochs, int patience) {
        return new BprConfig(8, 0.05, 0.005, epochs, 0.1, true, patience);
    }

    private static int best(float[] s, int[] exclude) {
        int best = -1;
        for (int i = 1; i < s.length; i++) {
            boolean skip = false;
            for (int e : exclude) {
                skip |= e == i;
            }
            if (!skip && (best < 0 || s[i] > s[best])) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void recoversThePlantedCommunities() {
        TrainingData data = communities(List.of());
        BprModel m = BprModel.train(data, config(60, 0), 1L, NO_VALIDATION);
        float[] s = new float[13];
        for (int u = 0; u < 80; u++) {
            int[] seen = data.sequences()[u];
            m.score(u, seen, s);
            int top = best(s, seen);
            assertThat(u < 40 ? top <= 6 : top >= 7)
                    .as("user %d's top item %d", u, top)
                    .isTrue();
        }
    }

    @Test
    void unknownUsersAreFoldedInFromTheirHistory() {
        BprModel m = BprModel.train(communities(List.of()), config(60, 0), 1L, NO_VALIDATION);
        float[] s = new float[13];
        m.score(-1, new int[] {8, 9}, s);
        assertThat(best(s, new int[] {8, 9})).isBetween(7, 12);
        m.score(-1, new int[] {1, 2, 3}, s);
        assertThat(best(s, new int[] {1, 2, 3})).isBetween(1, 6);
    }

    @Test
    void sameSeedSameFactorsOtherSeedOtherFactors() {
        TrainingData data = communities(List.of());
        BprModel a = BprModel.train(data, config(5, 0), 42L, NO_VALIDATION);
        BprModel b = BprModel.train(data, config(5, 0), 42L, NO_VALIDATION);
        BprModel c = BprModel.train(data, config(5, 0), 43L, NO_VALIDATION);
        for (int i = 1; i <= 12; i++) {
            assertThat(b.itemFactors(i)).containsExactly(a.itemFactors(i));
            assertThat(b.itemBias(i)).isEqualTo(a.itemBias(i));
        }
        assertThat(b.userFactors(3)).containsExactly(a.userFactors(3));
        assertThat(c.itemFactors(1)).isNotEqualTo(a.itemFactors(1));
    }

    @Test
    void earlyStoppingKeepsTheBestEpoch() {
        TrainingData data = communities(List.of(new EvalCase(0, new int[] {1}, new int[] {2}, new int[] {1})));
        // A made-up validation curve: best after epoch 2, then two epochs without improvement.
        Iterator<Double> curve = List.of(0.1, 0.3, 0.2, 0.25, 0.9).iterator();
        List<Integer> calls = new ArrayList<>();
        BprModel stopped = BprModel.train(data, config(10, 2), 7L, m -> {
            calls.add(((BprModel) m).epochs());
            return curve.next();
        });
        assertThat(calls).containsExactly(1, 2, 3, 4);
        assertThat(stopped.epochs()).isEqualTo(2);
        // Validation does not consume randomness: the kept factors are those of a 2-epoch run.
        BprModel twoEpochs = BprModel.train(data, config(2, 0), 7L, NO_VALIDATION);
        for (int i = 1; i <= 12; i++) {
            assertThat(stopped.itemFactors(i)).containsExactly(twoEpochs.itemFactors(i));
        }
        assertThat(stopped.userFactors(5)).containsExactly(twoEpochs.userFactors(5));
    }

    @Test
    void withoutBiasesTheScoreIsTheDotProduct() {
        BprModel m = BprModel.train(
                communities(List.of()), new BprConfig(4, 0.05, 0.01, 3, 0.1, false, 0), 3L, NO_VALIDATION);
        float[] s = new float[13];
        m.score(10, new int[0], s);
        float[] p = m.userFactors(10);
        for (int i = 1; i <= 12; i++) {
            float[] q = m.itemFactors(i);
            float dot = 0;
            for (int d = 0; d < 4; d++) {
                // one fused multiply-add per dimension: the kernel's arithmetic (issue 20)
                dot = Math.fma(p[d], q[d], dot);
            }
            assertThat(m.itemBias(i)).isZero();
            assertThat(s[i]).isEqualTo(dot);
        }
    }

    @Test
    void invalidOptionsAreRejected() {
        assertThatThrownBy(() -> BprConfig.from(new ModelOptions(Map.of("lr", "-0.1"))))
                .hasMessageContaining("lr");
        assertThatThrownBy(() -> BprConfig.from(new ModelOptions(Map.of("dim", "0"))))
                .hasMessageContaining("dim");
        assertThatThrownBy(() -> BprConfig.from(new ModelOptions(Map.of("reg", "-1"))))
                .hasMessageContaining("reg");
        assertThatThrownBy(() -> BprConfig.from(new ModelOptions(Map.of("item_bias", "maybe"))))
                .hasMessageContaining("item_bias");
        assertThatThrownBy(() -> BprConfig.from(new ModelOptions(Map.of("epoch", "3"))))
                .hasMessageContaining("epoch");
        BprConfig c = BprConfig.from(new ModelOptions(Map.of("dim", "32", "patience", "3")));
        assertThat(c.dim()).isEqualTo(32);
        assertThat(c.patience()).isEqualTo(3);
        assertThat(c.epochs()).isEqualTo(BprConfig.defaults().epochs());
    }
}
