package io.attnrec.nn.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.attnrec.nn.Djl;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CapsulesTest {

    private NDManager m;

    @BeforeEach
    void open() {
        m = Djl.newManager();
        Djl.noGrad();
    }

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void squashKnownAnswers() {
        // |(3,4)|^2 = 25: 25/26 * (3,4)/5 = (0.576923, 0.769231); the zero vector stays zero;
        // (0.1, 0): 0.01/1.01 * (1, 0) = (0.00990099, 0)
        float[] out = Capsules.squash(m.create(new float[] {3, 4, 0, 0, 0.1f, 0}, new Shape(3, 2)))
                .toFloatArray();
        assertThat(out[0]).isCloseTo(0.576923f, within(1e-5f));
        assertThat(out[1]).isCloseTo(0.769231f, within(1e-5f));
        assertThat(out[2]).isZero();
        assertThat(out[3]).isZero();
        assertThat(out[4]).isCloseTo(0.00990099f, within(1e-6f));
        assertThat(out[5]).isZero();
    }

    @Test
    void oneIterationByHand() {
        // K = 2, T = 2, D = 2, zero logits: c = 1/2 everywhere;
        // interest 0: s = ((1,0) + (0,1)) / 2 = (0.5, 0.5), |s|^2 = 0.5 -> squash factor
        //   0.5/1.5/sqrt(0.5) = 0.471405 -> v0 = (0.235702, 0.235702)
        // interest 1: s = ((2,0) + (0,0)) / 2 = (1, 0) -> v1 = (0.5, 0)
        NDArray hat = m.create(new float[] {1, 0, 0, 1, 2, 0, 0, 0}, new Shape(1, 2, 2, 2));
        NDList r =
                Capsules.route(hat, m.zeros(new Shape(1, 2, 2)), m.ones(new Shape(1, 2)), m.ones(new Shape(1, 2)), 1);
        assertThat(r.get(0).toFloatArray())
                .containsExactly(new float[] {0.235702f, 0.235702f, 0.5f, 0f}, within(1e-5f));
        assertThat(r.get(1).toFloatArray()).containsExactly(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, within(1e-6f));
    }

    @Test
    void matchesAPlainJavaReferenceOverThreeIterations() {
        SplittableRandom rng = new SplittableRandom(4);
        int b = 2;
        int k = 3;
        int t = 4;
        int d = 5;
        float[] hat = random(rng, b * k * t * d);
        float[] logits = random(rng, k * t);
        // row 1 has padding at its last position, and only 2 active interests
        float[] itemMask = {1, 1, 1, 1, 1, 1, 1, 0};
        float[] active = {1, 1, 1, 1, 1, 0};
        NDList r = Capsules.route(
                m.create(hat, new Shape(b, k, t, d)),
                m.create(logits, new Shape(1, k, t)),
                m.create(itemMask, new Shape(b, t)),
                m.create(active, new Shape(b, k)),
                3);
        float[] v = r.get(0).toFloatArray();
        float[] c = r.get(1).toFloatArray();
        for (int row = 0; row < b; row++) {
            double[][][] ref = reference(hat, logits, itemMask, active, row, k, t, d, 3);
            for (int j = 0; j < k; j++) {
                for (int x = 0; x < d; x++) {
                    assertThat((double) v[(row * k + j) * d + x]).isCloseTo(ref[0][j][x], within(1e-5));
                }
                for (int i = 0; i < t; i++) {
                    assertThat((double) c[(row * k + j) * t + i]).isCloseTo(ref[1][j][i], within(1e-5));
                }
            }
        }
        // the masked item routes nowhere, the switched-off interest is empty
        for (int j = 0; j < k; j++) {
            assertThat(c[(k + j) * t + 3]).isZero();
        }
        for (int x = 0; x < d; x++) {
            assertThat(v[(k + 2) * d + x]).isZero();
        }
    }

    @Test
    void sharedPredictionsBroadcastOverInterests() {
        // MIND's (B, 1, T, D) predictions equal the same values repeated for every interest
        SplittableRandom rng = new SplittableRandom(9);
        float[] shared = random(rng, 3 * 4);
        float[] repeated = new float[2 * 3 * 4];
        System.arraycopy(shared, 0, repeated, 0, 12);
        System.arraycopy(shared, 0, repeated, 12, 12);
        NDArray logits = m.create(random(rng, 2 * 3), new Shape(1, 2, 3));
        NDArray ones = m.ones(new Shape(1, 3));
        NDArray active = m.ones(new Shape(1, 2));
        float[] a = Capsules.route(m.create(shared, new Shape(1, 1, 3, 4)), logits, ones, active, 3)
                .get(0)
                .toFloatArray();
        float[] b = Capsules.route(m.create(repeated, new Shape(1, 2, 3, 4)), logits, ones, active, 3)
                .get(0)
                .toFloatArray();
        assertThat(a).containsExactly(b, within(1e-6f));
    }

    @Test
    void rejectsZeroIterations() {
        assertThatThrownBy(() -> Capsules.route(
                        m.zeros(new Shape(1, 1, 1, 1)),
                        m.zeros(new Shape(1, 1, 1)),
                        m.ones(new Shape(1, 1)),
                        m.ones(new Shape(1, 1)),
                        0))
                .hasMessageContaining("iteration");
    }

    /** Dynamic routing in plain loops: returns {v (K, D), c (K, T)} of one row. */
    private static double[][][] reference(
            float[] hat, float[] logits, float[] itemMask, float[] active, int row, int k, int t, int d, int iters) {
        double[][] b = new double[k][t];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < t; i++) {
                b[j][i] = logits[j * t + i];
            }
        }
        double[][] v = new double[k][d];
        double[][] c = new double[k][t];
        for (int it = 0; it < iters; it++) {
            for (int i = 0; i < t; i++) {
                double z = 0;
                for (int j = 0; j < k; j++) {
                    z += active[row * k + j] > 0 ? Math.exp(b[j][i]) : 0;
                }
                for (int j = 0; j < k; j++) {
                    double w = active[row * k + j] > 0 ? Math.exp(b[j][i]) / z : 0;
                    c[j][i] = w * itemMask[row * t + i];
                }
            }
            for (int j = 0; j < k; j++) {
                double[] s = new double[d];
                for (int i = 0; i < t; i++) {
                    for (int x = 0; x < d; x++) {
                        s[x] += c[j][i] * hat[((row * k + j) * t + i) * d + x];
                    }
                }
                double n2 = 0;
                for (double y : s) {
                    n2 += y * y;
                }
                double f = n2 / (1 + n2) / Math.sqrt(n2 + 1e-9);
                for (int x = 0; x < d; x++) {
                    v[j][x] = f * s[x];
                }
            }
            if (it < iters - 1) {
                for (int j = 0; j < k; j++) {
                    for (int i = 0; i < t; i++) {
                        double dot = 0;
                        for (int x = 0; x < d; x++) {
                            dot += v[j][x] * hat[((row * k + j) * t + i) * d + x];
                        }
                        b[j][i] += dot;
                    }
                }
            }
        }
        return new double[][][] {v, c};
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }
}
