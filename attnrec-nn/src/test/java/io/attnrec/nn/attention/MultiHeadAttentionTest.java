package io.attnrec.nn.attention;

import static io.attnrec.nn.attention.DotProductAttentionTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.attnrec.nn.Djl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MultiHeadAttentionTest {

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

    @Test
    void matchesHandComputationWithTwoHeadsAndCausalMask() {
        int e = 4;
        int t = 3;
        MultiHeadAttention mha =
                MultiHeadAttention.builder().setEmbedDim(e).setHeads(2).build();
        Shape shape = new Shape(1, t, e);
        Ref.init(mha, manager, shape, shape, shape);
        double[][] wq = Ref.pattern(e, e, 0.1);
        double[][] wk = Ref.pattern(e, e, 1.3);
        double[][] wv = Ref.pattern(e, e, 2.9);
        double[][] wo = Ref.pattern(e, e, 4.2);
        double[] bq = Ref.patternVec(e, 5.0);
        double[] bk = Ref.patternVec(e, 6.0);
        double[] bv = Ref.patternVec(e, 7.0);
        double[] bo = Ref.patternVec(e, 8.0);
        Ref.set(mha, "query_weight", wq);
        Ref.set(mha, "key_weight", wk);
        Ref.set(mha, "value_weight", wv);
        Ref.set(mha, "output_weight", wo);
        Ref.set(mha, "query_bias", bq);
        Ref.set(mha, "key_bias", bk);
        Ref.set(mha, "value_bias", bv);
        Ref.set(mha, "output_bias", bo);

        double[][] x = Ref.pattern(t, e, 9.5);
        NDArray input = manager.create(Ref.flat(x), shape);
        NDList out = mha.forward(ps, new NDList(input, input, input, Masks.causal(manager, t)), false);

        double[][] q = Ref.linear(x, wq, bq);
        double[][] k = Ref.linear(x, wk, bk);
        double[][] v = Ref.linear(x, wv, bv);
        boolean[][] causal = new boolean[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j <= i; j++) {
                causal[i][j] = true;
            }
        }
        double[][] concat = new double[t][e];
        double[][][] weights = new double[2][][];
        for (int h = 0; h < 2; h++) {
            double[][] qh = columns(q, 2 * h, 2);
            double[][] kh = columns(k, 2 * h, 2);
            double[][] vh = columns(v, 2 * h, 2);
            weights[h] = Ref.softmax(Ref.scale(Ref.matmul(qh, Ref.transpose(kh)), 1 / Math.sqrt(2)), causal);
            double[][] oh = Ref.matmul(weights[h], vh);
            for (int i = 0; i < t; i++) {
                concat[i][2 * h] = oh[i][0];
                concat[i][2 * h + 1] = oh[i][1];
            }
        }
        assertClose(out.get(0), Ref.linear(concat, wo, bo));
        assertThat(out.get(1).getShape()).isEqualTo(new Shape(1, 2, t, t));
        assertClose(out.get(1).get(0, 0), weights[0]);
        assertClose(out.get(1).get(0, 1), weights[1]);
        // the first query can only see itself
        assertThat(out.get(1).getFloat(0, 1, 0, 0)).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void futurePositionNeverLeaksAndPaddingGetsZeroWeight() {
        MultiHeadAttention mha =
                MultiHeadAttention.builder().setEmbedDim(8).setHeads(2).build();
        Shape shape = new Shape(2, 6, 8);
        Ref.init(mha, manager, shape, shape, shape);
        NDArray x = manager.randomNormal(shape);
        NDArray items = manager.create(new long[] {0, 0, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6}, new Shape(2, 6));
        NDArray mask =
                Masks.combine(Masks.causal(manager, 6), Masks.keyPadding(items).expandDims(1));
        NDList before = mha.forward(ps, new NDList(x, x, x, mask), false);

        NDArray changed = x.duplicate();
        changed.set(new NDIndex(":, 5"), manager.randomNormal(new Shape(2, 8)).add(2f));
        NDList after = mha.forward(ps, new NDList(changed, changed, changed, mask), false);
        // every real query before the changed position; batch 0's first two rows are padding
        // queries (all keys masked), whose outputs are never read
        for (int b = 0; b < 2; b++) {
            for (int t = b == 0 ? 2 : 0; t < 5; t++) {
                assertThat(after.get(0).get(b, t).toFloatArray())
                        .containsExactly(before.get(0).get(b, t).toFloatArray());
            }
        }
        NDArray w = before.get(1);
        for (int h = 0; h < 2; h++) {
            for (int t = 2; t < 6; t++) {
                assertThat(w.getFloat(0, h, t, 0)).isEqualTo(0f);
                assertThat(w.getFloat(0, h, t, 1)).isEqualTo(0f);
            }
        }
    }

    @Test
    void crossAttentionShapes() {
        MultiHeadAttention mha =
                MultiHeadAttention.builder().setEmbedDim(6).setHeads(3).build();
        Shape q = new Shape(2, 3, 6);
        Shape kv = new Shape(2, 5, 6);
        Ref.init(mha, manager, q, kv, kv);
        NDList out = mha.forward(ps, new NDList(manager.ones(q), manager.ones(kv), manager.ones(kv)), false);
        assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, 3, 6));
        assertThat(out.get(1).getShape()).isEqualTo(new Shape(2, 3, 3, 5));
        assertThat(mha.getOutputShapes(new Shape[] {q, kv, kv}))
                .containsExactly(out.get(0).getShape(), out.get(1).getShape());
    }

    @Test
    void builderRejectsIndivisibleHeads() {
        assertThatThrownBy(() ->
                        MultiHeadAttention.builder().setEmbedDim(10).setHeads(3).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not divisible");
    }

    private static double[][] columns(double[][] m, int from, int count) {
        double[][] r = new double[m.length][count];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], from, r[i], 0, count);
        }
        return r;
    }
}
