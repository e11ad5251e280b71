package io.attnrec.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.attnrec.nn.Djl;
import java.util.List;
import java.util.function.Supplier;

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
 * <p>Use: {@link #afterStep} with each step's loss (a step whose loss is not finite was skipped,
 * and is not folded in); {@link #validating} wraps a validation so that it scores the average (which
 * then sits in the parameters, so the epoch loop's snapshot of a best pass keeps it); {@link
 * #swapOut} before the next steps puts the trained weights back, so training itself is unchanged by
 * the average. {@link #of} with decay 0 gives an average that is off, whose methods change nothing,
 * so a trainer calls the same hooks with or without one.
 */
public final class WeightAverage implements AutoCloseable {

    private final Checkpoint checkpoint;
    private final double decay;
    /** Null when the average is off. */
    private final NDManager manager;
    /** Null when the average is off. */
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

    /**
     * An average with {@code decay} in (0, 1), or one that is off for decay 0: then nothing is
     * folded, swapped or kept aside.
     */
    public static WeightAverage of(Checkpoint checkpoint, double decay, NDManager parent) {
        return decay == 0 ? new WeightAverage(checkpoint) : new WeightAverage(checkpoint, decay, parent);
    }

    private WeightAverage(Checkpoint checkpoint) {
        this.checkpoint = checkpoint;
        this.decay = 0;
        this.manager = null;
        this.average = null;
    }

    /** Whether this average folds anything in (false for {@link #of} with decay 0). */
    public boolean on() {
        return average != null;
    }

    /**
     * Folds the weights in after a step whose {@code loss} is finite (a step with a non-finite loss
     * was skipped by the updater, so its weights are the last step's); returns the loss.
     */
    public double afterStep(double loss) {
        if (on() && Double.isFinite(loss)) {
            update();
        }
        return loss;
    }

    /** {@code validation} scoring the average: it is swapped in first, and stays in. */
    public <T> Supplier<T> validating(Supplier<T> validation) {
        if (!on()) {
            return validation;
        }
        return () -> {
            swapIn();
            return validation.get();
        };
    }

    /** Folds the current weights into the average (call after each applied step). */
    public void update() {
        if (!on()) {
            return;
        }
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
        if (!on() || live != null) {
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
        if (manager != null) {
            manager.close();
        }
    }
}
