package io.attnrec.core.baselines.ease;

import io.attnrec.core.concurrent.Parallel;
import java.util.Arrays;

/**
 * In-place inverse of a dense symmetric positive definite matrix through its Cholesky factor, in
 * the three steps of LAPACK's {@code dpotrf} + {@code dpotri}:
 *
 * <ol>
 *   <li>{@code A = U^T U} with {@code U} upper triangular (blocked, right-looking);
 *   <li>{@code Z = U^-T}, lower triangular;
 *   <li>{@code A^-1 = U^-1 U^-T = Z^T Z}.
 * </ol>
 *
 * <p>Storage: the matrix is {@code double[n][n]}, row-major. Step 1 reads the upper triangle and
 * leaves {@code U} there; step 2 writes {@code Z} into the strictly lower triangle (its diagonal
 * {@code 1/U[i][i]} goes to a side array); step 3 overwrites the lower triangle and diagonal with
 * {@code A^-1} block row by block row, which is safe because block row {@code I} of the result
 * only reads rows of {@code Z} at or below {@code I}. So no second n×n array is needed.
 *
 * <p>Every step spends its time in one kernel, {@code C[I,J] += s * sum_k At[k][i] * B[k][j]},
 * whose operands are both read along rows ({@code k}-major): the innermost loop is a
 * multiply-add over contiguous {@code j}, which the JIT vectorises (a dot-product form would be a
 * floating-point reduction, which it does not). Tiles are handed to worker threads; each output
 * element is summed in one fixed order whatever the number of threads, so the result is
 * bit-for-bit the same for any thread count (Java's floating point is strict).
 *
 * <p>Measured on that 2-core machine: about 20-25 GFLOP/s per CPU-second ({@code n³} flops for
 * the whole inverse); EJML 0.44's {@code symmPosDef} inverse ran at 3.6 on one thread.
 */
final class SpdInverse {

    // Block sizes, tuned by CPU time on a 2-core AMD EPYC (48 KiB L1d, 1 MiB L2 per core); the
    // other combinations tried (64..256 rows, 256..512 columns, k-blocks 16..64) were 10-25% slower.

    /** Rows per block row (and the k extent of one trailing update in step 1). */
    static final int NB = 128;
    /** Columns per tile: the unit of work handed to a thread. */
    static final int JB = 256;
    /** k-block of the kernel: a {@code KB x JB} slab of the right operand (32 KiB) stays in L1. */
    static final int KB = 16;

    private SpdInverse() {}

    /**
     * Replaces {@code a} by its inverse. Only the upper triangle of {@code a} is read; on return
     * the whole matrix holds the (symmetric) inverse.
     *
     * @throws ArithmeticException if {@code a} is not positive definite
     */
    static void invert(double[][] a, Parallel par) {
        int n = a.length;
        for (double[] row : a) {
            if (row.length != n) {
                throw new IllegalArgumentException("matrix is not square");
            }
        }
        choleskyUpper(a, par);
        double[] zdiag = new double[n];
        inverseTransposeLower(a, zdiag, par);
        gramOfLower(a, zdiag, par);
        // Mirror the lower triangle so callers may read either half.
        par.forEach(n, i -> {
            double[] row = a[i];
            for (int j = i + 1; j < n; j++) {
                row[j] = a[j][i];
            }
        });
    }

