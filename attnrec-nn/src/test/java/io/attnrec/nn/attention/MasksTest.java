package io.attnrec.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.attnrec.nn.Djl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MasksTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = Djl.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void keyPaddingBlocksIdZeroForEveryQuery() {
        NDArray items = manager.create(new long[] {0, 4, 5, 7, 0, 2}, new Shape(2, 3));
        NDArray mask = Masks.keyPadding(items);
        assertThat(mask.getShape()).isEqualTo(new Shape(2, 1, 3));
        assertThat(values(mask)).containsExactly(Masks.MASKED, 0, 0, 0, Masks.MASKED, 0);
    }

    @Test
    void fromValidTurnsZerosIntoMaskedScores() {
        NDArray valid = manager.create(new float[] {1, 0, 1}, new Shape(1, 3));
        assertThat(values(Masks.fromValid(valid))).containsExactly(0, Masks.MASKED, 0);
    }

    @Test
    void combineBroadcastsCausalWithPadding() {
        NDArray items = manager.create(new long[] {0, 3, 4}, new Shape(1, 3));
        NDArray mask = Masks.combine(Masks.causal(manager, 3), Masks.keyPadding(items));
        assertThat(mask.getShape()).isEqualTo(new Shape(1, 3, 3));
        float m = Masks.MASKED;
        assertThat(values(mask)).containsExactly(m, m, m, m, 0, m, m, 0, 0);
        assertThat(Masks.combine(null, items)).isSameAs(items);
        assertThat(Masks.combine(items, null)).isSameAs(items);
    }

    /** The mask's values with -0 read as 0 (the sign of a zero score does not matter). */
    private static float[] values(NDArray mask) {
        float[] v = mask.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] += 0f;
        }
        return v;
    }
}
