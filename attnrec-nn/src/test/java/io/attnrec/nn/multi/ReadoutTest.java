package io.attnrec.nn.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.attnrec.nn.Djl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadoutTest {

    private NDManager m;
    /** One user, K = 3 interests in R^2: along x, along y, and along -x. */
    private NDArray interests;

    private NDArray target;

    @BeforeEach
    void open() {
        m = Djl.newManager();
        Djl.noGrad();
        interests = m.create(new float[] {2, 0, 0, 1, -1, 0}, new Shape(1, 3, 2));
        // target (0.4, 1): dot products 0.8, 1.0, -0.4
        target = m.create(new float[] {0.4f, 1f}, new Shape(1, 2));
    }

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void hardReadoutPicksTheClosestActiveInterest() {
        // dots: 0.8, 1.0, -0.4 -> interest 1
        NDArray all = m.ones(new Shape(1, 3));
        assertThat(Readout.hard().weights(interests, all, target).toFloatArray())
                .containsExactly(0, 1, 0);
        assertThat(Readout.hard().apply(interests, all, target).toFloatArray()).containsExactly(0, 1);
        // with interest 1 switched off, interest 0 is the closest one left
        NDArray two = m.create(new float[] {1, 0, 1}, new Shape(1, 3));
        assertThat(Readout.hard().weights(interests, two, target).toFloatArray())
                .containsExactly(1, 0, 0);
    }

    @Test
    void labelAwareAttentionByHand() {
        NDArray all = m.ones(new Shape(1, 3));
        // p = 1: softmax(0.8, 1.0, -0.4) = (0.396417, 0.484185, 0.119398)
        float[] w1 = Readout.labelAware(1).weights(interests, all, target).toFloatArray();
        assertThat(w1).containsExactly(new float[] {0.396417f, 0.484185f, 0.119398f}, within(1e-5f));
        // p = 2, sign kept: softmax(0.64, 1.0, -0.16)
        double z = Math.exp(0.64) + Math.exp(1.0) + Math.exp(-0.16);
        float[] w2 = Readout.labelAware(2).weights(interests, all, target).toFloatArray();
        assertThat(w2[0]).isCloseTo((float) (Math.exp(0.64) / z), within(1e-5f));
        assertThat(w2[2]).isCloseTo((float) (Math.exp(-0.16) / z), within(1e-5f));
        // p = 0: the paper's uniform attention over the active interests
        NDArray two = m.create(new float[] {1, 1, 0}, new Shape(1, 3));
        assertThat(Readout.labelAware(0).weights(interests, two, target).toFloatArray())
                .containsExactly(new float[] {0.5f, 0.5f, 0f}, within(1e-6f));
    }

    @Test
    void largePowerPicksTheRightInterest() {
        // scale the target so the dot products are 8, 10, -4: with p = 8 the winner takes ~all
        NDArray far = target.mul(10f);
        float[] w = Readout.labelAware(8)
                .weights(interests, m.ones(new Shape(1, 3)), far)
                .toFloatArray();
        assertThat(w[1]).isGreaterThan(0.999f);
        float[] v = Readout.labelAware(8)
                .apply(interests, m.ones(new Shape(1, 3)), far)
                .toFloatArray();
        assertThat(v).containsExactly(new float[] {0, 1}, within(1e-3f));
    }

    @Test
    void rejectsPowersWithoutAGradient() {
        assertThatThrownBy(() -> Readout.labelAware(0.5)).hasMessageContaining("power");
        assertThatThrownBy(() -> Readout.labelAware(-1)).hasMessageContaining("power");
        assertThatThrownBy(() -> Readout.labelAware(Double.NaN)).hasMessageContaining("power");
    }
}