    /** Step 1: {@code A = U^T U}; U overwrites the upper triangle, the lower one is scratch. */
    static void choleskyUpper(double[][] a, Parallel par) {
        int n = a.length;
        for (int k0 = 0; k0 < n; k0 += NB) {
            int k1 = Math.min(k0 + NB, n);
            // Diagonal block, unblocked.
            for (int k = k0; k < k1; k++) {
                double d = a[k][k];
                if (!(d > 0)) {
                    throw new ArithmeticException("matrix is not positive definite (pivot " + k + " is " + d + ")");
                }
                double r = Math.sqrt(d);
                double[] rk = a[k];
                rk[k] = r;
                for (int j = k + 1; j < k1; j++) {
                    rk[j] /= r;
                }
                for (int i = k + 1; i < k1; i++) {
                    double s = rk[i];
                    double[] ri = a[i];
                    for (int j = i; j < k1; j++) {
                        ri[j] -= s * rk[j];
                    }
                }
            }
            // Row panel right of the diagonal block: solve U11^T X = A12, column chunks in parallel.
            final int fk0 = k0;
            final int fk1 = k1;
            int chunks = ceilDiv(n - k1, JB);
            par.forEach(chunks, t -> {
                int j0 = fk1 + t * JB;
                int j1 = Math.min(j0 + JB, n);
                for (int k = fk0; k < fk1; k++) {
                    double[] rk = a[k];
                    double r = rk[k];
                    for (int j = j0; j < j1; j++) {
                        rk[j] /= r;
                    }
                    for (int i = k + 1; i < fk1; i++) {
                        double s = rk[i];
                        double[] ri = a[i];
                        for (int j = j0; j < j1; j++) {
                            ri[j] -= s * rk[j];
                        }
                    }
                }
            });
            // Trailing update of the upper triangle: A22 -= U12^T U12 over tiles (I, J), J >= I.
            int m = n - k1;
            int rowBlocks = ceilDiv(m, NB);
            int colChunks = ceilDiv(m, JB);
            par.forEach(rowBlocks * colChunks, t -> {
                int i0 = fk1 + (t / colChunks) * NB;
                int j0 = fk1 + (t % colChunks) * JB;
                int i1 = Math.min(i0 + NB, n);
                int j1 = Math.min(j0 + JB, n);
                if (j1 <= i0) {
                    return; // tile lies wholly in the (scratch) lower triangle
                }
                // Columns left of i0 in this tile are lower-triangle scratch: skip them.
                kernel(a, 0, a, a, fk0, fk1, i0, i1, Math.max(j0, i0), j1, -1.0);
            });
        }
    }

