package io.attnrec.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector and plain dense loops agree with a double-precision reference on odd sizes and offsets. */
class DenseOpsTest {

    @Test
    void vectorAndPlainLoopsAgreeWithTheDefinition() {
        DenseOps vector = DenseOps.best();
        assertThat(vector.getClass().getSimpleName()).isEqualTo("VectorDenseOps");
        Random r = new Random(3);
        for (int n : new int[] {1, 7, 16, 33, 64, 100}) {
            float[] a = gaussian(r, n + 5);
            float[] b = gaussian(r, n + 9);
            double want = 0;
            for (int k = 0; k < n; k++) {
                want += (double) a[3 + k] * b[2 + k];
            }
            for (DenseOps ops : new DenseOps[] {new DenseOps(), vector}) {
                assertThat((double) ops.dot(a, 3, b, 2, n)).isCloseTo(want, within(1e-4));
                float[] y = gaussian(new Random(n), n + 4);
                float[] y0 = y.clone();
                ops.axpy(0.5f, a, 3, y, 4 - 4, n);
                for (int k = 0; k < n; k++) {
                    assertThat((double) y[k]).isCloseTo(y0[k] + 0.5 * a[3 + k], within(1e-5));
                }
            }
            int in = n % 13 + 1;
            float[] w = gaussian(r, in * n);
            float[] x = gaussian(r, in + 2);
            for (DenseOps ops : new DenseOps[] {new DenseOps(), vector}) {
                float[] y = new float[n + 1];
                y[n] = 42;
                ops.rowTimes(x, 2, in, w, y, 0, n);
                for (int o = 0; o < n; o++) {
                    double s = 0;
                    for (int i = 0; i < in; i++) {
                        s += (double) x[2 + i] * w[i * n + o];
                    }
                    assertThat((double) y[o]).as("n %d, o %d", n, o).isCloseTo(s, within(1e-4));
                }
                assertThat(y[n]).isEqualTo(42f); // nothing written past the row
            }
        }
    }

    private static float[] gaussian(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
