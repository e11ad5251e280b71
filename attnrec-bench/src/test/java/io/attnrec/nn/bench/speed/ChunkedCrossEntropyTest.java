package io.attnrec.nn.bench.speed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.attnrec.nn.Djl;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChunkedCrossEntropyTest {

    /** Loss and the gradients of hidden and table, {loss, dH..., dE...}. */
    private static float[][] lossAndGradients(boolean chunked, float[] h, float[] e, long[] t, int chunk) {
        try (NDManager m = Djl.newManager()) {
            NDArray hidden = m.create(h, new Shape(5, 3));
            NDArray table = m.create(e, new Shape(7, 3));
            hidden.setRequiresGradient(true);
            table.setRequiresGradient(true);
            NDArray targets = m.create(t);
            float loss;
            try (GradientCollector gc = Djl.engine().newGradientCollector()) {
                if (chunked) {
                    NDArray[] r = PartsProfile.chunkedCrossEntropy(hidden, table, targets, chunk);
                    loss = r[0].getFloat();
                    gc.backward(r[1]);
                } else {
                    NDArray l = PartsProfile.crossEntropy(hidden, table, targets);
                    loss = l.getFloat();
                    gc.backward(l);
                }
            }
            return new float[][] {
                {loss}, hidden.getGradient().toFloatArray(), table.getGradient().toFloatArray()
            };
        }
    }

    @Test
    void chunkedOutputLayerHasTheAutogradLossAndGradients() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] h = new float[15];
        float[] e = new float[21];
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < e.length; i++) {
            e[i] = (float) rng.nextGaussian();
        }
        // item 2 is the target twice: its one-hot gradient rows add up
        long[] targets = {2, 5, 2, 6, 1};
        float[][] reference = lossAndGradients(false, h, e, targets, 0);
        for (int chunk : new int[] {1, 2, 5, 8}) {
            float[][] got = lossAndGradients(true, h, e, targets, chunk);
            assertThat(got[0][0]).isCloseTo(reference[0][0], within(1e-5f));
            for (int part = 1; part <= 2; part++) {
                assertThat(got[part]).hasSameSizeAs(reference[part]);
                for (int i = 0; i < got[part].length; i++) {
                    assertThat(got[part][i])
                            .as("chunk %d part %d [%d]", chunk, part, i)
                            .isCloseTo(reference[part][i], within(1e-5f));
                }
            }
        }
        // the reference gradient is not trivially zero
        assertThat(Math.abs(reference[2][2 * 3])).isGreaterThan(1e-3f);
    }
}