    /**
     * Step 2: {@code Z = U^-T} (lower triangular), from {@code L Z = I} with {@code L = U^T}:
     * {@code Z[i][j] = -(sum_{k=j}^{i-1} U[k][i] Z[k][j]) / U[i][i]} for {@code j < i} and {@code
     * Z[i][i] = 1 / U[i][i]}. Z's strictly lower part overwrites the scratch lower triangle; its
     * diagonal goes to {@code zdiag}, U (upper triangle and diagonal) is left intact.
     */
    static void inverseTransposeLower(double[][] a, double[] zdiag, Parallel par) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            zdiag[i] = 1.0 / a[i][i];
        }
        // Sums for one block row; columns are indexed as in the matrix (see rows1k4).
        double[][] tmp = new double[NB][n];
        for (int i0 = 0; i0 < n; i0 += NB) {
            final int fi0 = i0;
            final int i1 = Math.min(i0 + NB, n);
            // Columns left of the diagonal block, in independent chunks.
            par.forEach(ceilDiv(i0, JB), t -> {
                int j0 = t * JB;
                int j1 = Math.min(j0 + JB, fi0);
                for (int i = fi0; i < i1; i++) {
                    Arrays.fill(tmp[i - fi0], j0, j1, 0.0);
                }
                // k in [j0, j1): Z[k][j] is non-zero only for j <= k.
                for (int k = j0; k < j1; k++) {
                    double[] zk = a[k];
                    double zkk = zdiag[k];
                    for (int i = fi0; i < i1; i++) {
                        double s = zk[i]; // U[k][i]
                        double[] ti = tmp[i - fi0];
                        axpy(ti, zk, s, j0, k);
                        ti[k] += s * zkk;
                    }
                }
                // k in [j1, i0): all of Z[k][J] is in the lower triangle.
                kernel(tmp, fi0, a, a, j1, fi0, fi0, i1, j0, j1, 1.0);
                // k in [i0, i): rows of this block computed just before, in order.
                for (int i = fi0; i < i1; i++) {
                    double[] ti = tmp[i - fi0];
                    for (int k = fi0; k < i; k++) {
                        axpy(ti, a[k], a[k][i], j0, j1);
                    }
                    double u = a[i][i];
                    double[] zi = a[i];
                    for (int j = j0; j < j1; j++) {
                        zi[j] = -ti[j] / u;
                    }
                }
            });
            // The diagonal block of Z: a small triangular inverse.
            for (int i = i0; i < i1; i++) {
                double[] zi = a[i];
                for (int j = i0; j < i; j++) {
                    double s = a[j][i] * zdiag[j];
                    for (int k = j + 1; k < i; k++) {
                        s += a[k][i] * a[k][j];
                    }
                    zi[j] = -s / zi[i];
                }
            }
        }
    }

    /**
     * Step 3: {@code P = Z^T Z}, {@code P[i][j] = sum_{k >= i} Z[k][i] Z[k][j]} for {@code j <= i},
     * written over Z's lower triangle and the diagonal, block row by block row from the top.
     */
    static void gramOfLower(double[][] a, double[] zdiag, Parallel par) {
        int n = a.length;
        // Results of one block row wait here until all its tiles are done: they still read Z[I][I].
        double[][] out = new double[NB][n];
        for (int i0 = 0; i0 < n; i0 += NB) {
            final int fi0 = i0;
            final int i1 = Math.min(i0 + NB, n);
            par.forEach(ceilDiv(i1, JB), t -> {
                int j0 = t * JB;
                int j1 = Math.min(j0 + JB, i1);
                for (int i = fi0; i < i1; i++) {
                    Arrays.fill(out[i - fi0], j0, j1, 0.0);
                }
                // k in [i0, i1): Z[k][i] non-zero for i <= k, Z[k][j] for j <= k.
                for (int k = fi0; k < i1; k++) {
                    double[] zk = a[k];
                    double zkk = zdiag[k];
                    int jEnd = Math.min(j1, k);
                    for (int i = fi0; i <= k; i++) {
                        double s = i == k ? zkk : zk[i];
                        double[] oi = out[i - fi0];
                        axpy(oi, zk, s, j0, jEnd);
                        if (k >= j0 && k < j1) {
                            oi[k] += s * zkk;
                        }
                    }
                }
                // k in [i1, n): both operands lie in the strictly lower triangle.
                kernel(out, fi0, a, a, i1, n, fi0, i1, j0, j1, 1.0);
            });
            for (int i = i0; i < i1; i++) {
                System.arraycopy(out[i - i0], 0, a[i], 0, i + 1);
            }
        }
    }

    /**
     * {@code C[i - ci][j] += s * sum_{k in [k0,k1)} at[k][i] * b[k][j]} for {@code i in [i0, i1)},
     * {@code j in [j0, j1)}. The terms of each element are added in order of {@code k}, four at a
     * time from {@code k0}, whatever the tiling: results do not depend on the thread count.
     * {@code k} is blocked so that a {@code KB x JB} slab of {@code b} is reused from cache by
     * every row of the tile.
     */
    static void kernel(
            double[][] c,
            int ci,
            double[][] at,
            double[][] b,
            int k0,
            int k1,
            int i0,
            int i1,
            int j0,
            int j1,
            double s) {
        if (k1 <= k0 || j1 <= j0) {
            return;
        }
        for (int kb = k0; kb < k1; kb += KB) {
            int kbEnd = Math.min(kb + KB, k1);
            for (int i = i0; i < i1; i++) {
                double[] ci0 = c[i - ci];
                int k = kb;
                for (; k + 3 < kbEnd; k += 4) {
                    rows1k4(
                            ci0,
                            b[k],
                            b[k + 1],
                            b[k + 2],
                            b[k + 3],
                            s * at[k][i],
                            s * at[k + 1][i],
                            s * at[k + 2][i],
                            s * at[k + 3][i],
                            j0,
                            j1);
                }
                for (; k < kbEnd; k++) {
                    axpy(ci0, b[k], s * at[k][i], j0, j1);
                }
            }
        }
    }

    // The innermost loops are small methods whose arrays share one index j: C2 (JDK 17)
    // vectorises exactly this shape. Measured on 256 doubles: this 1-row x 4-k form ~45 GFLOP/s
    // per core; a 2-row form, an 8-k form, or an index offset between c and b ran scalar (~10).

    private static void rows1k4(
            double[] c,
            double[] b0,
            double[] b1,
            double[] b2,
            double[] b3,
            double s0,
            double s1,
            double s2,
            double s3,
            int j0,
            int j1) {
        for (int j = j0; j < j1; j++) {
            c[j] += s0 * b0[j] + s1 * b1[j] + s2 * b2[j] + s3 * b3[j];
        }
    }

    private static void axpy(double[] c, double[] b, double s, int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            c[j] += s * b[j];
        }
    }

    private static int ceilDiv(int a, int b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }
}
