package io.attnrec.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.attnrec.nn.Djl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each loss against the formula evaluated by hand in doubles. */
class LossesTest {

    private static final double[][] H = {{1.0, -0.5}, {0.2, 0.8}};
    /** Item table for 3 items plus padding row 0. */
    private static final double[][] E = {{0, 0}, {0.5, 1.0}, {-1.0, 0.3}, {0.7, -0.2}};

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = Djl.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1];
    }

    private static double softplus(double x) {
        return Math.log1p(Math.exp(x));
    }

    private NDArray h() {
        return manager.create(new float[] {1.0f, -0.5f, 0.2f, 0.8f}, new Shape(2, 2));
    }

    private NDArray table() {
        return manager.create(new float[] {0, 0, 0.5f, 1.0f, -1.0f, 0.3f, 0.7f, -0.2f}, new Shape(4, 2));
    }

    @Test
    void crossEntropyOverAllItems() {
        long[] targets = {1, 3};
        double expected = 0;
        for (int p = 0; p < 2; p++) {
            double z = 0;
            for (double[] e : E) {
                z += Math.exp(dot(H[p], e));
            }
            expected += Math.log(z) - dot(H[p], E[(int) targets[p]]);
        }
        expected /= 2;
        float actual =
                Losses.crossEntropy(h(), table(), manager.create(targets)).getFloat();
        assertThat(actual).isCloseTo((float) expected, within(1e-6f));
    }

    @Test
    void bceWithOneNegativePerPosition() {
        long[] targets = {1, 3};
        long[] negatives = {2, 1};
        double expected = 0;
        for (int p = 0; p < 2; p++) {
            expected += softplus(-dot(H[p], E[(int) targets[p]])) + softplus(dot(H[p], E[(int) negatives[p]]));
        }
        expected /= 2;
        float actual = Losses.bce(h(), table(), manager.create(targets), manager.create(negatives))
                .getFloat();
        assertThat(actual).isCloseTo((float) expected, within(1e-6f));
    }

    @Test
    void sampledSoftmaxMasksAnAccidentalHit() {
        long[] targets = {1, 3};
        long[] negatives = {2, 1};
        double expected = 0;
        for (int p = 0; p < 2; p++) {
            double pos = dot(H[p], E[(int) targets[p]]);
            double z = Math.exp(pos);
            for (long n : negatives) {
                if (n != targets[p]) {
                    z += Math.exp(dot(H[p], E[(int) n]));
                }
            }
            expected += Math.log(z) - pos;
        }
        expected /= 2;
        float actual = Losses.sampledSoftmax(h(), table(), manager.create(targets), manager.create(negatives))
                .getFloat();
        assertThat(actual).isCloseTo((float) expected, within(1e-6f));
    }

    @Test
    void gbceRaisesThePositiveTermToBetaWithNegativesPerPosition() {
        long[] targets = {1, 3};
        // position 0 drew its own target as a negative: it does not count
        long[][] negatives = {{2, 1}, {1, 2}};
        int numItems = 3;
        double t = 0.75;
        double alpha = 2.0 / (numItems - 1);
        double beta = alpha * (t * (1 - 1 / alpha) + 1 / alpha);
        // every logit is shifted by the prior logit log(beta / k)
        double shift = Math.log(beta / 2);
        double sum = 0;
        for (int p = 0; p < 2; p++) {
            double sigmoid = 1 / (1 + Math.exp(-(dot(H[p], E[(int) targets[p]]) + shift)));
            sum += -Math.log(Math.pow(sigmoid, beta));
            for (long n : negatives[p]) {
                if (n != targets[p]) {
                    sum += softplus(dot(H[p], E[(int) n]) + shift);
                }
            }
        }
        double expected = sum / (2 * (1 + 2));
        float actual = Losses.gbce(
                        h(),
                        table(),
                        manager.create(targets),
                        manager.create(new long[] {2, 1, 1, 2}, new Shape(2, 2)),
                        numItems,
                        t)
                .getFloat();
        assertThat(actual).isCloseTo((float) expected, within(1e-6f));
    }

    @Test
    void thePriorLogitMinimisesGbceForAnUninformedModel() {
        // one positive weighted by beta against k negatives, every item at the same logit s: the
        // loss beta softplus(-s) + k softplus(s) has its minimum at the prior logit
        for (double beta : new double[] {1.0, 0.36}) {
            for (int k : new int[] {1, 16, 256}) {
                double s = Losses.priorLogit(beta, k);
                double gradient = -beta / (1 + Math.exp(s)) + k / (1 + Math.exp(-s));
                assertThat(gradient).isCloseTo(0, within(1e-9));
                double at = beta * softplus(-s) + k * softplus(s);
                assertThat(beta * softplus(-(s + 0.1)) + k * softplus(s + 0.1)).isGreaterThan(at);
                assertThat(beta * softplus(-(s - 0.1)) + k * softplus(s - 0.1)).isGreaterThan(at);
            }
        }
        // one negative and no correction: plain BCE, no shift
        assertThat(Losses.priorLogit(1.0, 1)).isEqualTo(0.0);
    }

    @Test
    void gbceWithCalibrationZeroIsPlainBce() {
        // t = 0 gives beta = 1: no correction
        long[] targets = {2};
        long[] negatives = {1};
        NDArray h = manager.create(new float[] {0.3f, 0.4f}, new Shape(1, 2));
        float gbce = Losses.gbce(
                        h, table(), manager.create(targets), manager.create(negatives, new Shape(1, 1)), 3, 0.0)
                .getFloat();
        float bce = Losses.bce(h, table(), manager.create(targets), manager.create(negatives))
                .getFloat();
        // gBCE averages over 1 + k logits, BCE over positions
        assertThat(gbce * 2).isCloseTo(bce, within(1e-6f));
    }
}
