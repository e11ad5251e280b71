package io.attnrec.nn.bench.speed;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.AdamW;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.attnrec.nn.Djl;
import io.attnrec.nn.seq.SequenceNetwork;
import io.attnrec.nn.seq.SequenceRecommender;
import io.attnrec.nn.train.TrainConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Where a training step's time goes: a copy of the trainer's step (same batches, same ops, same
 * optimiser) with a clock between its parts: building the batch, the encoder, the loss at the
 * real positions, backward, and the AdamW update. The trainer's step is private, so this is a
 * faithful re-statement of it rather than a hook into it; it supports the {@code ce} and {@code
 * bce} losses.
 */
final class PartsProfile {

    static final String[] PARTS = {"batch", "encode", "loss", "backward", "update"};

    private final int[][] sequences;
    private final int maxLen;
    private final int[][] seen;

    PartsProfile(int[][] sequences, int maxLen) {
        this.sequences = sequences;
        this.maxLen = maxLen;
        this.seen = new int[sequences.length][];
        for (int u = 0; u < sequences.length; u++) {
            seen[u] = Arrays.stream(sequences[u]).sorted().distinct().toArray();
        }
    }

    /** Left-padded windows as the trainer builds them (see NextItemBatches). */
    record Batch(int rows, int length, long[] inputs, long[] positions, long[] targets, int[] users) {}

    Batch build(int[] users, int from, int to) {
        int rows = to - from;
        int t = 1;
        int pairs = 0;
        for (int b = from; b < to; b++) {
            int n = Math.min(sequences[users[b]].length - 1, maxLen);
            t = Math.max(t, n);
            pairs += n;
        }
        long[] inputs = new long[rows * t];
        long[] positions = new long[pairs];
        long[] targets = new long[pairs];
        int[] owner = new int[pairs];
        int p = 0;
        for (int b = from; b < to; b++) {
            int[] s = sequences[users[b]];
            int n = Math.min(s.length - 1, maxLen);
            int start = s.length - 1 - n;
            int row = (b - from) * t + t - n;
            for (int i = 0; i < n; i++) {
                inputs[row + i] = s[start + i];
                positions[p] = row + i;
                targets[p] = s[start + i + 1];
                owner[p] = users[b];
                p++;
            }
        }
        return new Batch(rows, t, inputs, positions, targets, owner);
    }

    /**
     * Runs {@code warmup + steps} steps over {@code users} (already shuffled) and returns the mean
     * milliseconds per timed step of each part of {@link #PARTS}.
     */
    double[] run(
            SequenceRecommender model, TrainConfig config, int[] users, int warmup, int steps, SplittableRandom rng) {
        return run(model, config, users, warmup, steps, rng, 0);
    }

