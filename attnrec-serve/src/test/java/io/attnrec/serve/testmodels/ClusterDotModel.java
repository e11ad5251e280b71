package io.attnrec.serve.testmodels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test multi-interest model: every item belongs to a cluster; a user has one interest vector per
 * cluster in the history (the mean of those items' vectors, in order of first appearance) and
 * scores items by the best inner product, as ComiRec does.
 */
public final class ClusterDotModel extends ItemVectorModel {

    private final int[] cluster;

    /** @param vectors row i = item i (row 0 unused); @param cluster cluster of item i */
    public ClusterDotModel(float[][] vectors, int[] cluster) {
        super("serve-test-cluster-dot", vectors);
        this.cluster = cluster;
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
}
