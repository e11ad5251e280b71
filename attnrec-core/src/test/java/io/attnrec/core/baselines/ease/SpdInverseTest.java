package io.attnrec.core.baselines.ease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.concurrent.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpdInverseTest {

    /** A Gram matrix of sparse 0/1 rows plus a ridge: the kind of matrix EASE inverts. */
    static double[][] gramPlusRidge(int n, double ridge, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] g = new double[n][n];
        int[] items = new int[12];
        for (int u = 0; u < 3 * n; u++) {
            int len = 1 + rnd.nextInt(items.length);
            for (int t = 0; t < len; t++) {
                items[t] = rnd.nextInt(n);
            }
            for (int x = 0; x < len; x++) {
                for (int y = 0; y < len; y++) {
                    g[items[x]][items[y]] += 1;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            g[i][i] += ridge;
        }
        return g;
    }

    static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    // 1 and 7: smaller than a block; 128: exactly one; 300: two blocks and a remainder, several
    // column tiles.
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 128, 300})
    void matchesGaussJordan(int n) {
        double[][] g = gramPlusRidge(n, 3.0, n);
        double[][] expected = GaussJordan.inverse(g);
        double[][] a = copy(g);
        try (Parallel par = new Parallel(2)) {
            SpdInverse.invert(a, par);
        }
        double scale = 0;
        for (double[] row : expected) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertThat(Math.abs(a[i][j] - expected[i][j]))
                        .as("(%d,%d)", i, j)
                        .isLessThan(1e-12 * scale);
                assertThat(a[i][j]).isEqualTo(a[j][i]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {300})
    void resultDoesNotDependOnTheThreadCount(int n) {
        double[][] g = gramPlusRidge(n, 1.0, 99);
        double[][] one = copy(g);
        double[][] two = copy(g);
        try (Parallel p1 = new Parallel(1);
                Parallel p3 = new Parallel(3)) {
            SpdInverse.invert(one, p1);
            SpdInverse.invert(two, p3);
        }
        for (int i = 0; i < n; i++) {
            assertThat(two[i]).containsExactly(one[i]);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 200})
    void notPositiveDefiniteIsReported(int n) {
        double[][] g = gramPlusRidge(n, 1.0, 5);
        g[n - 1][n - 1] = -1;
        try (Parallel par = new Parallel(2)) {
            assertThatThrownBy(() -> SpdInverse.invert(g, par))
                    .isInstanceOf(ArithmeticException.class)
                    .hasMessageContaining("not positive definite");
        }
    }
}
