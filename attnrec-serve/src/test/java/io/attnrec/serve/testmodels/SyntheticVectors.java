package io.attnrec.serve.testmodels;

import java.util.SplittableRandom;

/**
 * Item and user vectors shaped like trained embeddings: items form clusters (topics) and their
 * norms vary (popular items get longer vectors under inner-product training), users point
 * towards one or two topics. Pure Gaussian vectors would make nearest-neighbour search
 * unrealistically hard, equal norms unrealistically easy for inner-product search.
 */
public final class SyntheticVectors {

    private final int dim;
    private final float[][] centers;
    private final SplittableRandom random;

    /**
     * @param clusters number of topics
     * @param random the only source of randomness
     */
    public SyntheticVectors(int dim, int clusters, SplittableRandom random) {
        if (dim < 1 || clusters < 1) {
            throw new IllegalArgumentException("dim and clusters must be positive");
        }
        this.dim = dim;
        this.random = random;
        this.centers = new float[clusters][];
        for (int c = 0; c < clusters; c++) {
            centers[c] = gaussian(1.0);
        }
    }

    /** {@code n + 1} item vectors; row 0 (padding) is all zeros. */
    public float[][] items(int n) {
        float[][] out = new float[n + 1][];
        out[0] = new float[dim];
        for (int i = 1; i <= n; i++) {
            float[] center = centers[random.nextInt(centers.length)];
            float[] noise = gaussian(0.6);
            double scale = 0.5 + random.nextDouble();
            float[] v = new float[dim];
            for (int j = 0; j < dim; j++) {
                v[j] = (float) (scale * (center[j] + noise[j]));
            }
            out[i] = v;
        }
        return out;
    }

    /** A user vector: a mix of one or two topics plus noise. */
    public float[] query() {
        float[] a = centers[random.nextInt(centers.length)];
        float[] b = centers[random.nextInt(centers.length)];
        double mix = random.nextDouble() < 0.5 ? 1.0 : 0.6;
        float[] noise = gaussian(0.4);
        float[] q = new float[dim];
        for (int j = 0; j < dim; j++) {
            q[j] = (float) (mix * a[j] + (1 - mix) * b[j] + noise[j]);
        }
        return q;
    }

    /** A random vector whose expected norm is about {@code norm}. */
    private float[] gaussian(double norm) {
        float[] v = new float[dim];
        double perDim = norm / Math.sqrt(dim);
        for (int j = 0; j < dim; j++) {
            v[j] = (float) (nextGaussian() * perDim);
        }
        return v;
    }

    private double nextGaussian() {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
