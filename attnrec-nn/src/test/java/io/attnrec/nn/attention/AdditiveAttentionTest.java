package io.attnrec.nn.attention;

import static io.attnrec.nn.attention.DotProductAttentionTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

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

class AdditiveAttentionTest {

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
    void matchesBahdanauFormula() {
        int a = 3;
        double[][] q = {{0.5, -1.0}};
        double[][] k = {{1, 0, 2}, {0, 1, -1}, {1, 1, 1}, {-2, 0.5, 0}};
        double[][] v = {{1, 0}, {0, 1}, {2, 2}, {-1, 3}};
        AdditiveAttention block = AdditiveAttention.create(a);
        Shape qs = new Shape(1, 1, 2);
        Shape ks = new Shape(1, 4, 3);
        Shape vs = new Shape(1, 4, 2);
        Ref.init(block, manager, qs, ks, vs);
        double[][] w = Ref.pattern(a, 2, 0.3);
        double[][] u = Ref.pattern(a, 3, 1.1);
        double[] b = Ref.patternVec(a, 2.2);
        double[] vv = Ref.patternVec(a, 3.3);
        Ref.set(block, "query_weight", w);
        Ref.set(block, "key_weight", u);
        Ref.set(block, "key_bias", b);
        Ref.set(block, "score_weight", vv);
        // key 3 is masked
        NDArray mask = manager.create(new float[] {0, 0, 0, Masks.MASKED}, new Shape(1, 1, 4));
        NDList out = block.forward(
                ps,
                new NDList(
                        manager.create(Ref.flat(q), qs),
                        manager.create(Ref.flat(k), ks),
                        manager.create(Ref.flat(v), vs),
                        mask),
                false);

        double[] wq = Ref.linear(q, w, null)[0];
        double[][] uk = Ref.linear(k, u, b);
        double[][] scores = new double[1][4];
        for (int j = 0; j < 4; j++) {
            double s = 0;
            for (int i = 0; i < a; i++) {
                s += vv[i] * Math.tanh(wq[i] + uk[j][i]);
            }
            scores[0][j] = s;
        }
        double[][] weights = Ref.softmax(scores, new boolean[][] {{true, true, true, false}});
        assertClose(out.get(1), weights);
        assertClose(out.get(0), Ref.matmul(weights, v));
        assertThat(out.get(1).getFloat(0, 0, 3)).isEqualTo(0f);
    }

    @Test
    void causalSelfAttentionDoesNotLeak() {
        AdditiveAttention block = AdditiveAttention.create(5);
        Shape s = new Shape(2, 4, 3);
        Ref.init(block, manager, s, s, s);
        NDArray x = manager.randomNormal(s);
        NDArray causal = Masks.causal(manager, 4);
        NDArray before = block.forward(ps, new NDList(x, x, x, causal), false).get(0);
        NDArray changed = x.duplicate();
        changed.set(new NDIndex(":, 3"), manager.randomNormal(new Shape(2, 3)).add(1f));
        NDArray after = block.forward(ps, new NDList(changed, changed, changed, causal), false)
                .get(0);
        assertThat(after.get(":, :3").toFloatArray())
                .containsExactly(before.get(":, :3").toFloatArray());
        assertThat(after.getShape()).isEqualTo(new Shape(2, 4, 3));
    }
}