    /**
     * As {@link #run(SequenceRecommender, TrainConfig, int[], int, int, SplittableRandom)}; with
     * {@code ceChunk > 0} the {@code ce} loss is computed by {@link #chunkedCrossEntropy} instead of
     * the trainer's autograd graph (a candidate speed-up measured here, not used by the trainer).
     */
    double[] run(
            SequenceRecommender model,
            TrainConfig config,
            int[] users,
            int warmup,
            int steps,
            SplittableRandom rng,
            int ceChunk) {
        String loss = config.loss().key();
        if (!loss.equals("ce") && !loss.equals("bce")) {
            throw new IllegalArgumentException("the step profile supports loss=ce and loss=bce, not " + loss);
        }
        if (ceChunk > 0 && !loss.equals("ce")) {
            throw new IllegalArgumentException("the chunked output layer is for loss=ce only");
        }
        SequenceNetwork net = model.network();
        Engine engine = Djl.engine();
        List<Pair<String, Parameter>> params = new ArrayList<>();
        Djl.noGrad();
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
                params.add(p);
            }
        }
        Optimizer decayed = adamW(config, config.weightDecay());
        Optimizer plain = adamW(config, 0.0);
        double[] ms = new double[PARTS.length];
        int batch = config.batchSize();
        for (int step = 0; step < warmup + steps; step++) {
            long[] t = new long[PARTS.length + 1];
            t[0] = System.nanoTime();
            int from = step * batch;
            Batch b = build(users, from, Math.min(users.length, from + batch));
            try (NDManager m = model.manager().newSubManager()) {
                ParameterStore ps = new ParameterStore(m, false);
                NDArray items = m.create(b.inputs(), new Shape(b.rows(), b.length()));
                NDArray positions = m.create(b.positions());
                NDArray targets = m.create(b.targets());
                NDArray negatives = loss.equals("bce") ? m.create(negatives(b, net.numItems(), rng)) : null;
                t[1] = System.nanoTime();
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray hidden = net.encode(ps, items, true).head();
                    long d = hidden.getShape().get(2);
                    NDArray real =
                            hidden.reshape((long) b.rows() * b.length(), d).get(positions);
                    real.getFloat(0, 0); // the engine is eager on the CPU; this only pins the clock
                    t[2] = System.nanoTime();
                    NDArray table = net.itemTable(ps, true);
                    NDArray value;
                    NDArray objective;
                    if (ceChunk > 0) {
                        NDArray[] lossAndSurrogate = chunkedCrossEntropy(real, table, targets, ceChunk);
                        value = lossAndSurrogate[0];
                        objective = lossAndSurrogate[1];
                    } else {
                        value = negatives == null
                                ? crossEntropy(real, table, targets)
                                : bce(real, table, targets, negatives);
                        objective = value;
                    }
                    value.getFloat();
                    t[3] = System.nanoTime();
                    gc.backward(objective);
                }
                t[4] = System.nanoTime();
                for (Pair<String, Parameter> p : params) {
                    NDArray w = p.getValue().getArray();
                    try (NDArray g = w.getGradient()) {
                        (decays(p.getKey()) ? decayed : plain)
                                .update(p.getValue().getId(), w, g);
                    }
                }
                t[5] = System.nanoTime();
            }
            if (step >= warmup) {
                for (int i = 0; i < PARTS.length; i++) {
                    ms[i] += (t[i + 1] - t[i]) / 1e6 / steps;
                }
            }
        }
        return ms;
    }

    static String line(String impl, double[] ms) {
        StringBuilder s = new StringBuilder("PROFILE impl=" + impl + " ms/step:");
        for (int i = 0; i < PARTS.length; i++) {
            s.append(String.format(Locale.ROOT, " %s %.1f", PARTS[i], ms[i]));
        }
        return s.toString();
    }

    /** The trainer's full-softmax cross-entropy (see Losses.crossEntropy). */
    static NDArray crossEntropy(NDArray hidden, NDArray table, NDArray targets) {
        NDArray logProbs = Linear.linear(hidden, table).head().logSoftmax(1);
        return logProbs.gather(targets.reshape(targets.size(), 1), 1).mean().neg();
    }

    /**
     * Full-softmax cross-entropy with the output layer's gradients computed by hand, a chunk of
     * positions at a time, outside the autograd graph. Returns {@code (loss, surrogate)}:
     * backward through the surrogate gives exactly the gradients of the mean cross-entropy.
     *
     * <p>With {@code p = softmax(h E^T)} and the mean over {@code P} positions, {@code dL/dh =
     * (p E - E[t]) / P} and {@code dL/dE = (p^T h - onehot(t)^T h) / P}. The softmax parts are
     * computed here without recording; the one-hot parts come from autograd through {@code -sum(h
     * . E[t]) / P}. So the {@code (P, N+1)} logits exist only a chunk at a time, and the
     * log-softmax output, the gather's zero-filled gradient and the log-softmax backward of the
     * autograd version (three more {@code (P, N+1)} arrays and their passes) are never made.
     */
    static NDArray[] chunkedCrossEntropy(NDArray hidden, NDArray table, NDArray targets, int chunk) {
        long p = hidden.getShape().get(0);
        NDArray h = hidden.stopGradient();
        NDArray e = table.stopGradient();
        NDArray gradHidden = null;
        NDArray gradTable = null;
        NDArray logLikelihood = null;
        for (long a = 0; a < p; a += chunk) {
            long b = Math.min(p, a + chunk);
            NDArray hc = h.get(a + ":" + b);
            NDArray logits = Linear.linear(hc, e).head();
            NDArray probs = logits.softmax(1);
            logits.close();
            NDArray tc = targets.get(a + ":" + b);
            NDArray ll =
                    probs.gather(tc.reshape(b - a, 1), 1).clip(1e-30f, 1f).log().sum();
            logLikelihood = logLikelihood == null ? ll : logLikelihood.add(ll);
            NDArray gh = probs.matMul(e);
            gradHidden = gradHidden == null ? gh : gradHidden.concat(gh, 0);
            NDArray gt = probs.transpose().matMul(hc);
            gradTable = gradTable == null ? gt : gradTable.addi(gt);
            probs.close();
        }
        float scale = 1f / p;
        NDArray loss = logLikelihood.mul(-scale);
        NDArray targetRows =
                Embedding.embedding(targets, table, SparseFormat.DENSE).head();
        NDArray surrogate = hidden.mul(gradHidden.muli(scale))
                .sum()
                .add(table.mul(gradTable.muli(scale)).sum())
                .sub(hidden.mul(targetRows).sum().mul(scale));
        return new NDArray[] {loss, surrogate};
    }

    /** The trainer's BCE with one negative per position (see Losses.bce). */
    private static NDArray bce(NDArray hidden, NDArray table, NDArray targets, NDArray negatives) {
        NDArray pos = hidden.mul(
                        Embedding.embedding(targets, table, SparseFormat.DENSE).head())
                .sum(new int[] {1});
        NDArray neg = hidden.mul(Embedding.embedding(negatives, table, SparseFormat.DENSE)
                        .head())
                .sum(new int[] {1});
        return Activation.softPlus(pos.neg()).add(Activation.softPlus(neg)).mean();
    }

    private long[] negatives(Batch batch, int numItems, SplittableRandom rng) {
        long[] out = new long[batch.targets().length];
        for (int p = 0; p < out.length; p++) {
            int[] mine = seen[batch.users()[p]];
            int item = 1 + rng.nextInt(numItems);
            for (int tries = 0; tries < 32 && Arrays.binarySearch(mine, item) >= 0; tries++) {
                item = 1 + rng.nextInt(numItems);
            }
            out[p] = item;
        }
        return out;
    }

    private static boolean decays(String key) {
        return !(key.endsWith("bias") || key.endsWith("gamma") || key.endsWith("beta"));
    }

    private static Optimizer adamW(TrainConfig config, double weightDecay) {
        return AdamW.builder()
                .optLearningRateTracker(Tracker.fixed((float) config.learningRate()))
                .optWeightDecays((float) weightDecay)
                .build();
    }
}
