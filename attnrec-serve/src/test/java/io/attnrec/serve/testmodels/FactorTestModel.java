package io.attnrec.serve.testmodels;

import io.attnrec.core.model.FactorScorer;
import io.attnrec.core.model.FactorTable;
import io.attnrec.core.model.Recommender;
import java.util.SplittableRandom;

/**
 * A small {@link FactorScorer} whose {@link #score} is the plain reference loop in the table's
 * documented arithmetic (from the bias, dimension by dimension, fused or rounded multiply-adds;
 * several user rows max-combined), so a server's kernel path must reproduce it bit for bit. Its
 * user rows are the weighted sum of the newest history items' vectors (one row, or one per
 * interest). Coarse factors (multiples of 0.5) make many exact ties. {@code singleRequests}: whether
 * it offers {@link #requestFactors} (SASRec's plain-Java path) or only the batch encoding.
 */
public final class FactorTestModel implements Recommender, FactorScorer {

    private final float[][] items;
    private final float[] bias;
    private final boolean fused;
    private final int interests;
    private final boolean singleRequests;

    public FactorTestModel(
            int numItems, int dim, int interests, boolean fused, boolean coarse, boolean singleRequests, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        items = new float[numItems + 1][dim];
        for (int i = 1; i <= numItems; i++) {
            for (int d = 0; d < dim; d++) {
                items[i][d] = coarse ? (r.nextInt(5) - 2) * 0.5f : (float) r.nextGaussian();
            }
        }
        bias = fused ? null : new float[numItems + 1];
        if (bias != null) {
            for (int i = 1; i <= numItems; i++) {
                bias[i] = coarse ? r.nextInt(3) * 0.5f : (float) r.nextGaussian() * 0.1f;
            }
        }
        this.fused = fused;
        this.interests = interests;
        this.singleRequests = singleRequests;
    }

    @Override
    public String name() {
        return "factor-test";
    }

    @Override
    public int numItems() {
        return items.length - 1;
    }

    @Override
    public FactorTable factorTable() {
        return new FactorTable(items, bias, fused);
    }

    /** Row k = sum over the newest 5 history items h of (1 + k + position weight) * q_h. */
    private float[][] rows(int[] history) {
        int dim = items[0].length;
        float[][] out = new float[interests][dim];
        for (int k = 0; k < interests; k++) {
            for (int p = Math.max(0, history.length - 5); p < history.length; p++) {
                float w = (k % 2 == 0 ? 1f : -0.5f) * (1 + k + p % 3);
                for (int d = 0; d < dim; d++) {
                    out[k][d] += w * items[history[p]][d];
                }
            }
        }
        return out;
    }

    @Override
    public float[][][] userFactors(int[] users, int[][] histories) {
        float[][][] out = new float[histories.length][][];
        for (int b = 0; b < histories.length; b++) {
            out[b] = rows(histories[b]);
        }
        return out;
    }

    @Override
    public float[][] requestFactors(int user, int[] history) {
        return singleRequests ? rows(history) : null;
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        float[][] rows = rows(history);
        for (int i = 1; i < items.length; i++) {
            float best = Float.NEGATIVE_INFINITY;
            for (float[] row : rows) {
                float acc = bias == null ? 0f : bias[i];
                for (int d = 0; d < row.length; d++) {
                    acc = fused ? Math.fma(row[d], items[i][d], acc) : acc + row[d] * items[i][d];
                }
                best = Math.max(best, acc);
            }
            scores[i] = best;
        }
    }

    /** Overridden so that the server batches it (the default loops over {@link #score}). */
    @Override
    public void scoreBatch(int[] users, int[][] histories, float[][] out) {
        for (int b = 0; b < users.length; b++) {
            score(users[b], histories[b], out[b]);
        }
    }
}
