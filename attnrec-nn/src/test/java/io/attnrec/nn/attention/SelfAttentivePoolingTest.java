package io.attnrec.nn.attention;

import static io.attnrec.nn.attention.DotProductAttentionTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
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

class SelfAttentivePoolingTest {

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
    void matchesLinEtAlFormulaWithPadding() {
        double[][] h = {{0, 0, 0}, {1, 2, 0}, {0, -1, 1}, {2, 0, 1}};
        double[][] ws1 = Ref.pattern(4, 3, 0.4);
        double[][] ws2 = Ref.pattern(2, 4, 2.4);
        SelfAttentivePooling block = SelfAttentivePooling.create(4, 2);
        Shape hs = new Shape(1, 4, 3);
        Ref.init(block, manager, hs);
        Ref.set(block, "ws1_weight", ws1);
        Ref.set(block, "ws2_weight", ws2);
        // position 0 is padding
        NDArray mask = Masks.keyPadding(manager.create(new long[] {0, 4, 5, 6}, new Shape(1, 4)))
                .squeeze(1);
        NDList out = block.forward(ps, new NDList(manager.create(Ref.flat(h), hs), mask), false);

        double[][] hidden = Ref.linear(h, ws1, null);
        for (double[] row : hidden) {
            for (int i = 0; i < row.length; i++) {
                row[i] = Math.tanh(row[i]);
            }
        }
        double[][] scores = Ref.transpose(Ref.linear(hidden, ws2, null));
        double[][] a = Ref.softmax(scores, new boolean[][] {{false, true, true, true}, {false, true, true, true}});
        assertClose(out.get(1), a);
        assertClose(out.get(0), Ref.matmul(a, h));
        assertThat(out.get(1).getFloat(0, 0, 0)).isEqualTo(0f);
        assertThat(out.get(1).getFloat(0, 1, 0)).isEqualTo(0f);
    }

    @Test
    void shapesAndRowsSumToOne() {
        SelfAttentivePooling block = SelfAttentivePooling.create(8, 3);
        Shape hs = new Shape(5, 7, 6);
        Ref.init(block, manager, hs);
        NDList out = block.forward(ps, new NDList(manager.randomNormal(hs)), false);
        assertThat(out.get(0).getShape()).isEqualTo(new Shape(5, 3, 6));
        assertThat(out.get(1).getShape()).isEqualTo(new Shape(5, 3, 7));
        assertThat(block.getOutputShapes(new Shape[] {hs})).containsExactly(new Shape(5, 3, 6), new Shape(5, 3, 7));
        for (float s : out.get(1).sum(new int[] {2}).toFloatArray()) {
            assertThat(s).isCloseTo(1f, within(1e-5f));
        }
    }
}
