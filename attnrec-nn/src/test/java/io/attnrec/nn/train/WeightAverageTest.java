package io.attnrec.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import io.attnrec.nn.Djl;
import org.junit.jupiter.api.Test;

/**
 * The moving average follows its rule step by step (with the short-history correction), swapping it
 * in and out leaves the trained weights exactly as they were, and bad uses are refused.
 */
class WeightAverageTest {

    /** A 1 x 2 weight, no bias: the checkpoint's one parameter. */
    private static Checkpoint twoWeights(NDManager manager) {
        Linear block = Linear.builder().setUnits(1).optBias(false).build();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
        return Checkpoint.of(block);
    }

    private static float[] weights(Checkpoint c) {
        return c.snapshot()[0];
    }

    @Test
    void theAverageFollowsItsRuleAndTheTrainedWeightsSurviveTheSwap() {
        try (NDManager manager = Djl.newManager()) {
            Checkpoint c = twoWeights(manager);
            c.restore(new float[][] {{0f, 4f}});
            try (WeightAverage average = new WeightAverage(c, 0.5, manager)) {
                // update 1: d = min(0.5, 1/10) = 0.1 -> 0.1 * start + 0.9 * now
                c.restore(new float[][] {{10f, 0f}});
                average.update();
                // update 2: d = min(0.5, 2/11)
                c.restore(new float[][] {{20f, 2f}});
                average.update();
                // update 3: d = min(0.5, 3/12) = 0.25
                c.restore(new float[][] {{-4f, 8f}});
                average.update();
                double d2 = 2.0 / 11;
                double[] a = {0.9 * 10, 0.1 * 4};
                a = new double[] {d2 * a[0] + (1 - d2) * 20, d2 * a[1] + (1 - d2) * 2};
                a = new double[] {0.25 * a[0] + 0.75 * -4, 0.25 * a[1] + 0.75 * 8};
                assertThat(average.updates()).isEqualTo(3);

                average.swapIn();
                float[] in = weights(c);
                assertThat(in[0]).isCloseTo((float) a[0], within(1e-4f));
                assertThat(in[1]).isCloseTo((float) a[1], within(1e-4f));
                // swapping in twice keeps the trained weights aside, not the average
                average.swapIn();
                assertThatThrownBy(average::update).hasMessageContaining("swapped in");

                average.swapOut();
                assertThat(weights(c)).containsExactly(-4f, 8f);
                average.swapOut();
                assertThat(weights(c)).containsExactly(-4f, 8f);
            }
        }
    }

    @Test
    void theDecayBoundsHowFarBackTheAverageReaches() {
        try (NDManager manager = Djl.newManager()) {
            Checkpoint c = twoWeights(manager);
            c.restore(new float[][] {{0f, 0f}});
            try (WeightAverage average = new WeightAverage(c, 0.5, manager)) {
                // after many steps the correction has run out: d = 0.5 exactly
                c.restore(new float[][] {{1f, 1f}});
                for (int i = 0; i < 40; i++) {
                    average.update();
                }
                c.restore(new float[][] {{3f, -1f}});
                average.update();
                average.swapIn();
                assertThat(weights(c)[0]).isCloseTo(2f, within(1e-5f));
                assertThat(weights(c)[1]).isCloseTo(0f, within(1e-5f));
            }
        }
    }

    @Test
    void aStepWithANonFiniteLossIsNotFoldedInAndValidatingScoresTheAverage() {
        try (NDManager manager = Djl.newManager()) {
            Checkpoint c = twoWeights(manager);
            c.restore(new float[][] {{0f, 0f}});
            try (WeightAverage average = WeightAverage.of(c, 0.5, manager)) {
                assertThat(average.on()).isTrue();
                c.restore(new float[][] {{10f, 10f}});
                assertThat(average.afterStep(0.25)).isEqualTo(0.25);
                // a skipped step: the updater left the weights, and the average must not count it
                c.restore(new float[][] {{1000f, 1000f}});
                assertThat(average.afterStep(Double.NaN)).isNaN();
                assertThat(average.afterStep(Double.POSITIVE_INFINITY)).isInfinite();
                assertThat(average.updates()).isEqualTo(1);
                // the validation sees the average (0.1 * 0 + 0.9 * 10), the trained weights come back after
                float[] seen = average.validating(() -> weights(c)).get();
                assertThat(seen[0]).isCloseTo(9f, within(1e-5f));
                average.swapOut();
                assertThat(weights(c)).containsExactly(1000f, 1000f);
            }
        }
    }

    @Test
    void anAverageThatIsOffChangesNothing() {
        try (NDManager manager = Djl.newManager()) {
            Checkpoint c = twoWeights(manager);
            c.restore(new float[][] {{1f, 2f}});
            try (WeightAverage off = WeightAverage.of(c, 0, manager)) {
                assertThat(off.on()).isFalse();
                c.restore(new float[][] {{3f, 4f}});
                assertThat(off.afterStep(0.5)).isEqualTo(0.5);
                assertThat(off.updates()).isZero();
                off.swapIn();
                assertThat(weights(c)).containsExactly(3f, 4f);
                assertThat(off.validating(() -> weights(c)).get()).containsExactly(3f, 4f);
                off.swapOut();
                assertThat(weights(c)).containsExactly(3f, 4f);
            }
            assertThatThrownBy(() -> WeightAverage.of(c, 1, manager)).hasMessageContaining("decay");
        }
    }

    @Test
    void aDecayOutsideTheOpenUnitIntervalIsRefused() {
        try (NDManager manager = Djl.newManager()) {
            Checkpoint c = twoWeights(manager);
            for (double bad : new double[] {0, 1, -0.5, Double.NaN}) {
                assertThatThrownBy(() -> new WeightAverage(c, bad, manager))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("decay");
            }
        }
    }
}
