package io.attnrec.serve.testmodels;

import io.attnrec.core.model.EmbeddingModel;
import io.attnrec.core.model.Recommender;
import io.attnrec.serve.retrieval.VectorMath;

/**
 * What the serving tests' embedding models share: a table of item vectors (row i = item i, row 0
 * unused) and scores as each item's best inner product with the user's vectors. A model says only
 * how a history becomes user vectors.
 */
abstract class ItemVectorModel implements Recommender, EmbeddingModel {

    protected final float[][] vectors;
    private final String name;

    ItemVectorModel(String name, float[][] vectors) {
        this.name = name;
        this.vectors = vectors;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int numItems() {
        return vectors.length - 1;
    }

    @Override
    public final int dimension() {
        return vectors[1].length;
    }

    @Override
    public final float[] itemVector(int item) {
        return vectors[item];
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        float[][] u = userVectors(user, history);
        for (int i = 1; i < vectors.length; i++) {
            scores[i] = VectorMath.maxDot(u, vectors[i]);
        }
    }
}
