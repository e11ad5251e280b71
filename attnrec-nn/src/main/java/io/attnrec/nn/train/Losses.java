package io.attnrec.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import io.attnrec.nn.attention.Masks;
import java.util.SplittableRandom;

/**
 * The next-item losses of {@link LossKind}, computed only at the {@code P} real positions of a
 * batch: {@code hidden (P, D)} against the item table {@code (N + 1, D)}. gBCE also reads the
 * whole window {@code (B, T, D)}, since its negatives are drawn per sequence.
 */
final class Losses {

    private Losses() {}

    static NDArray compute(
            TrainConfig config,
            NDArray window,
            NDArray hidden,
            NDArray table,
            NextItemBatches.Batch batch,
            NextItemBatches batches,
            int numItems,
            SplittableRandom rng) {
        NDManager m = hidden.getManager();
        NDArray targets = m.create(batch.targets());
        return switch (config.loss()) {
            case CE -> crossEntropy(hidden, table, targets);
            case BCE -> bce(hidden, table, targets, m.create(batches.negativesPerPosition(batch, numItems, rng)));
            case SAMPLED ->
                sampledSoftmax(
                        hidden, table, targets, m.create(NextItemBatches.uniform(config.negatives(), numItems, rng)));
            case GBCE -> {
                int k = config.negatives();
                NDArray negatives =
                        m.create(batches.negativesPerRow(batch, k, numItems, rng), new Shape(batch.rows(), k));
                long[] rows = new long[batch.positions().length];
                for (int p = 0; p < rows.length; p++) {
                    rows[p] = batch.positions()[p] / batch.length();
                }
                yield gbce(
                        window,
                        hidden,
                        table,
                        targets,
                        negatives,
                        m.create(batch.positions()),
                        m.create(rows),
                        numItems,
                        config.gbceT());
            }
        };
    }

    /**
     * Full softmax over every item. The padding column stays in the softmax, as in the reference
     * implementations: it is never a target and its row is zeroed on input, so it only learns to
     * score low.
     */
    static NDArray crossEntropy(NDArray hidden, NDArray table, NDArray targets) {
        // (P, D) x (D, N+1) -> (P, N+1)
        NDArray logProbs = Linear.linear(hidden, table).head().logSoftmax(1);
        long p = targets.size();
        return logProbs.gather(targets.reshape(p, 1), 1).mean().neg();
    }

    /** {@code -log sigmoid(pos) - log sigmoid(-neg)}, averaged over positions. */
    static NDArray bce(NDArray hidden, NDArray table, NDArray targets, NDArray negatives) {
        NDArray pos = dot(
                hidden, Embedding.embedding(targets, table, SparseFormat.DENSE).head());
        NDArray neg = dot(
                hidden,
                Embedding.embedding(negatives, table, SparseFormat.DENSE).head());
        return Activation.softPlus(pos.neg()).add(Activation.softPlus(neg)).mean();
    }

    static NDArray sampledSoftmax(NDArray hidden, NDArray table, NDArray targets, NDArray negatives) {
        NDArray pos = dot(
                        hidden,
                        Embedding.embedding(targets, table, SparseFormat.DENSE).head())
                .expandDims(1);
        NDArray neg = negativeLogits(hidden, table, targets, negatives, true);
        // (P, 1 + K); the target is class 0
        NDArray logProbs = pos.concat(neg, 1).logSoftmax(1);
        return logProbs.get(new NDIndex(":, 0")).mean().neg();
    }

    /**
     * gSASRec's generalised BCE (Petrov and Macdonald, RecSys 2023): {@code k} negatives per
     * sequence, drawn from the items its user never had and shared by that sequence's positions
     * (as the reference implementation samples per sequence), and the positive probability raised
     * to {@code beta} to undo the over-confidence that negative sampling causes. Negatives shared by
     * the whole batch were tried first: all positions then push the same few hundred items down at
     * once, and on MovieLens-100K validation NDCG@10 collapsed to 0.018 (bench/RESULTS.md).
     *
     * @param window {@code (B, T, D)} hidden states of every position
     * @param hidden {@code (P, D)} the real positions, rows {@code positions} of the flattened window
     * @param negatives {@code (B, K)} item ids per sequence
     * @param positions {@code (P)} flat index {@code row * T + column} of each real position
     * @param rows {@code (P)} the row of each real position
     */
    static NDArray gbce(
            NDArray window,
            NDArray hidden,
            NDArray table,
            NDArray targets,
            NDArray negatives,
            NDArray positions,
            NDArray rows,
            int numItems,
            double t) {
        long b = window.getShape().get(0);
        long len = window.getShape().get(1);
        long k = negatives.getShape().get(1);
        double alpha = numItems > 1 ? (double) k / (numItems - 1) : 1.0;
        double beta = alpha * (t * (1 - 1 / alpha) + 1 / alpha);
        NDArray pos = dot(
                hidden, Embedding.embedding(targets, table, SparseFormat.DENSE).head());
        // -log(sigmoid(pos)^beta) = beta * softplus(-pos)
        NDArray posTerm = Activation.softPlus(pos.neg()).mul((float) beta).sum();
        // (B, T, D) x (B, D, K) -> (B, T, K) -> (B * T, K) -> (P, K)
        NDArray negEmb =
                Embedding.embedding(negatives, table, SparseFormat.DENSE).head();
        NDArray neg =
                window.matMul(negEmb.transpose(0, 2, 1)).reshape(b * len, k).get(positions);
        // a negative equal to the position's own target is not a negative
        NDArray notHit = negatives.get(rows).neq(targets.expandDims(1)).toType(DataType.FLOAT32, false);
        NDArray negTerm = Activation.softPlus(neg).mul(notHit).sum();
        long p = targets.size();
        return posTerm.add(negTerm).div((float) (p * (1 + k)));
    }

    /** {@code (P, K)} logits of shared negatives; with {@code maskHits} a negative equal to the target is masked. */
    private static NDArray negativeLogits(
            NDArray hidden, NDArray table, NDArray targets, NDArray negatives, boolean maskHits) {
        NDArray logits = Linear.linear(
                        hidden,
                        Embedding.embedding(negatives, table, SparseFormat.DENSE)
                                .head())
                .head();
        if (!maskHits) {
            return logits;
        }
        NDArray hits = targets.expandDims(1)
                .eq(negatives.expandDims(0))
                .toType(DataType.FLOAT32, false)
                .mul(Masks.MASKED);
        return logits.add(hits);
    }

    /** Row-wise dot product {@code (P, D), (P, D) -> (P)}. */
    private static NDArray dot(NDArray a, NDArray b) {
        return a.mul(b).sum(new int[] {1});
    }
}
