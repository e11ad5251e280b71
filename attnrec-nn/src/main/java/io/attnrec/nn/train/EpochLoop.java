package io.attnrec.nn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.DoubleSupplier;
import java.util.function.IntConsumer;
import java.util.function.IntToDoubleFunction;
import java.util.function.Supplier;

/**
 * The epoch loop every trainer shares: runs each epoch's steps, validates every {@code evalEvery}
 * epochs (and after the last), keeps the best epoch's weights, stops after {@code patience}
 * validations without a better score, and puts the best weights back at the end.
 *
 * <p>A step returns its loss and applies its update only when that loss is finite; otherwise the
 * step is thrown away and training goes on ({@link TrainingResult#skippedSteps} counts them),
 * as mixed-precision training skips overflowing steps: one bad batch should not end a long run
 * (the NaNs that prompted this came from freed memory, fixed in {@link io.attnrec.nn.Scalars}). More than {@value #MAX_CONSECUTIVE_SKIPS} non-finite losses
 * in a row is divergence: after at least one validation training ends there, keeping the best
 * weights so far (like early stopping; {@link TrainingResult#divergedAtEpoch}); before any
 * validation there are no weights worth keeping and training fails with a one-line message.
 *
 * <p>Noise-aware stopping (issue 18): a validation whose score is within one standard error of
 * the best score (the standard error of the best epoch's mean over the validated users) is not
 * counted as a validation without improvement: on a thousand users NDCG@10 moves by more than
 * its epoch-to-epoch gains from noise alone, and a lucky early epoch would otherwise end training
 * while the model is still improving. The best weights are still those of the highest score.
 * That tolerance ends on a long plateau: after {@link #plateauValidations} validations without a
 * new best (within noise or not) training stops, so a large data set, whose plateau is as flat
 * as its noise band is narrow, is not trained to {@code maxEpochs}. And training never stops
 * before {@code minEpochs}.
 *
 * @param maxEpochs epochs at most
 * @param patience validations without improvement before stopping
 * @param evalEvery validate every this many epochs
 * @param stepsPerEpoch steps in every epoch
 * @param minEpochs no early stop before this epoch (0 = none)
 */
public record EpochLoop(int maxEpochs, int patience, int evalEvery, int stepsPerEpoch, int minEpochs) {

    /** Non-finite losses in a row that count as divergence rather than a bad step. */
    public static final int MAX_CONSECUTIVE_SKIPS = 3;

    /**
     * Optimiser steps that every training runs at least when {@code min_epochs} is automatic:
     * SASRec with the full softmax on MovieLens-100K (8 steps an epoch) peaks after about 300
     * steps (epoch 37, bench/RESULTS.md), and its validation NDCG@10 is still within noise of its
     * peak for many epochs after; on Amazon Beauty (315 steps an epoch) this is one epoch.
     */
    public static final int MIN_STEPS = 200;

    /**
     * Optimiser steps without a new best after which a plateau within noise of the best ends
     * training. On the small dev sets the longest wait for a new best was 355 steps (SASRec,
     * ml-latest-small, epochs 101 to 172 at 5 steps an epoch; bench/RESULTS.md, issue 18 session
     * 12), so 2,000 never cuts them short (ml-100k: 250 epochs, beyond the default 200); on Amazon
     * Beauty (175-315 steps an epoch) it is 7-12 epochs, about the default patience, where the
     * rule without it trained on a flat plateau until the 200th epoch.
     */
    public static final int PLATEAU_STEPS = 2_000;

    /** A loop without a minimum number of epochs. */
    public EpochLoop(int maxEpochs, int patience, int evalEvery, int stepsPerEpoch) {
        this(maxEpochs, patience, evalEvery, stepsPerEpoch, 0);
    }

    /** The loop of a training run's settings: epochs, patience, validation interval and minimum. */
    public static EpochLoop of(TrainConfig config, int stepsPerEpoch) {
        return new EpochLoop(
                config.epochs(),
                config.patience(),
                config.evalEvery(),
                stepsPerEpoch,
                minEpochs(config.minEpochs(), stepsPerEpoch, config.epochs()));
    }

    /**
     * The automatic minimum: enough epochs for {@link #MIN_STEPS} steps, at most {@code maxEpochs};
     * a requested value {@code >= 0} is kept as it is.
     */
    public static int minEpochs(int requested, int stepsPerEpoch, int maxEpochs) {
        if (requested >= 0) {
            return requested;
        }
        return Math.min(maxEpochs, (MIN_STEPS + stepsPerEpoch - 1) / Math.max(1, stepsPerEpoch));
    }

    /**
     * Validations without a new best (within noise or not) that end training: {@link
     * #PLATEAU_STEPS} worth of steps, and never fewer than {@code patience}.
     */
    public int plateauValidations() {
        long steps = (long) Math.max(1, stepsPerEpoch) * evalEvery;
        return (int) Math.max(patience, (PLATEAU_STEPS + steps - 1) / steps);
    }

    /**
     * A validation score and its standard error over the validated users (0 when unknown).
     *
     * @param value the score, higher is better
     * @param standardError standard error of {@code value}, >= 0
     */
    public record Score(double value, double standardError) {}

    /** As {@link #runScored} with a validation score that has no standard error. */
    public TrainingResult run(
            String model,
            IntConsumer beginEpoch,
            IntToDoubleFunction step,
            DoubleSupplier validate,
            Checkpoint checkpoint,
            List<TrainingListener> listeners) {
        return runScored(
                model,
                beginEpoch,
                step,
                validate == null ? null : () -> new Score(validate.getAsDouble(), 0),
                checkpoint,
                listeners);
    }

