package io.attnrec.nn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.AdamW;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.attnrec.core.eval.EvalCase;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.nn.Djl;
import io.attnrec.nn.seq.SequenceNetwork;
import io.attnrec.nn.seq.SequenceRecommender;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Trains a {@link SequenceRecommender} on next-item prediction: AdamW, the configured loss at
 * every real position of every training sequence, early stopping on validation NDCG@10 with the
 * best weights kept in memory and restored at the end.
 *
 * <p>Reproducible: the engine's generator (initialisation, dropout) is seeded by the model's
 * provider before the network is built, and every other random choice (batch order, negatives,
 * validation sample) uses a {@link SplittableRandom} seeded here. Same seed, same thread count,
 * same numbers.
 *
 * <p>Memory: each step runs in its own {@code NDManager}, closed after the update, so native
 * memory does not grow from step to step.
 *
 * <p>Runs in one JVM are serialised: DJL's PyTorch engine allows only one open gradient
 * collector at a time.
 */
public final class Trainer {

    private static final ReentrantLock TRAINING = new ReentrantLock();

    private final TrainConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private ToDoubleFunction<Recommender> validator;

    public Trainer(TrainConfig config) {
        this.config = config;
        if (config.progress()) {
            listeners.add(new ProgressListener());
        }
        if (config.outputDir() != null) {
            listeners.add(new TrainingCurve(config.outputDir()));
        }
    }

    public Trainer addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Replaces the validation metric (default: NDCG@10 of {@link Evaluator} on the training
     * data's validation cases). Higher must be better.
     */
    public Trainer withValidator(ToDoubleFunction<Recommender> metric) {
        this.validator = metric;
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
        SequenceNetwork net = model.network();
        if (data.numItems() != net.numItems()) {
            throw new IllegalArgumentException(
                    "the data has " + data.numItems() + " items but the model " + net.numItems());
        }
        Engine engine = Djl.engine();
        SplittableRandom rng = new SplittableRandom(seed);
        NextItemBatches batches = new NextItemBatches(data.sequences(), net.maxLen(), net.padding());
        int[] users = batches.trainableUsers();
        if (users.length == 0) {
            throw new IllegalArgumentException("no user has two or more training items; nothing to learn");
        }
        ToDoubleFunction<Recommender> validate = validator != null ? validator : defaultValidator(data, rng.split());
        boolean canValidate = validator != null || !data.validation().isEmpty();

        Checkpoint checkpoint = Checkpoint.of(net.block());
        List<Pair<String, Parameter>> params = checkpoint.parameters();
        Optimizer decayed = adamW(config.weightDecay());
        Optimizer plain = adamW(0.0);
        int steps = (users.length + config.batchSize() - 1) / config.batchSize();
        listeners.forEach(l -> l.onTrainingStart(model.name(), config.epochs(), steps));

        long start = System.nanoTime();
        List<EpochStats> history = new ArrayList<>();
        float[][] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        int sinceBest = 0;
        boolean stoppedEarly = false;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            shuffle(users, rng);
            double lossSum = 0;
            for (int step = 0; step < steps; step++) {
                int from = step * config.batchSize();
                int to = Math.min(users.length, from + config.batchSize());
                double loss = step(model, batches, users, from, to, rng, engine, params, decayed, plain);
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("training diverged at epoch " + epoch + " (loss is " + loss
                            + "); try a smaller learning rate");
                }
                lossSum += loss;
                int e = epoch;
                int s = step;
                listeners.forEach(l -> l.onBatchEnd(e, s + 1, loss));
            }
            OptionalDouble score = OptionalDouble.empty();
            boolean improved = false;
            if (canValidate && (epoch % config.evalEvery() == 0 || epoch == config.epochs())) {
                double v = validate.applyAsDouble(model);
                score = OptionalDouble.of(v);
                if (v > bestScore) {
                    bestScore = v;
                    bestEpoch = epoch;
                    best = checkpoint.snapshot();
                    sinceBest = 0;
                    improved = true;
                } else {
                    sinceBest++;
                }
            } else if (!canValidate) {
                bestEpoch = epoch;
            }
            EpochStats stats =
                    new EpochStats(epoch, lossSum / steps, score, (System.nanoTime() - epochStart) / 1e9, improved);
            history.add(stats);
            listeners.forEach(l -> l.onEpochEnd(stats));
            if (sinceBest >= config.patience()) {
                stoppedEarly = epoch < config.epochs();
                break;
            }
        }
        if (best != null) {
            checkpoint.restore(best);
        }
        TrainingResult result = new TrainingResult(
                history,
                bestEpoch,
                best != null ? bestScore : Double.NaN,
                stoppedEarly,
                (System.nanoTime() - start) / 1e9);
        listeners.forEach(l -> l.onTrainingEnd(result));
        return result;
    }

    private double step(
            SequenceRecommender model,
            NextItemBatches batches,
            int[] users,
            int from,
            int to,
            SplittableRandom rng,
            Engine engine,
            List<Pair<String, Parameter>> params,
            Optimizer decayed,
            Optimizer plain) {
        SequenceNetwork net = model.network();
        NextItemBatches.Batch batch = batches.build(users, from, to);
        double value;
        try (NDManager m = model.manager().newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray items = m.create(batch.inputs(), new Shape(batch.rows(), batch.length()));
            NDArray positions = m.create(batch.positions());
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray hidden = net.encode(ps, items, true).head();
                long d = hidden.getShape().get(2);
                // the output layer runs only at real positions: (B*T, D) -> (P, D)
                NDArray real =
                        hidden.reshape((long) batch.rows() * batch.length(), d).get(positions);
                NDArray loss = Losses.compute(
                        config, hidden, real, net.itemTable(ps, true), batch, batches, net.numItems(), rng);
                gc.backward(loss);
                value = loss.getFloat();
            }
            for (Pair<String, Parameter> p : params) {
                NDArray w = p.getValue().getArray();
                try (NDArray g = w.getGradient()) {
                    (decays(p.getKey()) ? decayed : plain).update(p.getValue().getId(), w, g);
                }
            }
        }
        return value;
    }

    /** Biases and normalisation parameters are not decayed (the usual AdamW practice). */
    private static boolean decays(String key) {
        return !(key.endsWith("bias") || key.endsWith("gamma") || key.endsWith("beta"));
    }

    private Optimizer adamW(double weightDecay) {
        return AdamW.builder()
                .optLearningRateTracker(Tracker.fixed((float) config.learningRate()))
                .optWeightDecays((float) weightDecay)
                .build();
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** NDCG@10 of the evaluator on the validation cases (a fixed seeded sample if configured). */
    private ToDoubleFunction<Recommender> defaultValidator(TrainingData data, SplittableRandom rng) {
        List<EvalCase> cases = new ArrayList<>(data.validation());
        if (config.valUsers() > 0 && config.valUsers() < cases.size()) {
            for (int i = cases.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                cases.set(i, cases.set(j, cases.get(i)));
            }
            cases = new ArrayList<>(cases.subList(0, config.valUsers()));
        }
        List<EvalCase> chosen = List.copyOf(cases);
        Evaluator evaluator = new Evaluator(EvalConfig.defaults().withKs(10), data);
        return model -> evaluator.evaluate(model, chosen).metric("ndcg@10");
    }
}
