package io.attnrec.nn.glocal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.attnrec.nn.Djl;
import org.junit.jupiter.api.Test;

class LbfgsTest {

    /** Rosenbrock's valley, {@code sum 100 (x_{k+1} - x_k^2)^2 + (1 - x_k)^2}: minimum 0 at all ones. */
    private static Lbfgs.Value rosenbrock(NDArray x) {
        float[] v = x.toFloatArray();
        double f = 0;
        float[] g = new float[v.length];
        for (int k = 0; k + 1 < v.length; k++) {
            double a = v[k + 1] - v[k] * v[k];
            double b = 1 - v[k];
            f += 100 * a * a + b * b;
            g[k] += (float) (-400 * a * v[k] - 2 * b);
            g[k + 1] += (float) (200 * a);
        }
        return new Lbfgs.Value(f, x.getManager().create(g));
    }

    @Test
    void findsTheMinimumOfRosenbrocksValleyWhereSteepestDescentStallsAndStaysAboveIt() {
        try (NDManager m = Djl.newManager()) {
            NDArray start = m.create(new float[] {-1.2f, 1f, -1.2f, 1f});
            NDArray end = new Lbfgs(10).run(LbfgsTest::rosenbrock, start, 200);
            assertThat(rosenbrock(end).f()).isLessThan(1e-6);
            for (float v : end.toFloatArray()) {
                assertThat(v).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-3f));
            }
            // the start is not written, and one memory-1 iteration lowers the value without reaching it
            assertThat(start.toFloatArray()).containsExactly(-1.2f, 1f, -1.2f, 1f);
            double once = rosenbrock(new Lbfgs(1).run(LbfgsTest::rosenbrock, start, 1))
                    .f();
            assertThat(once).isLessThan(rosenbrock(start).f()).isGreaterThan(1e-3);
        }
    }
}
