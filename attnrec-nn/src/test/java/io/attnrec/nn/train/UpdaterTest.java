package io.attnrec.nn.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.attnrec.nn.Djl;
import org.junit.jupiter.api.Test;

/** A step with a non-finite loss leaves the weights and the next step's gradients untouched. */
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
