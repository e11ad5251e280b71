package io.attnrec.nn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.tracker.Tracker;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.FineTuneSchedule;
import io.attnrec.core.model.FineTuneSelection;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.nn.Djl;
import io.attnrec.nn.seq.SequenceNetwork;
import io.attnrec.nn.seq.SequenceRecommender;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Trains a {@link SequenceRecommender} on next-item prediction: AdamW, the configured loss at
 * every real position of every training sequence, early stopping on validation NDCG@10 with the
 * best weights kept in memory and restored at the end.
 *
 * <p>Reproducible: the engine's generator (initialisation, dropout) is seeded by the model's
 * provider before the network is built, and every other random choice (batch order, negatives,
 * validation sample) uses a {@link SplittableRandom} seeded here. Same seed, same numbers
 * (bench/RESULTS.md: bit-identical reruns, also under load).
 *
 * <p>Memory: each step runs in its own {@code NDManager}, closed after the update, so native
 * memory does not grow from step to step.
 *
 * <p>Runs in one JVM are serialised: DJL's PyTorch engine allows only one open gradient
 * collector at a time.
 */
public final class Trainer extends TrainerBase<Trainer> {

    private static final ReentrantLock TRAINING = new ReentrantLock();

    private final TrainConfig config;
    /** Item-table rows {@code [rowsFrom, rowsTo)} learn {@code rowScale}× as fast; 1 for none. */
    private int rowsFrom;

    private int rowsTo;
    private double rowScale = 1;
    /** How the learning rate moves over a step budget ({@link #fitSteps}); constant for epochs. */
    private FineTuneSchedule schedule = FineTuneSchedule.CONSTANT;
    /** Which validated weights a step budget keeps ({@link #fitSteps}). */
    private FineTuneSelection selection = FineTuneSelection.BEST;
    /** Steps of the budget's batch layout already run by an earlier run ({@link #continuingAfter}). */
    private int skipSteps;
    /** The optimiser state the next fit continues from ({@link #resuming}); null starts it fresh. */
    private OptimizerState resume;
    /** The last fit's optimiser, whose state {@link #optimizerState} reads. */
    private Updater last;
    /** Newest transitions per user trained on ({@link #withWindow}); 0 for the network's max_len. */
    private int window;
    /** The decay of the weight average validated and kept ({@link #withAverage}); 0 for none. */
    private double average;

    public Trainer(TrainConfig config) {
        super(config);
        this.config = config;
    }

    /**
     * The item table's rows {@code [from, to)} learn at {@code scale} times the learning rate (see
     * {@link Updater#scaleRows}): a warm start's new items, which a short fine-tuning otherwise
     * barely moves (issue 16). A scale of 1 or an empty range changes nothing.
     */
    public Trainer withItemRowScale(int from, int to, double scale) {
        this.rowsFrom = from;
        this.rowsTo = to;
        this.rowScale = scale;
        return this;
    }

