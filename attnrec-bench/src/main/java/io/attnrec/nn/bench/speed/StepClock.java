package io.attnrec.nn.bench.speed;

import io.attnrec.nn.train.TrainingListener;

/**
 * Times the trainer's own optimisation steps from the outside: a {@link TrainingListener} that
 * notes the time at the end of every batch of the first epoch. The steps after the warm-up are
 * the timed ones; once {@code warmup + steps} batches are done it stops the run by throwing
 * {@link Enough} (the trainer has no stop hook, and a bench needs no more than that).
 *
 * <p>The time between two batch ends covers everything the trainer does for a step: building the
 * batch, forward, loss, backward and the optimiser update.
 */
final class StepClock implements TrainingListener {

    /** Thrown out of the trainer when enough steps were timed. */
    static final class Enough extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Enough() {
            super("enough steps timed", null, false, false);
        }
    }

    private final int warmup;
    private final int steps;
    private long warmupEnd;
    private long lastEnd;
    private int done;
    private int stepsPerEpoch;

    /**
     * @param warmup untimed steps first, >= 0
     * @param steps timed steps after them; 0 = the rest of the first epoch
     */
    StepClock(int warmup, int steps) {
        if (warmup < 0 || steps < 0) {
            throw new IllegalArgumentException("warm-up and timed steps must be >= 0");
        }
        this.warmup = warmup;
        this.steps = steps;
    }

    @Override
    public void onTrainingStart(String model, int maxEpochs, int batchesPerEpoch) {
        stepsPerEpoch = batchesPerEpoch;
        if (warmup + Math.max(steps, 1) > batchesPerEpoch) {
            throw new IllegalArgumentException("warm-up plus timed steps must fit in one epoch of " + batchesPerEpoch
                    + " steps, got " + warmup + " + " + steps);
        }
        warmupEnd = System.nanoTime();
    }

    @Override
    public void onBatchEnd(int epoch, int batch, double loss) {
        if (epoch != 1) {
            return;
        }
        long now = System.nanoTime();
        done = batch;
        lastEnd = now;
        if (batch == warmup) {
            warmupEnd = now;
        }
        if (steps > 0 && batch == warmup + steps) {
            throw new Enough();
        }
    }

    int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** Timed steps so far. */
    int timedSteps() {
        return Math.max(0, done - warmup);
    }

    /** Seconds from the end of the warm-up to the end of the last timed step. */
    double timedSeconds() {
        return (lastEnd - warmupEnd) / 1e9;
    }
}
