package io.attnrec.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.attnrec.core.model.FineTuneSchedule;
import io.attnrec.nn.Djl;
import org.junit.jupiter.api.Test;

/**
 * A step with a non-finite loss leaves the weights and the next step's gradients untouched; rows
 * given a scale step that many times as far.
 */
class UpdaterTest {

    @Test
    void aNonFiniteStepIsThrownAwayAndTheNextStepIsClean() {
        try (NDManager manager = Djl.newManager()) {
            Linear block = Linear.builder().setUnits(1).optBias(false).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            Checkpoint checkpoint = Checkpoint.of(block);
            Updater updater = new Updater(checkpoint, 0.1, 0.0);
            NDArray w = block.getParameters().get("weight").getArray();
            float[] start = w.toFloatArray();

            // x = (NaN, 1): the loss and the weight's gradient are NaN
            assertThat(updater.applyIfFinite(backward(manager, block, Float.NaN)))
                    .isFalse();
            assertThat(w.toFloatArray()).containsExactly(start);
            assertThat(w.getGradient().toFloatArray()).containsOnly(0f);

            // a finite step afterwards moves the weights by finite amounts only
            assertThat(updater.applyIfFinite(backward(manager, block, 2f))).isTrue();
            float[] after = w.toFloatArray();
            assertThat(after).doesNotContain(Float.NaN);
            assertThat(after).isNotEqualTo(start);
        }
    }

    @Test
    void scaledRowsStepThatManyTimesAsFarAsTheOthers() {
        try (NDManager manager = Djl.newManager()) {
            // an item table of 4 rows of 3; rows 2..3 are "new" and learn at 5x the rate
            Linear block = Linear.builder().setUnits(4).optBias(false).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
            Checkpoint checkpoint = Checkpoint.of(block);
            Updater updater = new Updater(checkpoint, 0.01, 0.0).scaleRows(0, 2, 4, 5.0);
            NDArray w = block.getParameters().get("weight").getArray();
            float[] start = w.toFloatArray();
            // every weight gets the same gradient (x = 1s), so plain AdamW moves each by the same step
            assertThat(updater.applyIfFinite(backward(manager, block, 1f, 3))).isTrue();
            float[] after = w.toFloatArray();
            float plain = start[0] - after[0];
            assertThat(plain).isGreaterThan(0.001f);
            for (int i = 0; i < start.length; i++) {
                float expected = i < 6 ? plain : 5 * plain;
                assertThat(start[i] - after[i]).as("weight %d", i).isCloseTo(expected, within(1e-5f));
            }
            // the gradient is consumed and the next step is again scaled
            assertThat(updater.applyIfFinite(backward(manager, block, 1f, 3))).isTrue();
            float[] twice = w.toFloatArray();
            float plain2 = after[0] - twice[0];
            assertThat(plain2).isGreaterThan(0.001f);
            assertThat(after[11] - twice[11]).isCloseTo(5 * plain2, within(1e-5f));
        }
    }

    @Test
    void aCosineScheduleStepsByTheRateTimesItsFactorAndTheLastStepIsStill() {
        try (NDManager manager = Djl.newManager()) {
            Linear block = Linear.builder().setUnits(1).optBias(false).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            Checkpoint checkpoint = Checkpoint.of(block);
            // 4 steps: a warm-up of one, then the cosine from 1 to 0 — factors 1, 0.75, 0.25, 0
            Updater updater = new Updater(checkpoint, Updater.scheduled(0.01, FineTuneSchedule.COSINE, 4), 0.0);
            NDArray w = block.getParameters().get("weight").getArray();
            double[] factors = {1, 0.75, 0.25, 0};
            for (double factor : factors) {
                float before = w.toFloatArray()[0];
                // the same gradient every step: bias-corrected AdamW moves each weight by the rate
                assertThat(updater.applyIfFinite(backward(manager, block, 1f))).isTrue();
                float moved = before - w.toFloatArray()[0];
                assertThat(moved).as("factor %s", factor).isCloseTo((float) (0.01 * factor), within(1e-5f));
            }
        }
    }

    @Test
    void aBadRowRangeOrScaleIsRefused() {
        try (NDManager manager = Djl.newManager()) {
            Linear block = Linear.builder().setUnits(4).optBias(false).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
            Updater updater = new Updater(Checkpoint.of(block), 0.01, 0.0);
            assertThatThrownBy(() -> updater.scaleRows(0, 2, 5, 2.0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("rows [2, 5) are not inside 0..4");
            assertThatThrownBy(() -> updater.scaleRows(1, 0, 1, 2.0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no parameter 1 among 1");
            assertThatThrownBy(() -> updater.scaleRows(0, 0, 1, 0.0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a row scale must be > 0, got 0.0");
        }
    }

    /** Runs sum(block(x)) backward with {@code x = (first, 1, ...)} ({@code width} inputs) and returns the loss. */
    private static double backward(NDManager manager, Linear block, float first, int width) {
        Engine engine = Djl.engine();
        try (NDManager m = manager.newSubManager();
                GradientCollector gc = engine.newGradientCollector()) {
            float[] in = new float[width];
            java.util.Arrays.fill(in, 1f);
            in[0] = first;
            NDArray x = m.create(in, new Shape(1, width));
            NDArray loss = block.forward(new ParameterStore(m, false), new NDList(x), true)
                    .head()
                    .sum();
            gc.backward(loss);
            return loss.getFloat();
        }
    }

    /** Runs sum(block(x)) backward with {@code x = (first, 1)} and returns the loss. */
    private static double backward(NDManager manager, Linear block, float first) {
        Engine engine = Djl.engine();
        try (NDManager m = manager.newSubManager();
                GradientCollector gc = engine.newGradientCollector()) {
            NDArray x = m.create(new float[] {first, 1f}, new Shape(1, 2));
            NDArray loss = block.forward(new ParameterStore(m, false), new NDList(x), true)
                    .head()
                    .sum();
            gc.backward(loss);
            return loss.getFloat();
        }
    }
}
