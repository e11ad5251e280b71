package io.attnrec.serve.retrieval;

/** Small dense-vector helpers. */
public final class VectorMath {

    private VectorMath() {}

    /** Inner product of two vectors of equal length. */
    public static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector lengths differ: " + a.length + " vs " + b.length);
        }
        // Four accumulators break the dependency chain so the JIT can pipeline the multiplies.
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Best score over several query vectors: {@code max_k dot(queries[k], item)}. */
    public static float maxDot(float[][] queries, float[] item) {
        float best = Float.NEGATIVE_INFINITY;
        for (float[] q : queries) {
            best = Math.max(best, dot(q, item));
        }
        return best;
    }
}
