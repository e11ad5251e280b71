package io.attnrec.core.model;

/**
 * How a model continues from its parent on grown data ({@code attnrec train --from}, {@code
 * attnrec update}).
 *
 * @param replayRatio replayed users per user with new events: a seeded sample of the users whose
 *     sequences did not change is trained on beside the changed ones, so the fine-tuning does not
 *     forget what it is not shown ({@code >= 0}; 0 trains on the recent users alone)
 * @param spareFraction when the item table must grow, room for this fraction more items is kept,
 *     so the next growths within it keep the table's shape ({@code >= 0})
 * @param maxItems the largest item table allowed, spare rows not counted; 0 for no limit. Growth
 *     beyond it is refused, not truncated: dropping items would break the append-only id map
 * @param fineTune false copies the parent's weights into the grown model without training (new
 *     rows keep their initialisation): a check that a warm start keeps the parent's scores
 * @param minKnownShare the least share of the new data's interactions on items or by users the
 *     parent knows; below it the data is taken to be another data set's and refused
 * @param epochs passes over the fine-tuning users (the family's own {@code epochs} option is the
 *     budget of a training from scratch); 0 keeps the family's setting. Not used when {@code
 *     stepsPerKiloEvent > 0}
 * @param stepsPerKiloEvent a budget in optimiser steps instead of epochs: this many steps per
 *     1,000 new events ({@link #stepBudget}), so the cost of an update follows the size of the
 *     increment and not the size of everything so far; 0 (the default) counts in {@code epochs}.
 *     Each step is one batch of the recent and replayed users, drawn in shuffled passes. Used by
 *     the sequential families (SASRec and its kin); multi-interest, DIN and BPR still count in
 *     {@code epochs}
 * @param maxSteps the most steps of a step budget; 0 for no limit
 * @param minSteps the fewest steps of a step budget, however small the increment; 0 for no floor.
 *     A rate per new event alone gives a small window only a few dozen steps, too few to move the
 *     model (issue 16, session 9: 16–76 steps on ml-latest-small's windows); the floor gives every
 *     update a minimum of training, and {@code maxSteps} still bounds its cost ({@code <= maxSteps}
 *     when that is set)
 * @param minStepShare a second floor, as a share of the steps the training from scratch at the
 *     root of the model's lineage ran ({@link Manifest#rootTrainSteps}); 0 for none, and none when
 *     that count is not known. A constant floor costs a different share of a retrain on every data
 *     set: 120 steps were 13% of ml-100k's retrains and 25% of ml-latest-small's (issue 16, session
 *     27), whose retrains are short; a share keeps each update near a fixed share of what a
 *     retrain costs. {@code maxSteps} bounds it too ({@code >= 0})
 * @param validateEvery with a step budget: steps between two validations on the fine-tuned
 *     users' held-out events (early stopping with the family's {@code patience}, the best
 *     validated weights kept); the budget is at least one such interval ({@code >= 1})
 * @param newItemLrScale the new items' rows of the item table learn at this multiple of the
 *     fine-tuning's learning rate (sequential families; 1 = the same rate). A capped budget gives a
 *     new item only the few batches that contain it, while the known rows only need to follow
 *     (issue 16); {@code > 0}
 * @param newItemInit where a new item's row starts (models without content features; {@link
 *     NewItemInit})
 * @param schedule how the fine-tuning's learning rate moves over a step budget ({@link
 *     FineTuneSchedule}; budgets in epochs keep the rate constant)
 * @param boldLrScale 0 (the default) for one fine-tuning; {@code > 0}: a step budget is split in
 *     two halves, each starting from the parent's weights, the first at the fine-tuning's learning
 *     rate and the second at this multiple of it, and the weights that validate best among the
 *     parent's and both runs' are kept. A parent far below a retrain (on ml-latest-small) needs a
 *     large step to reach the retrain's level, a well-trained parent is spoilt by one (issue 16,
 *     session 23: ml-latest-small's and ml-1m-partial's selection steps); the validation decides
 *     which the data needs, at the cost of one budget
 * @param boldShare the bold run's share of the budget ({@link #boldSplit}), in {@code (0, 1)}; 0.5
 *     by default. The steady run, which a well-trained parent needs, gets the rest
 * @param boldProbe 0 (the default) splits the budget by {@code boldShare}; {@code > 0}: with a bold
 *     rate, the bold run goes first as a probe of this many steps (at least one validation
 *     interval), and the budget's rest goes to the run the probe points to — the bold run again
 *     when one of its validations beat the parent's, else the steady run from the parent's
 *     weights. A split gives each run part of the budget whichever the data needs; the probe gives
 *     nearly all of it to one (issue 16, session 23: a quarter or a half to the bold run validated
 *     level, and on ml-1m-partial the bold run never won; session 24: a 20-step probe, all users
 *     validated every 10 steps, validated above the split on both sets' selection steps). {@code >= 0}
 * @param validation whose held-out events a step budget validates on ({@link FineTuneValidation})
 * @param shrink 1 (the default) fine-tunes from the parent's weights; below 1, a step budget starts
 *     from {@code shrink * parent + (1 - shrink) * fresh}, every weight pulled toward a fresh
 *     model's initialisation, and the parent's weights come back when the result does not validate
 *     above them. A network trained further from a warm start generalises worse than one trained
 *     afresh, and shrinking the warm weights closes most of that gap (Ash &amp; Adams 2020, "On
 *     Warm-Starting Neural Network Training"). Issue 16, session 25: 0.8 validated 1.8% above the
 *     unshrunk update on ml-1m-partial's selection step and within noise below it on
 *     ml-latest-small's, so it was not chosen; 0.5 kept the parent. In {@code (0, 1]}
 * @param selection which of a step budget's validated weights are kept ({@link FineTuneSelection}):
 *     the best, or the latest within noise of the best
 * @param lrScale a step budget fine-tunes at this multiple of the model's learning rate (the bold
 *     rate is a multiple of the result); 1 keeps the model's rate. A trained model needs smaller
 *     steps than a fresh one: a quarter of the rate (0.0005 for SASRec's 0.002) is part of the
 *     setting chosen on three data sets' validation chains ({@link #recommended}). Budgets in
 *     epochs keep the model's rate ({@code > 0})
 * @param batchScale a step budget fine-tunes at this multiple of the model's batch size (at least
 *     one sequence): half the batch costs about 0.57 of a full step (issue 16, session 30's cost
 *     probe), so at one CPU budget a smaller batch buys more, noisier steps. Budgets in epochs keep
 *     the model's batch. In {@code (0, 1]}
 * @param resumeOptimizer true continues the parent's AdamW state, saved with the model (its moments
 *     and step count; a new item's row starts with no momentum and the known rows' mean second
 *     moment), instead of starting the optimiser afresh: a fresh AdamW's bias-corrected first steps
 *     are as large as a new training's whatever the parent learned about each weight's gradient
 *     scale. A parent saved without a state (format 7 or earlier) starts it afresh either way
 * @param window the fine-tuning trains on each user's newest {@code window} transitions (0, the
 *     default: the model's {@code max_len}); a shorter window makes a step cheaper, so one CPU
 *     budget holds more steps, and weighs the recent events ({@code >= 0})
 * @param average 0 (the default) validates and keeps the trained weights; a decay in {@code (0,
 *     1)} validates and keeps an exponential moving average of them over the fine-tuning's steps
 *     instead (Polyak averaging): a fine-tuning at a bold rate ends wherever its last noisy steps
 *     left it, and the average is a smoother point of the same path, for one multiply-add per
 *     weight and step. Every run (a bold probe, the rest of its budget) starts its own average,
 *     whose decay after {@code n} steps is {@code min(decay, (1 + n) / (10 + n))}: below 0.97 for
 *     the first 290 steps, so on shorter runs 0.97 and 0.99 are the same average, weighted toward
 *     the run's last tenth or so of steps
 */
