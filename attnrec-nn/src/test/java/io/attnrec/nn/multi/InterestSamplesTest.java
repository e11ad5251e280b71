package io.attnrec.nn.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.attnrec.nn.Djl;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InterestSamplesTest {

    private static final int[][] SEQUENCES = {{1, 2, 3, 4, 5, 6, 7}, {8}, {9, 10}};

    @Test
    void cutsRespectTheMinimumHistoryAndSkipSingleItemUsers() {
        InterestSamples s = new InterestSamples(SEQUENCES, 3, 4);
        assertThat(s.trainableUsers()).isEqualTo(2);
        long[] pairs = s.pass(50, new SplittableRandom(1));
        assertThat(pairs).hasSize(100);
        boolean[] seen = new boolean[7];
        for (long p : pairs) {
            int user = (int) (p >>> 32);
            int cut = (int) p;
            assertThat(user).isIn(0, 2);
            if (user == 0) {
                assertThat(cut).isBetween(4, 6);
                seen[cut] = true;
            } else {
                // a 2-item user can only predict its second item from its first
                assertThat(cut).isEqualTo(1);
            }
        }
        assertThat(seen[4] && seen[5] && seen[6]).isTrue();
    }

    @Test
    void windowsAreTheNewestItemsAlignedOnTheRight() {
        InterestSamples s = new InterestSamples(SEQUENCES, 3, 4);
        long[] pairs = {(2L << 32) | 1, 6L};
        InterestSamples.Batch b = s.build(pairs, 0, 2);
        assertThat(b.length()).isEqualTo(3);
        assertThat(b.inputs()).containsExactly(0, 0, 9, 4, 5, 6);
        assertThat(b.targets()).containsExactly(10, 7);
    }

    @Test
    void sampledSoftmaxByHandWithAnAccidentalHitMasked() {
        // user (1, 2); table rows 1 = (1, 0), 2 = (0, 1), 3 = (1, 1); target 1; negatives {2, 1, 3}:
        // logits target 1, negatives 2 and 3 (the second negative is the target: masked)
        // loss = -log(e^1 / (e^1 + e^2 + e^3))
        try (NDManager m = Djl.newManager()) {
            Djl.noGrad();
            var table = m.create(new float[] {0, 0, 1, 0, 0, 1, 1, 1}, new Shape(4, 2));
            var user = m.create(new float[] {1, 2}, new Shape(1, 2));
            var target = m.create(new long[] {1});
            var targetEmb = m.create(new float[] {1, 0}, new Shape(1, 2));
            float loss = MultiInterestTrainer.sampledSoftmax(
                            user, targetEmb, table, target, m.create(new long[] {2, 1, 3}))
                    .getFloat();
            double expected = -Math.log(Math.exp(1) / (Math.exp(1) + Math.exp(2) + Math.exp(3)));
            assertThat((double) loss).isCloseTo(expected, within(1e-5));
        }
    }
}
