package io.attnrec.nn.din;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains the second stage of {@link TwoStageDin} on the first stage's own candidates.
 *
 * <p><b>Which events.</b> The re-ranker must learn from events the first stage was not trained on:
 * on its training events the first stage ranks the answer too well, and a second stage trained
 * there learns to trust it more than it deserves on new events. The validation events are such
 * events for free: the first stage trained on the training sequences only (the validation target
 * is held out of them, and {@code saved:dir=} checks that an artifact was trained on exactly these
 * sequences), and the test events stay unread. So each validation case gives one list: the first
 * stage's best {@code candidates} items outside the case's history (what it would show), labelled
 * by the case's targets. The cost is data: one list per user, of which only those whose target the
 * first stage retrieved teach anything. Holding out the newest training event instead would need
 * the first stage trained a second time without it (twice the cost, and unavailable for a {@code
 * saved} first stage). {@link #checkNoLeak} refuses data whose training sequences contain a
 * validation event.
 *
 * <p><b>Which settings.</b> {@code holdout_percent} of the validation users (seeded draw) are not
 * trained on; the second stage's NDCG@10 on their lists (the full ranking restricted to the
 * re-ordered block: a target outside it counts as a miss) decides early stopping, and the first
 * stage's NDCG@10 on the same lists is printed beside it, so the gain is visible on validation
 * before any test run.
 *
 * <p><b>How.</b> Optionally {@code pretrain_epochs} of plain DIN training first ({@link
 * DinTrainer}, features zero, every training position against uniform negatives, no early
 * stopping): embeddings and attention from all training events. Then AdamW on the softmax
 * cross-entropy over each list (minus the log of the summed probability of its targets), the
 * features of {@link TwoStageDin#features} as inputs; lists without a retrieved target are
 * skipped.
 */
final class TwoStageTrainer extends TrainerBase<TwoStageTrainer> {

    /** First-stage scoring batch when building the lists. */
    private static final int SCORE_BATCH = 128;

    private final TwoStageConfig config;
    private final TrainConfig train;

    TwoStageTrainer(TwoStageConfig config) {
        super(config.din().train());
        this.config = config;
        this.train = config.din().train();
    }

    /** One first-stage list: the candidates best first, their features, which are targets. */
    record CandidateList(int[] history, int[] candidates, float[] features, boolean[] positive, int targets) {

        boolean hasPositive() {
            for (boolean p : positive) {
                if (p) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The validation events' lists, split into training and held-out ones. */
    record Lists(List<CandidateList> train, List<CandidateList> holdout) {}

    /**
     * Refuses data where the first stage could have trained on a validation event: a user's training
     * sequence that continues the case's history with its target.
     */
    static void checkNoLeak(TrainingData data) {
        if (data.validation().isEmpty()) {
            throw new IllegalArgumentException(TwoStageDin.NAME + " learns from the validation events (the first"
                    + " stage never trained on them), but this split has none");
        }
        for (EvalCase c : data.validation()) {
            if (c.user() < 0 || c.user() >= data.numUsers()) {
                continue;
            }
            int[] s = data.sequences()[c.user()];
            int[] h = c.history();
            if (s.length <= h.length) {
                continue;
            }
            boolean prefix = true;
            for (int i = 0; i < h.length && prefix; i++) {
                prefix = s[i] == h[i];
            }
            if (!prefix) {
                continue;
            }
            for (int t : c.targets()) {
                if (s[h.length] == t) {
                    throw new IllegalArgumentException(TwoStageDin.NAME + ": user " + c.user() + "'s validation"
                            + " event (item " + t + " after " + h.length + " items) is also in the training"
                            + " sequences, so the first stage trained on what the second stage learns to"
                            + " predict; hold the validation events out of training");
                }
            }
        }
    }

    /** The lists of every validation case, a seeded {@code holdout_percent} of them held out. */
    Lists lists(Recommender first, List<EvalCase> cases, long seed) {
        int n = first.numItems();
        List<CandidateList> all = new ArrayList<>(cases.size());
        for (int from = 0; from < cases.size(); from += SCORE_BATCH) {
            int to = Math.min(cases.size(), from + SCORE_BATCH);
            int[] users = new int[to - from];
            int[][] histories = new int[to - from][];
            for (int i = from; i < to; i++) {
                users[i - from] = cases.get(i).user();
                histories[i - from] = cases.get(i).history();
            }
            float[][] out = new float[to - from][n + 1];
            first.scoreBatch(users, histories, out);
            for (int i = from; i < to; i++) {
                EvalCase c = cases.get(i);
                float[] scores = out[i - from];
                int[] top = DinReranker.topCandidates(c.history(), scores, config.candidates());
                boolean[] positive = new boolean[top.length];
                for (int j = 0; j < top.length; j++) {
                    for (int t : c.targets()) {
                        positive[j] |= top[j] == t;
                    }
                }
                all.add(new CandidateList(
                        c.history(),
                        top,
                        TwoStageDin.features(scores, top, config.candidates()),
                        positive,
                        c.targets().length));
            }
        }
        // seeded draw of the held-out users: a shuffled order, the first share held out
        int[] order = new int[all.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int held = Math.max(1, (int) Math.round(all.size() * config.holdoutPercent() / 100.0));
        if (held >= all.size()) {
            throw new IllegalArgumentException(TwoStageDin.NAME + ": " + all.size() + " validation users are too few"
                    + " to train on some and hold out " + config.holdoutPercent() + "%");
        }
        List<CandidateList> holdout = new ArrayList<>();
        List<CandidateList> trainLists = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            (i < held ? holdout : trainLists).add(all.get(order[i]));
        }
        return new Lists(trainLists, holdout);
    }

    /**
     * Pre-trains (optionally) and trains {@code network} as the second stage of {@code first}.
     * The network's parameters live in {@code manager}.
     */
    TrainingResult fit(Recommender first, NDManager manager, DinNetwork network, TrainingData data, long seed) {
        checkNoLeak(data);
        if (data.numItems() != network.numItems() || first.numItems() != network.numItems()) {
            throw new IllegalArgumentException(TwoStageDin.NAME + ": the data has " + data.numItems()
                    + " items, the first stage " + first.numItems() + ", the network " + network.numItems());
        }
        SplittableRandom rng = new SplittableRandom(seed);
        Lists lists = lists(first, data.validation(), rng.nextLong());
        List<CandidateList> trainable =
                lists.train().stream().filter(CandidateList::hasPositive).toList();
        if (trainable.isEmpty()) {
            throw new IllegalArgumentException(TwoStageDin.NAME + ": the first stage retrieved no validation target"
                    + " in its top " + config.candidates() + "; nothing to learn (try more candidates)");
        }
        double firstAlone = ndcg(lists.holdout(), null).value();
        System.err.printf(
                "%s: %d training lists (%d with the target among the first stage's top %d), %d held out;"
                        + " first stage alone on the held-out lists: NDCG@10 %.4f%n",
                TwoStageDin.NAME,
                lists.train().size(),
                trainable.size(),
                config.candidates(),
                lists.holdout().size(),
                firstAlone);
        if (config.pretrainEpochs() > 0) {
            pretrain(manager, network, data, rng.nextLong());
        }
        // start from the first stage's order (softmax over its standardised scores) and learn a
        // correction; 462 lists on ml-100k were memorised within ten epochs from a random head,
        // ending below the first stage on the held-out lists
        Djl.noGrad();
        network.residualStart(new float[] {1f, 0f});
        Checkpoint checkpoint = Checkpoint.of(network);
        float[][] identity = checkpoint.snapshot();
        TrainingResult result =
                Trainer.exclusively(() -> secondStage(network, manager, trainable, lists.holdout(), rng));
        double trained =
                ndcg(lists.holdout(), list -> score(network, manager, list)).value();
        if (!(trained > firstAlone)) {
            // a second stage that does not beat the first on held-out validation users is not used:
            // the residual start's weights give back exactly the first stage's order
            checkpoint.restore(identity);
            System.err.printf(
                    "%s: the second stage (NDCG@10 %.4f) does not beat the first stage alone (%.4f) on the"
                            + " held-out lists; keeping the first stage's order%n",
                    TwoStageDin.NAME, trained, firstAlone);
        } else {
            System.err.printf(
                    "%s: second stage NDCG@10 %.4f against the first stage's %.4f on the held-out lists%n",
                    TwoStageDin.NAME, trained, firstAlone);
        }
        return result;
    }

    private void pretrain(NDManager manager, DinNetwork network, TrainingData data, long seed) {
        DinConfig d = config.din();
        DinConfig pre = new DinConfig(
                d.maxLen(),
                d.dim(),
                d.attentionHidden(),
                d.mlpHidden(),
                d.positions(),
                d.valNegatives(),
                d.train().withEpochs(config.pretrainEpochs()));
        // no validation cases: DinTrainer then runs every epoch (the validation events are the
        // second stage's training and held-out lists)
        TrainingData trainingOnly = new TrainingData(
                data.numUsers(),
                data.numItems(),
                data.sequences(),
                data.timestamps(),
                data.ratings(),
                data.items(),
                data.catalog(),
                List.of());
        new DinTrainer(pre).fit(Din.wrap(manager, network, pre), trainingOnly, seed);
    }

    private TrainingResult secondStage(
            DinNetwork net,
            NDManager manager,
            List<CandidateList> trainable,
            List<CandidateList> holdout,
            SplittableRandom rng) {
        Engine engine = Djl.engine();
        int[] order = new int[trainable.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Checkpoint checkpoint = Checkpoint.of(net);
        Updater updater = new Updater(checkpoint, train.learningRate(), train.weightDecay());
        int batch = config.listBatch();
        int steps = (order.length + batch - 1) / batch;
        EpochLoop loop = EpochLoop.of(train, steps);
        return loop.runScored(
                TwoStageDin.NAME,
                epoch -> shuffle(order, rng),
                st -> step(
                        net,
                        manager,
                        trainable,
                        order,
                        st * batch,
                        Math.min(order.length, (st + 1) * batch),
                        engine,
                        updater),
                () -> ndcg(holdout, list -> score(net, manager, list)),
                checkpoint,
                listeners);
    }

    private double step(
            DinNetwork net,
            NDManager manager,
            List<CandidateList> lists,
            int[] order,
            int from,
            int to,
            Engine engine,
            Updater updater) {
        int rows = to - from;
        int k = config.candidates();
        int longest = 1;
        for (int b = from; b < to; b++) {
            longest = Math.max(longest, TwoStageDin.window(lists.get(order[b]).history(), net.maxLen()).length);
        }
        int t = longest;
        long[] histories = new long[rows * t];
        long[] candidates = new long[rows * k];
        float[] features = new float[rows * k * TwoStageDin.FEATURES];
        float[] positive = new float[rows * k];
        float[] valid = new float[rows * k];
        for (int b = 0; b < rows; b++) {
            CandidateList list = lists.get(order[from + b]);
            long[] w = TwoStageDin.window(list.history(), net.maxLen());
            System.arraycopy(w, 0, histories, b * t + (t - w.length), w.length);
            int[] c = list.candidates();
            for (int j = 0; j < k; j++) {
                // short lists (small catalogues) are padded with their first item and masked out
                candidates[b * k + j] = j < c.length ? c[j] : c[0];
                valid[b * k + j] = j < c.length ? 1f : 0f;
                positive[b * k + j] = j < c.length && list.positive()[j] ? 1f : 0f;
            }
            System.arraycopy(list.features(), 0, features, b * k * TwoStageDin.FEATURES, list.features().length);
        }
        return GradientStep.run(manager, engine, updater, (m, ps) -> {
            NDArray h = m.create(histories, new Shape(rows, t));
            NDArray c = m.create(candidates, new Shape(rows, k));
            NDArray f = m.create(features, new Shape(rows, k, TwoStageDin.FEATURES));
            NDArray y = m.create(positive, new Shape(rows, k));
            NDArray v = m.create(valid, new Shape(rows, k));
            NDArray logits = net.forward(ps, new NDList(h, c, f), true).head();
            // padding never competes; the loss is -log(sum of the targets' softmax probabilities)
            NDArray all = logits.add(v.sub(1f).mul(1e9f));
            NDArray pos = logits.add(y.sub(1f).mul(1e9f));
            return logSumExp(all).sub(logSumExp(pos)).mean();
        });
    }

    /** {@code log sum exp} over the last axis, stable: {@code (B, K) -> (B)}. */
    private static NDArray logSumExp(NDArray x) {
        NDArray max = x.max(new int[] {1}, true).stopGradient();
        return x.sub(max).exp().sum(new int[] {1}).log().add(max.squeeze(1));
    }

    private static float[] score(DinNetwork net, NDManager manager, CandidateList list) {
        int[] c = list.candidates();
        long[] ids = new long[c.length];
        for (int j = 0; j < ids.length; j++) {
            ids[j] = c[j];
        }
        Djl.noGrad();
        try (NDManager m = manager.newSubManager()) {
            return net.scoreCandidates(m, TwoStageDin.window(list.history(), net.maxLen()), ids, list.features(), false)
                    .head()
                    .toFloatArray();
        }
    }

    /**
     * NDCG@10 of the lists re-ordered by {@code scorer} (null: the first stage's order), with its
     * standard error over the lists. A target outside the list counts as a miss.
     */
    static EpochLoop.Score ndcg(List<CandidateList> lists, java.util.function.Function<CandidateList, float[]> scorer) {
        double sum = 0;
        double sumSq = 0;
        for (CandidateList list : lists) {
            int k = list.candidates().length;
            Integer[] order = new Integer[k];
            for (int j = 0; j < k; j++) {
                order[j] = j;
            }
            if (scorer != null) {
                float[] s = scorer.apply(list);
                // stable: ties keep the first stage's order, as DinReranker.place does
                java.util.Arrays.sort(order, (a, b) -> Float.compare(s[b], s[a]));
            }
            double dcg = 0;
            for (int r = 0; r < Math.min(10, k); r++) {
                if (list.positive()[order[r]]) {
                    dcg += 1 / log2(r + 2);
                }
            }
            double ideal = 0;
            for (int r = 0; r < Math.min(10, list.targets()); r++) {
                ideal += 1 / log2(r + 2);
            }
            double v = ideal > 0 ? dcg / ideal : 0;
            sum += v;
            sumSq += v * v;
        }
        int n = lists.size();
        double mean = sum / n;
        double var = n > 1 ? Math.max(0, (sumSq - n * mean * mean) / (n - 1)) : 0;
        return new EpochLoop.Score(mean, Math.sqrt(var / n));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
