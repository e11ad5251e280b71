package io.attnrec.serve.testmodels;

import io.attnrec.serve.retrieval.VectorMath;

/**
 * A stand-in for a trained single-vector model (SASRec-like cost: one user vector, one inner
 * product per item) for serving benchmarks: the user vector is the recency-weighted mean of the
 * last 50 history items' vectors.
 */
public final class SyntheticEmbeddingModel extends ItemVectorModel {

    private static final int WINDOW = 50;

    /** @param vectors row i = item i; row 0 (padding) unused */
    public SyntheticEmbeddingModel(float[][] vectors) {
        super("synthetic-embedding", vectors);
    }

    @Override
    public float[][] userVectors(int user, int[] history) {
        float[] u = new float[dimension()];
        float w = 1;
        for (int p = history.length - 1; p >= Math.max(0, history.length - WINDOW); p--, w *= 0.9f) {
            float[] v = vectors[history[p]];
            for (int j = 0; j < u.length; j++) {
                u[j] += w * v[j];
            }
        }
        return new float[][] {u};
    }

    /**
     * One pass over the item table for the whole batch: each item vector is read once and
     * multiplied with every user vector while it is in cache.
     */
    @Override
    public void scoreBatch(int[] users, int[][] histories, float[][] out) {
        float[][] u = new float[users.length][];
        for (int b = 0; b < users.length; b++) {
            u[b] = userVectors(users[b], histories[b])[0];
        }
        for (int i = 1; i < vectors.length; i++) {
            float[] v = vectors[i];
            for (int b = 0; b < u.length; b++) {
                out[b][i] = VectorMath.dot(u[b], v);
            }
        }
    }
}
