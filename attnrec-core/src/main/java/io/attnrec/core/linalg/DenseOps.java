package io.attnrec.core.linalg;

/**
 * The two loops of a small dense forward pass in plain Java ({@code y += a * x} and a dot
 * product), for networks evaluated one request at a time on the JVM. This class is the plain
 * loop; {@link #best()} is the JDK vector API version when the JVM has {@code
 * jdk.incubator.vector}, chosen like {@link FactorKernel#best()}. The vector version sums in
 * another order (lanes, then the lanes' total) and fuses multiply and add, so results agree to
 * float rounding, not bit for bit.
 */
public class DenseOps {

    private static final DenseOps BEST = choose();

    DenseOps() {}

    /** The fastest version this JVM can run. */
    public static DenseOps best() {
        return BEST;
    }

    private static DenseOps choose() {
        return VectorApi.choose("VectorDenseOps", DenseOps.class, new DenseOps());
    }

    /** {@code y[yo + k] += a * x[xo + k]} for {@code k < n}. */
    public void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
        for (int k = 0; k < n; k++) {
            y[yo + k] += a * x[xo + k];
        }
    }

    /**
     * One row times a matrix: {@code y[yo + o] += sum_i x[xo + i] * w[i * out + o]} for {@code o <
     * out}, {@code i < in}; {@code w} is {@code (in, out)} row-major.
     */
    public void rowTimes(float[] x, int xo, int in, float[] w, float[] y, int yo, int out) {
        for (int i = 0; i < in; i++) {
            axpy(x[xo + i], w, i * out, y, yo, out);
        }
    }

    /** {@code sum_k a[ao + k] * b[bo + k]} for {@code k < n}. */
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        float s = 0;
        for (int k = 0; k < n; k++) {
            s += a[ao + k] * b[bo + k];
        }
        return s;
    }
}
