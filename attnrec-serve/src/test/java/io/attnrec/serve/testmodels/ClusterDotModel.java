package io.attnrec.serve.testmodels;

import io.attnrec.core.model.EmbeddingModel;
import io.attnrec.core.model.Recommender;
import io.attnrec.serve.retrieval.VectorMath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test multi-interest model: every item belongs to a cluster; a user has one interest vector per
 * cluster in the history (the mean of those items' vectors, in order of first appearance) and
 * scores items by the best inner product, as ComiRec does.
 */
public final class ClusterDotModel implements Recommender, EmbeddingModel {

    private final float[][] vectors;
    private final int[] cluster;

    /** @param vectors row i = item i (row 0 unused); @param cluster cluster of item i */
    public ClusterDotModel(float[][] vectors, int[] cluster) {
        this.vectors = vectors;
        this.cluster = cluster;
    }

    @Override
    public String name() {
        return "serve-test-cluster-dot";
    }

    @Override
    public int numItems() {
        return vectors.length - 1;
    }

    @Override
    public int dimension() {
        return vectors[1].length;
    }

    @Override
    public float[] itemVector(int item) {
        return vectors[item];
    }

    @Override
    public float[][] userVectors(int user, int[] history) {
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int h : history) {
            groups.computeIfAbsent(cluster[h], c -> new ArrayList<>()).add(h);
        }
        if (groups.isEmpty()) {
            return new float[][] {new float[dimension()]};
        }
        float[][] out = new float[groups.size()][];
        int g = 0;
        for (List<Integer> items : groups.values()) {
            float[] mean = new float[dimension()];
            for (int item : items) {
                for (int j = 0; j < mean.length; j++) {
                    mean[j] += vectors[item][j] / items.size();
                }
            }
            out[g++] = mean;
        }
        return out;
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        float[][] u = userVectors(user, history);
        for (int i = 1; i < vectors.length; i++) {
            scores[i] = VectorMath.maxDot(u, vectors[i]);
        }
    }
}
