package io.attnrec.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.attnrec.nn.Djl;
import java.util.List;

/**
 * An exponential moving average of a {@link Checkpoint}'s parameters over the optimiser steps
 * (Polyak averaging): {@code avg = d * avg + (1 - d) * w} after every applied step, with {@code d
 * = min(decay, (1 + n) / (10 + n))} after {@code n} updates so that the first steps are not
 * dominated by the initial weights.
 *
 * <p>Why: a validation score read from the last step's weights carries that step's noise, and
 * keeping the pass with the best score picks the luckiest draw of it; the average moves slowly
 * along the same trajectory, so the weights validated and kept are a smoother point of it.
 *
 * <p>Use: {@link #update} after each applied step; {@link #swapIn} before validating (the average
 * then sits in the parameters, so the epoch loop's snapshot of a best pass keeps the average);
 * {@link #swapOut} before the next steps puts the trained weights back, so training itself is
 * unchanged by the average.
 */
public final class WeightAverage implements AutoCloseable {

    private final Checkpoint checkpoint;
    private final double decay;
    private final NDManager manager;
    private final NDArray[] average;
    private long updates;
    /** The trained weights while the average is swapped in, else null. */
    private float[][] live;

    /**
     * @param decay the average's decay per step, in (0, 1)
     * @param parent the manager that owns the model's parameters (the average lives in a child)
     */
    public WeightAverage(Checkpoint checkpoint, double decay, NDManager parent) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("an average's decay must be in (0, 1), got " + decay);
        }
        this.checkpoint = checkpoint;
        this.decay = decay;
        this.manager = parent.newSubManager();
        Djl.noGrad();
        List<Pair<String, Parameter>> params = checkpoint.parameters();
        average = new NDArray[params.size()];
        for (int i = 0; i < average.length; i++) {
            average[i] = params.get(i).getValue().getArray().duplicate();
            average[i].attach(manager);
        }
    }

    /** Folds the current weights into the average (call after each applied step). */
    public void update() {
        if (live != null) {
            throw new IllegalStateException("the average is swapped in; swap it out before training on");
        }
        Djl.noGrad();
        float d = (float) Math.min(decay, (1.0 + updates) / (10.0 + updates));
        List<Pair<String, Parameter>> params = checkpoint.parameters();
        for (int i = 0; i < average.length; i++) {
            try (NDArray share = params.get(i).getValue().getArray().mul(1f - d)) {
                average[i].muli(d).addi(share);
            }
        }
        updates++;
    }

    /** Steps folded in so far. */
    public long updates() {
        return updates;
    }

    /** Puts the average into the parameters, keeping the trained weights aside (idempotent). */
    public void swapIn() {
        if (live != null) {
            return;
        }
        live = checkpoint.snapshot();
        float[][] values = new float[average.length][];
        for (int i = 0; i < values.length; i++) {
            values[i] = average[i].toFloatArray();
        }
        checkpoint.restore(values);
    }

    /** Puts the trained weights back after {@link #swapIn} (a no-op otherwise). */
    public void swapOut() {
        if (live == null) {
            return;
        }
        checkpoint.restore(live);
        live = null;
    }

    @Override
    public void close() {
        manager.close();
    }
}
