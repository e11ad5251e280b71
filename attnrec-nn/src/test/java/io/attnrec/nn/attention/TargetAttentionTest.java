package io.attnrec.nn.attention;

import static io.attnrec.nn.attention.DotProductAttentionTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.attnrec.nn.Djl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TargetAttentionTest {

    private NDManager manager;
    private ParameterStore ps;

    @BeforeEach
    void open() {
        manager = Djl.newManager();
        ps = new ParameterStore(manager, false);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static final double[][] KEYS = {{1, 0}, {0, 1}, {1, -1}};
    private static final double[] TARGET = {0.5, 2};
    private static final double[][] W1 = Ref.pattern(2, 8, 0.7);
    private static final double[] B1 = Ref.patternVec(2, 1.9);
    private static final double[][] W2 = Ref.pattern(1, 2, 3.1);
    private static final double[] B2 = {0.25};

    /** DIN activation unit by hand: sigmoid(W1 [k, c, k-c, k*c] + b1), then W2 . + b2. */
    private static double[] activations() {
        double[] a = new double[KEYS.length];
        for (int t = 0; t < KEYS.length; t++) {
            double[] f = new double[8];
            for (int d = 0; d < 2; d++) {
                f[d] = KEYS[t][d];
                f[2 + d] = TARGET[d];
                f[4 + d] = KEYS[t][d] - TARGET[d];
                f[6 + d] = KEYS[t][d] * TARGET[d];
            }
            double[] h = Ref.linear(new double[][] {f}, W1, B1)[0];
            for (int i = 0; i < h.length; i++) {
                h[i] = Ref.sigmoid(h[i]);
            }
            a[t] = Ref.linear(new double[][] {h}, W2, B2)[0][0];
        }
        return a;
    }

    private NDList run(boolean normalize, float[] mask) {
        TargetAttention block = TargetAttention.create(new int[] {2}, normalize);
        Shape ts = new Shape(1, 2);
        Shape ks = new Shape(1, 3, 2);
        Ref.init(block, manager, ts, ks);
        Ref.set(block, "hidden0_weight", W1);
        Ref.set(block, "hidden0_bias", B1);
        Ref.set(block, "score_weight", W2);
        Ref.set(block, "score_bias", B2);
        NDList in =
                new NDList(manager.create(Ref.flat(new double[][] {TARGET}), ts), manager.create(Ref.flat(KEYS), ks));
        if (mask != null) {
            in.add(manager.create(mask, new Shape(1, 3)));
        }
        return block.forward(ps, in, false);
    }

    @Test
    void rawActivationsAsInThePaper() {
        double[] a = activations();
        NDList out = run(false, null);
        assertClose(out.get(1), new double[][] {a});
        double[][] pooled = Ref.matmul(new double[][] {a}, KEYS);
        assertClose(out.get(0), pooled);
    }

    @Test
    void softmaxVariantWithMaskedPosition() {
        double[] a = activations();
        NDList out = run(true, new float[] {0, Masks.MASKED, 0});
        double[][] w = Ref.softmax(new double[][] {a}, new boolean[][] {{true, false, true}});
        assertClose(out.get(1), w);
        assertClose(out.get(0), Ref.matmul(w, KEYS));
        assertThat(out.get(1).getFloat(0, 1)).isEqualTo(0f);
    }

    @Test
    void unnormalisedMaskedPositionIsExactlyZero() {
        NDList out = run(false, new float[] {Masks.MASKED, 0, 0});
        assertThat(out.get(1).getFloat(0, 0)).isEqualTo(0f);
        assertThat(out.get(1).getFloat(0, 1)).isCloseTo((float) activations()[1], within(1e-5f));
    }

    @Test
    void weightsDependOnTheTarget() {
        TargetAttention block = TargetAttention.create(new int[] {4, 3}, true);
        Shape ts = new Shape(2, 5);
        Shape ks = new Shape(2, 6, 5);
        Ref.init(block, manager, ts, ks);
        NDArray keys = manager.randomNormal(ks);
        NDArray t1 = manager.randomNormal(ts);
        NDArray t2 = t1.add(1f);
        NDList a = block.forward(ps, new NDList(t1, keys), false);
        NDList b = block.forward(ps, new NDList(t2, keys), false);
        assertThat(a.get(0).getShape()).isEqualTo(new Shape(2, 5));
        assertThat(a.get(1).getShape()).isEqualTo(new Shape(2, 6));
        assertThat(a.get(1).toFloatArray()).isNotEqualTo(b.get(1).toFloatArray());
    }

    @Test
    void rejectsNonPositiveLayer() {
        assertThatThrownBy(() -> TargetAttention.create(new int[] {0}, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
