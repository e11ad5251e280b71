package io.attnrec.core.rating;

import java.util.SplittableRandom;

/** Small dense-vector helpers over rows of flat parameter tables ({@code row * dim} offsets). */
final class Vectors {

    private Vectors() {}

    static double dot(float[] a, int aOff, float[] b, int bOff, int dim) {
        double s = 0;
        for (int k = 0; k < dim; k++) {
            s += a[aOff + k] * b[bOff + k];
        }
        return s;
    }

    static double dot(float[] a, int aOff, double[] b, int dim) {
        double s = 0;
        for (int k = 0; k < dim; k++) {
            s += a[aOff + k] * b[k];
        }
        return s;
    }

    /** Fills {@code rows x dim} with N(0, std), leaving rows whose {@code keep} is false at zero. */
    static float[] gaussian(int rows, int dim, double std, boolean[] keep, SplittableRandom random) {
        float[] t = new float[rows * dim];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < dim; k++) {
                // Draw for every row so that the values of a row do not depend on which rows are kept.
                double g = gaussian(random) * std;
                if (keep == null || keep[r]) {
                    t[r * dim + k] = (float) g;
                }
            }
        }
        return t;
    }

    /** A standard normal draw (Box-Muller; SplittableRandom has no nextGaussian on Java 17). */
    static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A seeded Fisher-Yates permutation of {@code 0..n-1}, written into {@code out}. */
    static void shuffle(int[] out, SplittableRandom random) {
        for (int i = 0; i < out.length; i++) {
            out[i] = i;
        }
        for (int i = out.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
    }
}
