package io.attnrec.core.multi;

/**
 * Scoring with several interest vectors, in plain Java: an item's score is the largest dot product
 * of its vector with any interest (the retrieval rule of MIND and ComiRec). Models score in
 * batches on their own engine; this is the reference for tools that only hold vectors (purity,
 * servers, tests).
 */
public final class InterestScores {

    private InterestScores() {}

    /**
     * Per-interest scores {@code (K, numItems + 1)}: {@code out[k][i] = interests[k] . table[i]};
     * column 0 (padding) is 0.
     */
    public static float[][] perInterest(float[][] interests, float[][] table) {
        float[][] out = new float[interests.length][table.length];
        for (int k = 0; k < interests.length; k++) {
            float[] v = interests[k];
            for (int i = 1; i < table.length; i++) {
                out[k][i] = dot(v, table[i]);
            }
        }
        return out;
    }

    /** {@code out[i] = max_k perInterest[k][i]}; {@code out} has the length of a score row. */
    public static void max(float[][] perInterest, float[] out) {
        if (perInterest.length == 0) {
            throw new IllegalArgumentException("at least one interest is needed");
        }
        System.arraycopy(perInterest[0], 0, out, 0, out.length);
        for (int k = 1; k < perInterest.length; k++) {
            float[] row = perInterest[k];
            for (int i = 0; i < out.length; i++) {
                if (row[i] > out[i]) {
                    out[i] = row[i];
                }
            }
        }
    }

    /** The interest that gives {@code item} its score (the lowest index on ties). */
    public static int argmax(float[][] perInterest, int item) {
        int best = 0;
        for (int k = 1; k < perInterest.length; k++) {
            if (perInterest[k][item] > perInterest[best][item]) {
                best = k;
            }
        }
        return best;
    }

    static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of length " + a.length + " and " + b.length);
        }
        float s = 0;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
    }
}
