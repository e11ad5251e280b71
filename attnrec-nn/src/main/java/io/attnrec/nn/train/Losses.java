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
import io.attnrec.nn.Scalars;
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
            case BCE -> bce(hidden, table, targets, m.create(batches.negativesPerPosition(batch, 1, numItems, rng)));
            case SAMPLED ->
                sampledSoftmax(
                        hidden, table, targets, m.create(NextItemBatches.uniform(config.negatives(), numItems, rng)));
            case GBCE -> {
                int k = config.negatives();
                long[] negatives = batches.negativesPerPosition(batch, k, numItems, rng);
                yield gbce(
                        hidden,
                        table,
                        targets,
                        m.create(negatives, new Shape(batch.targets().length, k)),
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
     * position, drawn from the items its user never had, and the positive probability raised to
     * {@code beta} to undo the over-confidence that negative sampling causes. Negatives are drawn
     * per position as in the reference implementation; two cheaper schemes failed here: negatives
     * shared by the batch (validation NDCG@10 0.018 on MovieLens-100K) and negatives shared by a
     * sequence's positions (0.039, at the level of popularity, for any t and any k), since one
     * sequence's positions then push the same few items down together.
     *
     * <p>The logits come from the full product with the item table, as for the softmax, and each
     * row then picks its own negatives: gathering {@code k} embeddings per position instead would
     * need {@code P * k * D} floats.
     *
     * @param hidden {@code (P, D)} the real positions
     * @param negatives {@code (P, K)} item ids per position
     */
    static NDArray gbce(NDArray hidden, NDArray table, NDArray targets, NDArray negatives, int numItems, double t) {
        long p = targets.size();
        long k = negatives.getShape().get(1);
        double alpha = numItems > 1 ? (double) k / (numItems - 1) : 1.0;
        double beta = alpha * (t * (1 - 1 / alpha) + 1 / alpha);
        // (P, D) x (D, N+1) -> (P, N+1), shifted by the prior logit (see priorLogit)
        NDArray logits = Linear.linear(hidden, table).head().add((float) priorLogit(beta, k));
        NDArray pos = logits.gather(targets.reshape(p, 1), 1);
        // -log(sigmoid(pos)^beta) = beta * softplus(-pos)
        NDArray posTerm =
                Scalars.mul(Activation.softPlus(pos.neg()), (float) beta).sum();
        // (P, K): each position's own negatives; one equal to the target is not a negative
        NDArray neg = logits.gather(negatives, 1);
        NDArray notHit = negatives.neq(targets.expandDims(1)).toType(DataType.FLOAT32, false);
        NDArray negTerm = Activation.softPlus(neg).mul(notHit).sum();
        return Scalars.div(posTerm.add(negTerm), (float) (p * (1 + k)));
    }

    /**
     * The logit that minimises gBCE for an item the model knows nothing about: with the positive
     * term weighted by {@code beta} and {@code k} uniform negatives, {@code sigma(s) = beta p /
     * (beta p + k q)} for target probability {@code p} and sampling probability {@code q}, so
     * {@code s = log(beta / k)} when {@code p = q} (about -6.6 for k = 256, t = 0.75).
     *
     * <p>Why it is added to every logit: the model has no output bias, and the item table is
     * shared with the input. Without the shift, the only way to reach these strongly negative
     * logits is a direction common to every item embedding, which then dominates every input
     * embedding too, and the network loses the items' identities: validation NDCG@10 on
     * MovieLens-100K peaked at epoch 3 at the level of popularity (0.039) and decayed, for every
     * t and every k > 1 (bench/RESULTS.md, issue 18). A constant shift changes no ranking, and it
     * is 0 for one negative and {@code beta = 1}, i.e. plain BCE is unchanged.
     */
    static double priorLogit(double beta, long k) {
        return Math.log(beta / k);
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