public record WarmStartConfig(
        double replayRatio,
        double spareFraction,
        int maxItems,
        boolean fineTune,
        double minKnownShare,
        int epochs,
        double stepsPerKiloEvent,
        int maxSteps,
        int minSteps,
        double minStepShare,
        int validateEvery,
        double newItemLrScale,
        NewItemInit newItemInit,
        FineTuneSchedule schedule,
        double boldLrScale,
        double boldShare,
        int boldProbe,
        FineTuneValidation validation,
        double shrink,
        FineTuneSelection selection,
        double lrScale,
        double batchScale,
        boolean resumeOptimizer,
        int window,
        double average) {

    public WarmStartConfig {
        require(replayRatio >= 0 && Double.isFinite(replayRatio), "replay ratio must be >= 0, got " + replayRatio);
        require(
                spareFraction >= 0 && Double.isFinite(spareFraction),
                "spare fraction must be >= 0, got " + spareFraction);
        require(maxItems >= 0, "max items must be >= 0 (0 = no limit), got " + maxItems);
        require(minKnownShare >= 0 && minKnownShare <= 1, "min known share must be in [0, 1], got " + minKnownShare);
        require(epochs >= 0, "warm-start epochs must be >= 0 (0 = the model's own setting), got " + epochs);
        require(
                stepsPerKiloEvent >= 0 && Double.isFinite(stepsPerKiloEvent),
                "warm-start steps per 1,000 events must be >= 0 (0 = count in epochs), got " + stepsPerKiloEvent);
        require(maxSteps >= 0, "warm-start max steps must be >= 0 (0 = no limit), got " + maxSteps);
        require(minSteps >= 0, "warm-start min steps must be >= 0 (0 = no floor), got " + minSteps);
        require(
                minStepShare >= 0 && Double.isFinite(minStepShare),
                "warm-start min step share must be >= 0 (0 = no floor), got " + minStepShare);
        require(
                maxSteps == 0 || minSteps <= maxSteps,
                "warm-start min steps (" + minSteps + ") must not exceed max steps (" + maxSteps + ")");
        require(validateEvery >= 1, "warm-start validate-every must be >= 1 step, got " + validateEvery);
        require(
                newItemLrScale > 0 && Double.isFinite(newItemLrScale),
                "the new items' learning-rate scale must be > 0, got " + newItemLrScale);
        require(newItemInit != null, "the new-item initialisation must be set");
        require(schedule != null, "the fine-tuning schedule must be set");
        require(
                boldLrScale >= 0 && Double.isFinite(boldLrScale),
                "the bold learning-rate scale must be >= 0 (0 = one rate), got " + boldLrScale);
        require(
                boldShare > 0 && boldShare < 1,
                "the bold run's share of the budget must be in (0, 1), got " + boldShare);
        require(boldProbe >= 0, "the bold probe's steps must be >= 0 (0 = split the budget), got " + boldProbe);
        require(validation != null, "the fine-tuning's validation must be set");
        require(shrink > 0 && shrink <= 1, "the warm weights' shrink must be in (0, 1] (1 = none), got " + shrink);
        require(selection != null, "the fine-tuning's selection must be set");
        require(
                lrScale > 0 && Double.isFinite(lrScale),
                "the fine-tuning's learning-rate scale must be > 0, got " + lrScale);
        require(
                window >= 0,
                "the fine-tuning's window must be >= 0 transitions (0 = the model's max_len), got " + window);
        require(
                average == 0 || (average > 0 && average < 1),
                "the fine-tuning's weight average must be 0 (off) or a decay in (0, 1), got " + average);
        require(
                batchScale > 0 && batchScale <= 1,
                "the fine-tuning's batch-size scale must be in (0, 1], got " + batchScale);
    }

    /**
     * The settings before step budgets: the fine-tuning counted in epochs, new rows started by
     * {@link NewItemInit#NEIGHBOURS}, one constant learning rate.
     */
    public WarmStartConfig(
            double replayRatio,
            double spareFraction,
            int maxItems,
            boolean fineTune,
            double minKnownShare,
            int epochs) {
        this(
                replayRatio,
                spareFraction,
                maxItems,
                fineTune,
                minKnownShare,
                epochs,
                0,
                0,
                0,
                0,
                VALIDATE_EVERY,
                1.0,
                NewItemInit.NEIGHBOURS,
                FineTuneSchedule.CONSTANT,
                0,
                0.5,
                0,
                FineTuneValidation.TRAINED,
                1,
                FineTuneSelection.BEST,
                1,
                1,
                false,
                0,
                0);
    }

    /**
     * Optimiser steps of the fine-tuning for {@code eventsAdded} new events: {@code
     * ceil(stepsPerKiloEvent * eventsAdded / 1000)}, at least {@code minSteps}, {@code
     * ceil(minStepShare * rootSteps)} and {@code validateEvery}, at most {@code maxSteps} (when
     * set); 0 when the budget is counted in epochs.
     *
     * @param rootSteps the steps of the training from scratch at the root of the lineage; 0 when
     *     not known (the share's floor then does not apply)
     */
    public int stepBudget(long eventsAdded, long rootSteps) {
        if (stepsPerKiloEvent == 0) {
            return 0;
        }
        double floor = Math.max(minSteps, Math.ceil(minStepShare * Math.max(0, rootSteps)));
        double steps = Math.max(floor, Math.ceil(stepsPerKiloEvent * Math.max(0, eventsAdded) / 1000.0));
        if (maxSteps > 0) {
            steps = Math.min(steps, maxSteps);
        }
        return (int) Math.max(validateEvery, Math.min(Integer.MAX_VALUE / 2, steps));
    }

    /** A step budget: {@code perKiloEvent} steps per 1,000 new events, at most {@code max} (0: no limit). */
    public WarmStartConfig withSteps(double perKiloEvent, int max) {
        return RecordCopy.with(this, "stepsPerKiloEvent", perKiloEvent, "maxSteps", max);
    }

    /** A floor under the step budget: at least {@code steps} steps (0: none). */
    public WarmStartConfig withMinSteps(int steps) {
        return RecordCopy.with(this, "minSteps", steps);
    }

    /** A floor of {@code share} times the steps of the lineage's training from scratch (0: none). */
    public WarmStartConfig withMinStepShare(double share) {
        return RecordCopy.with(this, "minStepShare", share);
    }

    public WarmStartConfig withValidateEvery(int steps) {
        return RecordCopy.with(this, "validateEvery", steps);
    }

    /** Steps between two validations of a step budget, by default. */
    public static final int VALIDATE_EVERY = 5;

    /** One replayed user per changed user, 25% spare rows, no item limit, half the events known. */
    public static WarmStartConfig defaults() {
        return new WarmStartConfig(1.0, 0.25, 0, true, 0.5, 0);
    }

    /**
     * The setting chosen on three data sets' validation chains and checked on their time replays
     * (issue 16, sessions 27–34: ml-1m-partial, ml-latest-small and ml-100k, SASRec trained at lr
     * 0.002 and batch 128), the defaults of {@code attnrec update}, {@code train --from} and {@code
     * serve --update-every}: a quarter of the model's batch, 22 steps per 1,000 new events, at least
     * 170 and 48% of the lineage root's training steps, at most 1,120, a quarter of the model's
     * rate, a 60-step probe at 20 times it, validated every 30 steps, the latest weights within
     * noise kept, 10 replayed users per user with new events (a budget's rest rounds up to a
     * multiple of 30). The weights validated and kept are a moving average of the trained ones
     * (decay 0.97, {@link #average}; session 33). Quarter-batch steps are noisier, which the average
     * smooths, and cheaper, so the budget holds more of them: session 34's replays put this setting
     * at 0.97–1.02 of the retrain over steps 2–6 on ml-latest-small (24 seeds), 1.04–1.12 on ml-100k
     * and 1.05–1.09 on ml-1m-partial, at 19.5%, 17% and 16% of the retrains' CPU (session 33's
     * half-batch setting: 0.86–1.01, 1.03–1.15, 1.04–1.08). Families that count in epochs
     * fine-tune for the model's own epochs.
     */
    public static WarmStartConfig recommended() {
        return defaults()
                .withReplayRatio(10)
                .withSteps(22, 1120)
                .withMinSteps(170)
                .withMinStepShare(0.48)
                .withValidateEvery(30)
                .withBoldLrScale(20)
                .withBoldProbe(60)
                .withSelection(FineTuneSelection.LATEST)
                .withLrScale(0.25)
                .withBatchScale(0.25)
                .withAverage(0.97);
    }

    public WarmStartConfig withMaxItems(int max) {
        return RecordCopy.with(this, "maxItems", max);
    }

    public WarmStartConfig withFineTune(boolean on) {
        return RecordCopy.with(this, "fineTune", on);
    }

    public WarmStartConfig withEpochs(int n) {
        return RecordCopy.with(this, "epochs", n);
    }

    public WarmStartConfig withReplayRatio(double r) {
        return RecordCopy.with(this, "replayRatio", r);
    }

    /** The new items' rows learn at {@code scale} times the fine-tuning's learning rate. */
    public WarmStartConfig withNewItemLrScale(double scale) {
        return RecordCopy.with(this, "newItemLrScale", scale);
    }

    /** New items' rows start by {@code rule}. */
    public WarmStartConfig withNewItemInit(NewItemInit rule) {
        return RecordCopy.with(this, "newItemInit", rule);
    }

    /** The fine-tuning's learning rate follows {@code s} over a step budget. */
    public WarmStartConfig withSchedule(FineTuneSchedule s) {
        return RecordCopy.with(this, "schedule", s);
    }

    /** A second run of half the budget at {@code scale} times the learning rate (0: none). */
    public WarmStartConfig withBoldLrScale(double scale) {
        return RecordCopy.with(this, "boldLrScale", scale);
    }

    /** The bold run gets {@code share} of the budget, the steady run the rest. */
    public WarmStartConfig withBoldShare(double share) {
        return RecordCopy.with(this, "boldShare", share);
    }

    /** The bold run goes first for {@code steps} steps, and the rest goes to the run it points to (0: split). */
    public WarmStartConfig withBoldProbe(int steps) {
        return RecordCopy.with(this, "boldProbe", steps);
    }

    /** The fine-tuning validates on {@code rule}'s users' held-out events. */
    public WarmStartConfig withValidation(FineTuneValidation rule) {
        return RecordCopy.with(this, "validation", rule);
    }

    /** A step budget keeps {@code rule}'s validated weights. */
    public WarmStartConfig withSelection(FineTuneSelection rule) {
        return RecordCopy.with(this, "selection", rule);
    }

    /** A step budget fine-tunes at {@code scale} times the model's learning rate (1: the model's). */
    public WarmStartConfig withLrScale(double scale) {
        return RecordCopy.with(this, "lrScale", scale);
    }

    /** A step budget's batch: {@code scale} times the model's batch size (1: the model's). */
    public WarmStartConfig withBatchScale(double scale) {
        return RecordCopy.with(this, "batchScale", scale);
    }

    /** The fine-tuning continues the parent's saved optimiser state (false: a fresh optimiser). */
    public WarmStartConfig withResumeOptimizer(boolean on) {
        return RecordCopy.with(this, "resumeOptimizer", on);
    }

    /** The fine-tuning trains on each user's newest {@code transitions} transitions (0: the model's max_len). */
    public WarmStartConfig withWindow(int transitions) {
        return RecordCopy.with(this, "window", transitions);
    }

    /** The fine-tuning validates and keeps a moving average of its weights with {@code decay} (0: off). */
    public WarmStartConfig withAverage(double decay) {
        return RecordCopy.with(this, "average", decay);
    }

    /** The fine-tuning's batch size for a model trained at {@code modelBatch}: at least one sequence. */
    public int fineTuneBatch(int modelBatch) {
        return (int) Math.max(1, Math.round(modelBatch * batchScale));
    }

    /** A step budget starts from the parent's weights pulled toward a fresh initialisation (1: not). */
    public WarmStartConfig withShrink(double keep) {
        return RecordCopy.with(this, "shrink", keep);
    }

    /**
     * The probe's steps within a budget of {@code steps} when {@link #boldProbe} is set: at least one
     * validation interval, and at most the budget less one interval for the run that follows.
     * 0 without a bold rate or a probe, or when the budget cannot hold two intervals (the budget is
     * then split by {@link #boldSplit}).
     */
    public int probeSteps(int steps) {
        if (boldLrScale == 0 || boldProbe == 0 || steps < 2 * validateEvery) {
            return 0;
        }
        return Math.min(Math.max(validateEvery, boldProbe), steps - validateEvery);
    }

    /**
     * How a budget of {@code steps} is split when {@link #boldLrScale} is set: {@code {steady,
     * bold}}, the bold run {@code floor(boldShare * steps)} steps, each run at least one validation
     * interval; {@code {steps, 0}} without a bold rate.
     */
    public int[] boldSplit(int steps) {
        if (boldLrScale == 0) {
            return new int[] {steps, 0};
        }
        int steady = Math.max(validateEvery, steps - (int) Math.floor(boldShare * steps));
        return new int[] {steady, Math.max(validateEvery, steps - steady)};
    }

    /** Rows of a table grown to hold {@code items}: the items plus the spare fraction, within the limit. */
    public int capacityFor(int items) {
        long grown = (long) Math.ceil(items * (1 + spareFraction));
        if (maxItems > 0) {
            grown = Math.min(grown, Math.max(items, maxItems));
        }
        return (int) Math.min(Integer.MAX_VALUE - 1, Math.max(items, grown));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
