package io.attnrec.nn.din;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.nn.Djl;
import io.attnrec.nn.train.Checkpoint;
import io.attnrec.nn.train.EpochLoop;
import io.attnrec.nn.train.GradientStep;
import io.attnrec.nn.train.TrainConfig;
import io.attnrec.nn.train.Trainer;
import io.attnrec.nn.train.TrainerBase;
import io.attnrec.nn.train.TrainingResult;
import io.attnrec.nn.train.Updater;
import io.attnrec.nn.train.ValidationSample;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Trains {@link Din} on next-item prediction: every (history prefix, next item) pair of the
 * training sequences (or the newest {@link DinConfig#positions()} per user) is one positive; it
 * gets {@code negatives} items drawn uniformly from the items other than the target, and all
 * {@code 1 + negatives} logits take the logistic loss (binary cross-entropy, mean over the
 * logits). AdamW; early stopping on validation NDCG@10 (the target among {@link
 * DinConfig#valNegatives()} sampled items, or full ranking) with the best weights restored, as
 * {@link Trainer} does for the sequence models.
 *
 * <p>DIN does not fit {@link Trainer}'s batches (one hidden state per position scored against
 * the item table): each pair needs its own attention per candidate. The settings ({@link
 * TrainConfig}), listeners and the JVM-wide training lock are shared.
 *
 * <p>Reproducible: the provider seeds the engine before the network is built; pair order,
 * negatives and the validation sample use a {@link SplittableRandom} seeded here.
 */
final class DinTrainer extends TrainerBase<DinTrainer> {

    private final DinConfig config;
    private final TrainConfig train;

    DinTrainer(DinConfig config) {
        super(config.train());
        this.config = config;
        this.train = config.train();
    }

    TrainingResult fit(Din model, TrainingData data, long seed) {
        return locked(data, model.network().numItems(), seed, rng -> fitLocked(model, data, rng));
    }

    private TrainingResult fitLocked(Din model, TrainingData data, SplittableRandom rng) {
        DinNetwork net = model.network();
        Engine engine = Djl.engine();
        long[] pairs = pairs(data.sequences(), config.positions());
        if (pairs.length == 0) {
            throw new IllegalArgumentException("no user has two or more training items; nothing to learn");
        }
        ToDoubleFunction<Recommender> validate = validation(data, () -> defaultValidator(data, rng.split()));
        Checkpoint checkpoint = Checkpoint.of(net);
        Updater updater = new Updater(checkpoint, train.learningRate(), train.weightDecay());
        EpochLoop loop = EpochLoop.of(train, batchCount(pairs.length, train.batchSize()));
        return loop.run(
                model.name(),
                epoch -> shuffle(pairs, rng),
                inBatches(
                        () -> pairs.length,
                        train.batchSize(),
                        (from, to) -> step(model, data.sequences(), pairs, from, to, rng, engine, updater)),
                validate == null ? null : () -> validate.applyAsDouble(model),
                checkpoint,
                listeners);
    }

    /**
     * The training pairs, each {@code user << 32 | targetIndex}: every index {@code i >= 1} of a
     * sequence (its prefix is the history), or only the newest {@code positions} of them.
     */
    static long[] pairs(int[][] sequences, int positions) {
        int count = 0;
        for (int[] s : sequences) {
            count += targets(s.length, positions);
        }
        long[] pairs = new long[count];
        int p = 0;
        for (int u = 0; u < sequences.length; u++) {
            int n = targets(sequences[u].length, positions);
            for (int i = sequences[u].length - n; i < sequences[u].length; i++) {
                pairs[p++] = ((long) u << 32) | i;
            }
        }
        return pairs;
    }

    private static int targets(int length, int positions) {
        int all = Math.max(0, length - 1);
        return positions == 0 ? all : Math.min(all, positions);
    }

    /**
     * {@code count} items drawn uniformly from {@code 1..numItems} without {@code target}: a draw
     * from {@code numItems - 1} values, shifted past the target.
     */
    static void negatives(int target, int numItems, SplittableRandom rng, long[] out, int offset, int count) {
        for (int j = 0; j < count; j++) {
            int item = 1 + rng.nextInt(numItems - 1);
            out[offset + j] = item >= target ? item + 1 : item;
        }
    }

    private double step(
            Din model,
            int[][] sequences,
            long[] pairs,
            int from,
            int to,
            SplittableRandom rng,
            Engine engine,
            Updater updater) {
        DinNetwork net = model.network();
        int rows = to - from;
        int k = 1 + train.negatives();
        int longest = 1;
        for (int b = from; b < to; b++) {
            longest = Math.max(longest, Math.min(net.maxLen(), (int) pairs[b]));
        }
        int t = longest;
        // (B, T) histories padded on the left, (B, 1 + N) candidates with the target first
        long[] histories = new long[rows * t];
        long[] candidates = new long[rows * k];
        float[] labels = new float[rows * k];
        for (int b = 0; b < rows; b++) {
            long pair = pairs[from + b];
            int[] s = sequences[(int) (pair >>> 32)];
            int target = (int) pair;
            int len = Math.min(net.maxLen(), target);
            System.arraycopy(toLongs(s, target - len, target), 0, histories, b * t + (t - len), len);
            candidates[b * k] = s[target];
            labels[b * k] = 1f;
            negatives(s[target], net.numItems(), rng, candidates, b * k + 1, k - 1);
        }
        return GradientStep.run(model.manager(), engine, updater, (m, ps) -> {
            NDArray h = m.create(histories, new Shape(rows, t));
            NDArray c = m.create(candidates, new Shape(rows, k));
            NDArray y = m.create(labels, new Shape(rows, k));
            NDArray logits = net.forward(ps, new NDList(h, c), true).head();
            // logistic loss: softplus(-z) for positives, softplus(z) for negatives
            NDArray sign = y.mul(-2f).add(1f);
            return Activation.softPlus(logits.mul(sign)).mean();
        });
    }

    private static long[] toLongs(int[] s, int from, int to) {
        long[] out = new long[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = s[i];
        }
        return out;
    }

    /**
     * NDCG@10 on the validation cases (a seeded sample of {@code val_users}), each target ranked
     * among {@code val_negatives} sampled items, or among all items when that is 0.
     */
    private ToDoubleFunction<Recommender> defaultValidator(TrainingData data, SplittableRandom rng) {
        List<EvalCase> chosen = ValidationSample.draw(data.validation(), train.valUsers(), rng);
        EvalConfig defaults = EvalConfig.defaults();
        Evaluator evaluator = new Evaluator(
                new EvalConfig(new int[] {10}, defaults.threads(), config.valNegatives(), rng.nextLong()), data);
        return model -> evaluator.evaluate(model, chosen).metric("ndcg@10");
    }
}
