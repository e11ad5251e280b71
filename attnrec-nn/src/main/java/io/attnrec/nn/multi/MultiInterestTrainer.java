package io.attnrec.nn.multi;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.nn.Djl;
import io.attnrec.nn.Scalars;
import io.attnrec.nn.attention.Masks;
import io.attnrec.nn.train.Checkpoint;
import io.attnrec.nn.train.EpochLoop;
import io.attnrec.nn.train.EpochStats;
import io.attnrec.nn.train.GradientStep;
import io.attnrec.nn.train.LossKind;
import io.attnrec.nn.train.Trainer;
import io.attnrec.nn.train.TrainerBase;
import io.attnrec.nn.train.TrainingListener;
import io.attnrec.nn.train.TrainingResult;
import io.attnrec.nn.train.Updater;
import io.attnrec.nn.train.ValidationSample;
import io.attnrec.nn.train.WeightAverage;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Trains a {@link MultiInterestRecommender} as ComiRec and MIND do: (history, next item) pairs
 * drawn from the training users ({@link InterestSamples}); the network's K interests are read out
 * for the target by the network's {@link Readout} (ComiRec: the closest interest; MIND:
 * label-aware attention), and the readout vector is trained with a sampled softmax over the
 * target and {@code negatives} uniformly drawn items shared by the batch (a negative equal to a
 * row's target is masked out), or with {@code loss=ce} a softmax over every item as SASRec;
 * {@code interest_reg > 0} adds the interest-diversity regulariser ({@link
 * #interestSimilarity}). Adam(W); early stopping on validation Recall@50 (ComiRec's
 * criterion) with the best weights restored; with {@code ema > 0} the weights validated and kept
 * are a moving average of the trained ones ({@link WeightAverage}).
 *
 * <p>Reproducible: the provider seeds the engine before the network is built; batch order, cut
 * points, negatives and the validation sample use a {@link SplittableRandom} seeded here.
 *
 * <p>Runs share {@link Trainer}'s JVM-wide lock: the engine allows one gradient recording at a
 * time.
 */
final class MultiInterestTrainer extends TrainerBase<MultiInterestTrainer> {

    /** Validation metric: ComiRec early-stops on Recall@50. */
    static final String METRIC = "recall@50";

    private final MultiTrainConfig config;

    public MultiInterestTrainer(MultiTrainConfig config) {
        this.config = config;
        if (config.progress()) {
            listeners.add(new PassLines());
        }
    }

    /** One line per pass on standard error, naming the validation metric. */
    private static final class PassLines implements TrainingListener {
        private String model;
        private int passes;

        @Override
        public void onTrainingStart(String modelName, int maxEpochs, int batchesPerEpoch) {
            this.model = modelName;
            this.passes = maxEpochs;
        }

        @Override
        public void onEpochEnd(EpochStats stats) {
            String score = stats.validationNdcg().isPresent()
                    ? String.format(
                            Locale.ROOT,
                            "  val %s %.4f%s",
                            METRIC,
                            stats.validationNdcg().getAsDouble(),
                            stats.best() ? " *" : "")
                    : "";
            System.err.printf(
                    Locale.ROOT,
                    "%s epoch %d/%d  loss %.4f%s  %.1f s%n",
                    model,
                    stats.epoch(),
                    passes,
                    stats.loss(),
                    score,
                    stats.seconds());
        }

        @Override
        public void onTrainingEnd(TrainingResult result) {
            if (result.skippedSteps() > 0) {
                System.err.printf(
                        Locale.ROOT,
                        "%s: %d step(s) thrown away because the loss was not finite%n",
                        model,
                        result.skippedSteps());
            }
            if (result.divergedAtEpoch() > 0) {
                System.err.printf(
                        Locale.ROOT,
                        "%s stopped: the loss stopped being finite in pass %d; kept pass %d%n",
                        model,
                        result.divergedAtEpoch(),
                        result.bestEpoch());
            }
        }
    }

    /**
     * Trains {@code model} in place; it holds the best validated weights afterwards. {@link
     * EpochStats#validationNdcg()} carries the validation metric (Recall@50 by default).
     */
    public TrainingResult fit(MultiInterestRecommender<?> model, TrainingData data, long seed) {
        return locked(data, model.network().numItems(), seed, rng -> fitLocked(model, data, rng));
    }

    private TrainingResult fitLocked(MultiInterestRecommender<?> model, TrainingData data, SplittableRandom rng) {
        MultiInterestNetwork net = model.network();
        Engine engine = Djl.engine();
        InterestSamples samples = new InterestSamples(data.sequences(), net.maxLen(), config.minHistory());
        if (samples.trainableUsers() == 0) {
            throw new IllegalArgumentException("no user has two or more training items; nothing to learn");
        }
        ToDoubleFunction<Recommender> validate = validation(data, () -> defaultValidator(data, rng.split()));
        Checkpoint checkpoint = Checkpoint.of(net.block());
        Updater updater = new Updater(checkpoint, config.learningRate(), config.weightDecay());
        int pairsPerPass = samples.trainableUsers() * config.samplesPerUser();
        // this pass's (history, target) pairs, drawn afresh before every pass
        long[][] pass = new long[1][];
        EpochLoop loop = new EpochLoop(
                config.epochs(), config.patience(), config.evalEvery(), batchCount(pairsPerPass, config.batchSize()));
        try (WeightAverage average = WeightAverage.of(checkpoint, config.ema(), model.manager())) {
            TrainingResult result = loop.run(
                    model.name(),
                    epoch -> {
                        // the last validation left the average in the parameters; train the weights
                        average.swapOut();
                        pass[0] = samples.pass(config.samplesPerUser(), rng);
                    },
                    inBatches(
                            () -> pass[0].length,
                            config.batchSize(),
                            (from, to) -> average.afterStep(
                                    step(model, samples.build(pass[0], from, to), rng, engine, updater))),
                    // validation ranks by score alone: the diversity knob is a serving choice; the
                    // average stays in, so the loop's snapshot of a best pass keeps it
                    validate == null
                            ? null
                            : average.validating(() -> validate.applyAsDouble(model.withDiversity(0)))::get,
                    checkpoint,
                    listeners);
            if (validate == null) {
                // nothing validated, so nothing was kept: the model is the last average
                average.swapIn();
            }
            return result;
        }
    }

    private double step(
            MultiInterestRecommender<?> model,
            InterestSamples.Batch batch,
            SplittableRandom rng,
            Engine engine,
            Updater updater) {
        MultiInterestNetwork net = model.network();
        long[] negatives = new long[config.negatives()];
        for (int i = 0; i < negatives.length; i++) {
            negatives[i] = 1 + rng.nextInt(net.numItems());
        }
        return GradientStep.run(model.manager(), engine, updater, (m, ps) -> {
            NDArray items = m.create(batch.inputs(), new Shape(batch.rows(), batch.length()));
            NDArray targets = m.create(batch.targets());
            MultiInterestNetwork.Encoded e = net.encode(ps, items, true);
            NDArray table = net.itemTable(ps, true);
            NDArray targetEmb =
                    Embedding.embedding(targets, table, SparseFormat.DENSE).head();
            NDArray loss;
            if (config.objective() == MultiTrainConfig.Objective.MERGED) {
                loss = mergedSoftmax(e, table, targets, model.retrieval().merge());
            } else {
                NDArray user = net.readout().apply(e.interests(), e.active(), targetEmb);
                loss = config.loss() == LossKind.CE
                        ? fullSoftmax(user, table, targets)
                        : sampledSoftmax(user, targetEmb, table, targets, m.create(negatives));
            }
            if (config.interestReg() > 0) {
                loss = loss.add(
                        Scalars.mul(interestSimilarity(e.interests(), e.active()), (float) config.interestReg()));
            }
            return loss;
        });
    }

    /**
     * Softmax cross-entropy of the target against shared negatives: {@code user (B, D)}, {@code
     * targetEmb (B, D)}, {@code negatives (N)}; a negative equal to a row's target is masked.
     */
    static NDArray sampledSoftmax(NDArray user, NDArray targetEmb, NDArray table, NDArray targets, NDArray negatives) {
        // (B, 1)
        NDArray pos = user.mul(targetEmb).sum(new int[] {1}, true);
        // (B, D) x (N, D)^T -> (B, N)
        NDArray neg = Linear.linear(
                        user,
                        Embedding.embedding(negatives, table, SparseFormat.DENSE)
                                .head())
                .head();
        NDArray hits = targets.expandDims(1)
                .eq(negatives.expandDims(0))
                .toType(DataType.FLOAT32, false)
                .mul(Masks.MASKED);
        // (B, 1 + N); the target is class 0
        NDArray logProbs = pos.concat(neg.add(hits), 1).logSoftmax(1);
        return logProbs.get(new NDIndex(":, 0")).mean().neg();
    }

    /** Softmax cross-entropy over every item (row 0, padding, stays in as in SASRec's loss). */
    static NDArray fullSoftmax(NDArray user, NDArray table, NDArray targets) {
        // (B, D) x (N + 1, D)^T -> (B, N + 1)
        NDArray logProbs = Linear.linear(user, table).head().logSoftmax(1);
        return logProbs.gather(targets.reshape(targets.size(), 1), 1).mean().neg();
    }

    /**
     * Softmax cross-entropy over every item of the scores the model ranks by ({@code
     * objective=merged}): each interest's dot products with the item table, normalised and merged
     * over the active interests as {@code merge} says (row 0, padding, stays in as in {@link
     * #fullSoftmax}).
     */
    static NDArray mergedSoftmax(
            MultiInterestNetwork.Encoded e, NDArray table, NDArray targets, AggregationConfig.Merge merge) {
        // (B, K, D) x (N + 1, D)^T -> (B, K, N + 1); switched-off interests never count
        NDArray dots = Linear.linear(e.interests(), table).head();
        NDArray off = e.active().sub(1f).mul(-Masks.MASKED).expandDims(2);
        NDArray scores = MultiInterestRecommender.merged(
                MultiInterestRecommender.normalised(dots, merge).add(off), merge);
        NDArray logProbs = scores.logSoftmax(1);
        return logProbs.gather(targets.reshape(targets.size(), 1), 1).mean().neg();
    }

    /**
     * The interest-diversity regulariser: the mean, over the batch's pairs of distinct active
     * interests of one user, of their squared cosine similarity. 0 when every user's interests are
     * orthogonal; 1 when they all point the same way.
     *
     * @param interests {@code (B, K, D)}
     * @param active {@code (B, K)} 1/0
     */
    static NDArray interestSimilarity(NDArray interests, NDArray active) {
        long k = interests.getShape().get(1);
        NDArray unit = interests.div(
                interests.square().sum(new int[] {2}, true).add(1e-12f).sqrt());
        // (B, K, D) x (B, D, K) -> (B, K, K)
        NDArray cos = unit.matMul(unit.transpose(0, 2, 1));
        NDArray pairs = active.expandDims(2)
                .mul(active.expandDims(1))
                .mul(interests.getManager().eye((int) k).neg().add(1f));
        return cos.square().mul(pairs).sum().div(pairs.sum().maximum(1f));
    }

    /** Recall@50 of the evaluator on the validation cases (a seeded sample if configured). */
    private ToDoubleFunction<Recommender> defaultValidator(TrainingData data, SplittableRandom rng) {
        List<EvalCase> chosen = ValidationSample.draw(data.validation(), config.valUsers(), rng);
        Evaluator evaluator = new Evaluator(EvalConfig.defaults().withKs(50), data);
        return model -> evaluator.evaluate(model, chosen).metric(METRIC);
    }
}
