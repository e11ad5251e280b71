package io.attnrec.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.attnrec.nn.Djl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DotProductAttentionTest {

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
    void scaledMatchesHandComputation() {
        double[][] q = {{1, 0}, {0.5, -1}};
        double[][] k = {{1, 1}, {0, 2}, {-1, 0.5}};
        double[][] v = {{1, 2}, {3, -1}, {0, 4}};
        NDList out = DotProductAttention.scaled(array(q), array(k), array(v), null);

        double[][] w = Ref.softmax(Ref.scale(Ref.matmul(q, Ref.transpose(k)), 1 / Math.sqrt(2)), null);
        double[][] expected = Ref.matmul(w, v);
        assertClose(out.get(0), expected);
        assertClose(out.get(1), w);
        // one hand-checked number: query 0 scores are (1, 0, -1)/sqrt(2)
        double e0 = Math.exp(1 / Math.sqrt(2));
        double e2 = Math.exp(-1 / Math.sqrt(2));
        assertThat(out.get(1).getFloat(0, 0, 0)).isCloseTo((float) (e0 / (e0 + 1 + e2)), within(1e-6f));
    }

    @Test
    void plainDoesNotScale() {
        double[][] q = {{2, 0}};
        double[][] k = {{1, 0}, {0, 1}};
        double[][] v = {{1, 0}, {0, 1}};
        NDList out = DotProductAttention.plain(array(q), array(k), array(v), null);
        double w0 = Math.exp(2) / (Math.exp(2) + 1);
        assertThat(out.get(1).getFloat(0, 0, 0)).isCloseTo((float) w0, within(1e-6f));
        assertThat(out.get(0).getFloat(0, 0, 1)).isCloseTo((float) (1 - w0), within(1e-6f));
    }

    @Test
    void maskedKeyGetsZeroWeight() {
        NDArray x = manager.randomNormal(new Shape(2, 4, 3));
        // batch 0: key 1 is padding; batch 1: keys 0 and 3 are padding
        NDArray items = manager.create(new long[] {5, 0, 7, 8, 0, 2, 3, 0}, new Shape(2, 4));
        NDList out = DotProductAttention.scaled(x, x, x, Masks.keyPadding(items));
        NDArray w = out.get(1);
        for (int i = 0; i < 4; i++) {
            assertThat(w.getFloat(0, i, 1)).isEqualTo(0f);
            assertThat(w.getFloat(1, i, 0)).isEqualTo(0f);
            assertThat(w.getFloat(1, i, 3)).isEqualTo(0f);
        }
        for (float sum : w.sum(new int[] {2}).toFloatArray()) {
            assertThat(sum).isCloseTo(1f, within(1e-5f));
        }
    }

    @Test
    void futurePositionNeverChangesEarlierOutputs() {
        NDArray x = manager.randomNormal(new Shape(1, 5, 4));
        NDArray causal = Masks.causal(manager, 5);
        NDArray before = DotProductAttention.scaled(x, x, x, causal).get(0);
        NDArray changed = x.duplicate();
        changed.set(
                new ai.djl.ndarray.index.NDIndex("0, 4"),
                manager.randomNormal(new Shape(4)).add(3f));
        NDArray after =
                DotProductAttention.scaled(changed, changed, changed, causal).get(0);
        for (int t = 0; t < 4; t++) {
            assertThat(after.get(0, t).toFloatArray())
                    .containsExactly(before.get(0, t).toFloatArray());
        }
        // the changed position itself does move, so the test would notice a broken mask
        assertThat(after.get(0, 4).toFloatArray()).isNotEqualTo(before.get(0, 4).toFloatArray());
    }

    @Test
    void shapesFollowLeadingAxes() {
        NDArray q = manager.ones(new Shape(2, 3, 5, 8));
        NDArray k = manager.ones(new Shape(2, 3, 7, 8));
        NDArray v = manager.ones(new Shape(2, 3, 7, 6));
        NDList out = DotProductAttention.scaled(q, k, v, null);
        assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, 3, 5, 6));
        assertThat(out.get(1).getShape()).isEqualTo(new Shape(2, 3, 5, 7));
    }

    @Test
    void causalMaskHasFiniteEntries() {
        float[] m = Masks.causal(manager, 3).toFloatArray();
        assertThat(m).containsExactly(0, Masks.MASKED, Masks.MASKED, 0, 0, Masks.MASKED, 0, 0, 0);
    }

    private NDArray array(double[][] m) {
        return manager.create(Ref.flat(m), new Shape(1, m.length, m[0].length));
    }

    static void assertClose(NDArray actual, double[][] expected) {
        float[] a = actual.toFloatArray();
        float[] e = Ref.flat(expected);
        assertThat(a).hasSize(e.length);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("element %d", i).isCloseTo(e[i], within(1e-5f));
        }
    }
}