    /**
     * A step budget ({@link #fitSteps}) continues a run that took {@code steps} steps with the same
     * seed: its batches are the ones that run would have drawn next, not the same first batches
     * again (a bold probe's continuation, issue 16). 0, the default, starts a layout afresh.
     */
    public Trainer continuingAfter(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps already run must be >= 0, got " + steps);
        }
        this.skipSteps = steps;
        return this;
    }

    /**
     * Trains on each user's newest {@code transitions} (input, next item) pairs instead of the
     * network's {@code max_len} (0, the default, or anything above it keeps {@code max_len}): a
     * step over shorter windows costs less, so a fine-tuning's budget buys more of them, and it
     * weighs each user's recent events (issue 16). Validation and scoring still read the whole
     * window.
     *
     * @throws IllegalArgumentException when {@code transitions} is negative
     */
    public Trainer withWindow(int transitions) {
        if (transitions < 0) {
            throw new IllegalArgumentException("a training window must be >= 0 transitions, got " + transitions);
        }
        this.window = transitions;
        return this;
    }

    /**
     * Validates and keeps an exponential moving average of the weights over the optimiser steps
     * ({@link WeightAverage}, Polyak averaging) instead of the trained weights themselves; the
     * steps still train the weights, so the training's path is unchanged. 0, the default, keeps the
     * trained weights. Why: a fine-tuning at a bold rate (issue 16) ends wherever its last noisy
     * steps left it; the average is a smoother point of the same path.
     *
     * @throws IllegalArgumentException unless {@code decay} is 0 or in {@code (0, 1)}
     */
    public Trainer withAverage(double decay) {
        if (!(decay == 0 || (decay > 0 && decay < 1))) {
            throw new IllegalArgumentException("a weight average's decay must be 0 (off) or in (0, 1), got " + decay);
        }
        this.average = decay;
        return this;
    }

    /**
     * The next fit continues the optimiser from {@code state} (its moments and step count, e.g. a
     * parent model's, {@link OptimizerState#grown} to this network) instead of starting it fresh;
     * null starts it fresh (the default).
     */
    public Trainer resuming(OptimizerState state) {
        this.resume = state;
        return this;
    }

    /**
     * The optimiser's state at the end of the last fit (its final step, whichever weights were kept),
     * or null before any fit.
     */
    public OptimizerState optimizerState() {
        return last == null ? null : last.state();
    }

    /**
     * The learning rate of a step budget ({@link #fitSteps}) follows {@code s} over the budget;
     * training counted in epochs keeps it constant.
     */
    public Trainer withSchedule(FineTuneSchedule s) {
        this.schedule = Objects.requireNonNull(s, "schedule");
        return this;
    }

    /**
     * A step budget ({@link #fitSteps}) keeps {@code rule}'s validated weights: the best (the
     * default), or the latest within one standard error of the best, the starting weights counted
     * as the first ({@link EpochLoop.Start}).
     */
    public Trainer withSelection(FineTuneSelection rule) {
        this.selection = Objects.requireNonNull(rule, "selection");
        return this;
    }

    /**
     * Trains {@code model} in place. The model's parameters must be initialised (fresh or loaded).
     *
     * @return per-epoch statistics; the model holds the best epoch's weights afterwards
     */
    public TrainingResult fit(SequenceRecommender model, TrainingData data, long seed) {
        // the engine allows one gradient recording per JVM: concurrent runs wait their turn
        // instead of failing
        TRAINING.lock();
        try {
            return fitLocked(model, data, seed);
        } finally {
            TRAINING.unlock();
        }
    }

    /**
     * Trains {@code model} in place for at most {@code steps} optimiser steps (a fine-tuning budget,
     * issue 16) instead of the configured epochs: batches of {@code batch_size} users drawn in
     * consecutive shuffled passes over the trainable users, a validation every {@code
     * validateEvery} steps (the budget is rounded up to whole intervals), early stopping after
     * {@code patience} validations without a better score (noise-aware, as {@link EpochLoop}), no
     * minimum. The best validated weights are kept, the starting weights included (validated
     * before the first step; {@link TrainingResult#bestEpoch} 0 when they stay). In the returned
     * statistics an "epoch" is one validation interval.
     *
     * @throws IllegalArgumentException when {@code steps} or {@code validateEvery} is below 1
     */
    public TrainingResult fitSteps(
            SequenceRecommender model, TrainingData data, long seed, int steps, int validateEvery) {
        if (steps < 1 || validateEvery < 1) {
            throw new IllegalArgumentException(
                    "a step budget needs steps >= 1 and validate-every >= 1, got " + steps + " and " + validateEvery);
        }
        TRAINING.lock();
        try {
            return fitLocked(model, data, seed, steps, validateEvery);
        } finally {
            TRAINING.unlock();
        }
    }

    /**
     * Runs {@code body} while holding the lock that serialises every training loop in this JVM,
     * for trainers of other model families (the engine allows one gradient recording at a time).
     */
    public static <T> T exclusively(Supplier<T> body) {
        TRAINING.lock();
        try {
            return body.get();
        } finally {
            TRAINING.unlock();
        }
    }

    private TrainingResult fitLocked(SequenceRecommender model, TrainingData data, long seed) {
        return fitLocked(model, data, seed, 0, 0);
    }

    /** {@code steps == 0}: epochs as configured; else a step budget (see {@link #fitSteps}). */
    private TrainingResult fitLocked(
            SequenceRecommender model, TrainingData data, long seed, int budget, int validateEvery) {
        SequenceNetwork net = model.network();
        requireSameItems(data, net.numItems());
        Engine engine = Djl.engine();
        SplittableRandom rng = new SplittableRandom(seed);
        int length = window > 0 ? Math.min(window, net.maxLen()) : net.maxLen();
        NextItemBatches batches = new NextItemBatches(data.sequences(), length, net.padding());
        int[] users = batches.trainableUsers();
        if (users.length == 0) {
            throw new IllegalArgumentException("no user has two or more training items; nothing to learn");
        }
        Supplier<EpochLoop.Score> validate = validation(model, data, rng);
        boolean canValidate = validator != null || !data.validation().isEmpty();

        // putting the best epoch's weights back must also drop the copies of the item table and
        // encoder that the last validation made from the last epoch's (the evaluator's factor path
        // on large catalogues would score the restored encoder against the last epoch's items)
        Checkpoint checkpoint = Checkpoint.of(net.block(), model::parametersChanged);
        // a step budget runs whole validation intervals; its schedule spans the steps they hold,
        // known before the first
        int intervals = budget > 0 ? (budget + validateEvery - 1) / validateEvery : 0;
        Updater updater = budget > 0
                ? new Updater(
                        checkpoint,
                        Updater.scheduled(config.learningRate(), schedule, intervals * validateEvery),
                        config.weightDecay(),
                        resume)
                : new Updater(checkpoint, Tracker.fixed((float) config.learningRate()), config.weightDecay(), resume);
        last = updater;
        if (rowScale != 1 && rowsTo > rowsFrom) {
            // the item table is the network's first parameter (ItemTableBlock)
            updater.scaleRows(0, rowsFrom, rowsTo, rowScale);
        }
        try (WeightAverage averaged = WeightAverage.of(checkpoint, average, model.manager())) {
            TrainingResult r = fitLoop(
                    model,
                    budget,
                    intervals,
                    validateEvery,
                    rng,
                    engine,
                    batches,
                    users,
                    validate,
                    canValidate,
                    checkpoint,
                    updater,
                    averaged);
            if (!canValidate) {
                // nothing validated, so nothing was kept: the model is the last average
                averaged.swapIn();
            }
            return r;
        }
    }

    /**
     * The epochs or the step budget of {@link #fitLocked}; {@code averaged}, when on, is folded in
     * after every applied step, swapped in for every validation (so a kept snapshot holds it) and
     * out again before the next steps.
     */
    private TrainingResult fitLoop(
            SequenceRecommender model,
            int budget,
            int intervals,
            int validateEvery,
            SplittableRandom rng,
            Engine engine,
            NextItemBatches batches,
            int[] users,
            Supplier<EpochLoop.Score> trainedValidate,
            boolean canValidate,
            Checkpoint checkpoint,
            Updater updater,
            WeightAverage averaged) {
        Supplier<EpochLoop.Score> validate = averaged.validating(trainedValidate);
        if (budget > 0) {
            // the budget's batches, laid out in advance: consecutive shuffled passes over the users
            // (a budget smaller than a pass sees a random part of them, each user at most once)
            long needed = ((long) intervals * validateEvery + skipSteps) * config.batchSize();
            int[] order = new int[(int) Math.min(Integer.MAX_VALUE - 8, needed)];
            for (int filled = 0; filled < order.length; filled += users.length) {
                shuffle(users, rng);
                System.arraycopy(users, 0, order, filled, Math.min(users.length, order.length - filled));
            }
            int b = config.batchSize();
            EpochLoop loop = new EpochLoop(intervals, config.patience(), 1, validateEvery, 0);
            int[] interval = new int[1];
            // the starting weights (the parent's) are a candidate too: a fine-tuning that only
            // makes the held-out events worse leaves the model as it was
            EpochLoop.Score atStart = canValidate ? trainedValidate.get() : null;
            float[][] start = canValidate ? checkpoint.snapshot() : null;
            // keeping the latest weights within noise, the loop weighs the parent's itself
            boolean latest = canValidate && selection == FineTuneSelection.LATEST;
            TrainingResult r = loop.runScored(
                    model.name(),
                    epoch -> {
                        averaged.swapOut();
                        interval[0] = epoch - 1;
                    },
                    s -> {
                        int from = (skipSteps + interval[0] * validateEvery + s) * b;
                        return averaged.afterStep(step(
                                model, batches, order, from, Math.min(order.length, from + b), rng, engine, updater));
                    },
                    canValidate ? validate : null,
                    checkpoint,
                    listeners,
                    latest ? new EpochLoop.Start(atStart, start) : null);
            if (!latest && atStart != null && !(r.bestValidationNdcg() > atStart.value())) {
                checkpoint.restore(start);
                return new TrainingResult(
                        r.epochs(),
                        0,
                        atStart.value(),
                        r.stoppedEarly(),
                        r.divergedAtEpoch(),
                        r.skippedSteps(),
                        r.seconds(),
                        r.steps());
            }
            return r;
        }
        int steps = (users.length + config.batchSize() - 1) / config.batchSize();
        EpochLoop loop = EpochLoop.of(config, steps);
        return loop.runScored(
                model.name(),
                epoch -> {
                    averaged.swapOut();
                    shuffle(users, rng);
                },
                s -> averaged.afterStep(step(
                        model,
                        batches,
                        users,
                        s * config.batchSize(),
                        Math.min(users.length, (s + 1) * config.batchSize()),
                        rng,
                        engine,
                        updater)),
                canValidate ? validate : null,
                checkpoint,
                listeners);
    }

    /**
     * The validation score that {@link #fitSteps} with this seed gives {@code model} as it is
     * (NDCG@10 on {@code data}'s validation cases, the same seeded sample), so that weights set
     * aside before a run compare with the run's; NaN when there is nothing to validate on.
     */
    public double validationNdcg(SequenceRecommender model, TrainingData data, long seed) {
        if (validator != null) {
            return validator.applyAsDouble(model);
        }
        if (data.validation().isEmpty()) {
            return Double.NaN;
        }
        // the same seed draws the same validation sample as fitSteps's
        return validation(model, data, new SplittableRandom(seed)).get().value();
    }

    /**
     * Scores {@code model} as training validates it: the configured validator, else NDCG@10 on a
     * sample of {@code data}'s validation cases drawn from {@code rng}'s next split, with its
     * standard error across users for noise-aware stopping.
     */
    private Supplier<EpochLoop.Score> validation(SequenceRecommender model, TrainingData data, SplittableRandom rng) {
        if (validator != null) {
            return () -> new EpochLoop.Score(validator.applyAsDouble(model), 0);
        }
        Function<Recommender, EpochLoop.Score> scored = defaultValidator(data, rng.split());
        return () -> scored.apply(model);
    }

    private double step(
            SequenceRecommender model,
            NextItemBatches batches,
            int[] users,
            int from,
            int to,
            SplittableRandom rng,
            Engine engine,
            Updater updater) {
        SequenceNetwork net = model.network();
        NextItemBatches.Batch batch = batches.build(users, from, to);
        return GradientStep.run(model.manager(), engine, updater, (m, ps) -> {
            NDArray items = m.create(batch.inputs(), new Shape(batch.rows(), batch.length()));
            NDArray positions = m.create(batch.positions());
            NDArray hidden = net.encode(ps, items, true).head();
            long d = hidden.getShape().get(2);
            // the output layer runs only at real positions: (B*T, D) -> (P, D)
            NDArray real =
                    hidden.reshape((long) batch.rows() * batch.length(), d).get(positions);
            return Losses.compute(config, real, net.itemTable(ps, true), batch, batches, net.numItems(), rng);
        });
    }

    /**
     * NDCG@10 of the evaluator on the validation cases (a fixed seeded sample if configured), with
     * its standard error across those users.
     */
    private Function<Recommender, EpochLoop.Score> defaultValidator(TrainingData data, SplittableRandom rng) {
        List<EvalCase> chosen = ValidationSample.draw(data.validation(), config.valUsers(), rng);
        Evaluator evaluator = new Evaluator(EvalConfig.defaults().withKs(10), data);
        return model -> {
            EvaluationResult r = evaluator.evaluate(model, chosen);
            return new EpochLoop.Score(
                    r.metric("ndcg@10"), standardError(r.perUser().get("ndcg@10")));
        };
    }

    /** Standard error of the mean of {@code values} (0 for fewer than two). */
    static double standardError(double[] values) {
        if (values == null || values.length < 2) {
            return 0;
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (values.length - 1) / values.length);
    }
}