    /**
     * Runs the loop.
     *
     * @param model the model's name, for the listeners
     * @param beginEpoch called with the epoch number before its steps (shuffle, draw samples)
     * @param step runs step {@code i} of the current epoch; returns its loss, applied only if finite
     * @param validate the validation score, higher is better, with its standard error; null when
     *     there is nothing to validate on
     * @param checkpoint the parameters to snapshot and restore
     */
    public TrainingResult runScored(
            String model,
            IntConsumer beginEpoch,
            IntToDoubleFunction step,
            Supplier<Score> validate,
            Checkpoint checkpoint,
            List<TrainingListener> listeners) {
        return runScored(model, beginEpoch, step, validate, checkpoint, listeners, null);
    }

    /**
     * Weights a run starts from and their validation score: epoch 0 of a run that keeps the latest
     * weights within noise of the best ({@link #runScored(String, IntConsumer, IntToDoubleFunction,
     * Supplier, Checkpoint, List, Start)}).
     */
    public record Start(Score score, float[][] weights) {}

    /**
     * As {@link #runScored(String, IntConsumer, IntToDoubleFunction, Supplier, Checkpoint, List)},
     * but with {@code from} set the starting weights are epoch 0, scored {@code from.score()},
     * and the run ends on the <em>latest</em> validated weights within one standard error of the
     * best score rather than on the best: a fine-tuning's gains on its held-out events are smaller
     * than their noise, so "best" picks an early interval or the parent by luck, while the steps
     * after it carry the new data further (issue 16, session 26). {@link TrainingResult#bestEpoch}
     * and {@link TrainingResult#bestValidationNdcg} are then the kept weights' (0: the start's).
     */
    public TrainingResult runScored(
            String model,
            IntConsumer beginEpoch,
            IntToDoubleFunction step,
            Supplier<Score> validate,
            Checkpoint checkpoint,
            List<TrainingListener> listeners,
            Start from) {
        listeners.forEach(l -> l.onTrainingStart(model, maxEpochs, stepsPerEpoch));
        long start = System.nanoTime();
        List<EpochStats> history = new ArrayList<>();
        float[][] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        double bestError = 0;
        int bestEpoch = 0;
        if (from != null) {
            best = from.weights();
            bestScore = from.score().value();
            bestError = from.score().standardError();
        }
        // the latest weights within noise of the best (used with a start only)
        float[][] kept = best;
        int keptEpoch = 0;
        double keptScore = bestScore;
        int sinceBest = 0;
        int sinceStrictBest = 0;
        int plateau = plateauValidations();
        boolean stoppedEarly = false;
        int divergedAt = 0;
        int skipped = 0;
        int inARow = 0;
        for (int epoch = 1; epoch <= maxEpochs && divergedAt == 0; epoch++) {
            long epochStart = System.nanoTime();
            beginEpoch.accept(epoch);
            double lossSum = 0;
            int applied = 0;
            for (int s = 0; s < stepsPerEpoch; s++) {
                double loss = step.applyAsDouble(s);
                if (!Double.isFinite(loss)) {
                    skipped++;
                    if (++inARow <= MAX_CONSECUTIVE_SKIPS) {
                        continue;
                    }
                    if (best == null) {
                        throw new IllegalStateException("training diverged at epoch " + epoch + " (loss is " + loss
                                + " in " + inARow + " steps in a row) before any validated epoch; try a smaller"
                                + " learning rate");
                    }
                    divergedAt = epoch;
                    break;
                }
                inARow = 0;
                applied++;
                lossSum += loss;
                int e = epoch;
                int done = s + 1;
                listeners.forEach(l -> l.onBatchEnd(e, done, loss));
            }
            if (divergedAt != 0) {
                break;
            }
            OptionalDouble score = OptionalDouble.empty();
            boolean improved = false;
            if (validate != null && (epoch % evalEvery == 0 || epoch == maxEpochs)) {
                Score sc = validate.get();
                double v = sc.value();
                score = OptionalDouble.of(v);
                if (v > bestScore) {
                    bestScore = v;
                    bestError = sc.standardError();
                    bestEpoch = epoch;
                    best = checkpoint.snapshot();
                    kept = best;
                    keptEpoch = epoch;
                    keptScore = v;
                    sinceBest = 0;
                    sinceStrictBest = 0;
                    improved = true;
                } else if (v >= bestScore - bestError) {
                    // not better, but within noise of the best: the model may still be improving
                    sinceBest = 0;
                    sinceStrictBest++;
                    if (from != null) {
                        kept = checkpoint.snapshot();
                        keptEpoch = epoch;
                        keptScore = v;
                    }
                } else {
                    sinceBest++;
                    sinceStrictBest++;
                }
            } else if (validate == null) {
                bestEpoch = epoch;
            }
            EpochStats stats = new EpochStats(
                    epoch, lossSum / Math.max(1, applied), score, (System.nanoTime() - epochStart) / 1e9, improved);
            history.add(stats);
            listeners.forEach(l -> l.onEpochEnd(stats));
            if ((sinceBest >= patience || sinceStrictBest >= plateau) && epoch >= minEpochs) {
                stoppedEarly = epoch < maxEpochs;
                break;
            }
        }
        if (from != null) {
            checkpoint.restore(kept);
            bestEpoch = keptEpoch;
            bestScore = keptScore;
        } else if (best != null) {
            checkpoint.restore(best);
        }
        TrainingResult result = new TrainingResult(
                history,
                bestEpoch,
                best != null ? bestScore : Double.NaN,
                stoppedEarly,
                divergedAt,
                skipped,
                (System.nanoTime() - start) / 1e9,
                (long) history.size() * stepsPerEpoch);
        listeners.forEach(l -> l.onTrainingEnd(result));
        return result;
    }
}
