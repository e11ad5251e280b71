package io.attnrec.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import io.attnrec.nn.Djl;
import org.junit.jupiter.api.Test;

/** A blend pulls every weight toward other values by its share; mismatched values are refused. */
class CheckpointTest {

    @Test
    void aBlendKeepsItsShareOfTheWeightsAndTakesTheRestFromTheOtherValues() {
        try (NDManager manager = Djl.newManager()) {
            Linear block = Linear.builder().setUnits(1).optBias(false).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            Checkpoint c = Checkpoint.of(block);
            c.restore(new float[][] {{10f, -4f}});
            c.blend(new float[][] {{0f, 2f}}, 0.25);
            // 0.25 * 10 + 0.75 * 0, 0.25 * -4 + 0.75 * 2
            assertThat(c.snapshot()[0]).containsExactly(2.5f, 0.5f);
            // keeping all of them changes nothing
            c.blend(new float[][] {{100f, 100f}}, 1.0);
            assertThat(c.snapshot()[0]).containsExactly(2.5f, 0.5f);
            assertThatThrownBy(() -> c.blend(new float[][] {{1f}}, 0.5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has 2 values, the blend's 1");
            assertThatThrownBy(() -> c.blend(new float[0][], 0.5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a blend needs 1 parameters' values, got 0");
        }
    }
}
