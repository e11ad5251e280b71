package io.attnrec.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import io.attnrec.nn.attention.Masks;
import java.util.SplittableRandom;

/**
 * The next-item losses of {@link LossKind}, computed only at the {@code P} real positions of a
 * batch: {@code hidden (P, D)} against the item table {@code (N + 1, D)}.
 */
final class Losses {

    private Losses() {}

    static NDArray compute(
            TrainConfig config,
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
            case GBCE ->
                gbce(
                        hidden,
                        table,
                        targets,
                        m.create(NextItemBatches.uniform(config.negatives(), numItems, rng)),
                        numItems,
                        config.gbceT());
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

    static NDArray gbce(NDArray hidden, NDArray table, NDArray targets, NDArray negatives, int numItems, double t) {
        long k = negatives.size();
        double alpha = numItems > 1 ? (double) k / (numItems - 1) : 1.0;
        double beta = alpha * (t * (1 - 1 / alpha) + 1 / alpha);
        NDArray pos = dot(
                hidden, Embedding.embedding(targets, table, SparseFormat.DENSE).head());
        // -log(sigmoid(pos)^beta) = beta * softplus(-pos)
        NDArray posTerm = Activation.softPlus(pos.neg()).mul((float) beta).sum();
        NDArray neg = negativeLogits(hidden, table, targets, negatives, false);
        NDArray notHit = targets.expandDims(1).neq(negatives.expandDims(0)).toType(DataType.FLOAT32, false);
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
