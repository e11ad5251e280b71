package io.attnrec.core.model;

/**
 * Optional side interface of a {@link Recommender} whose scores are a product of user factors
 * and item factors: {@code score(i) = bias_i + max_k <u_k, q_i>}, computed in exactly the
 * arithmetic {@link FactorTable#fused()} names, so that a fast kernel reproduces {@code
 * Recommender.score} bit for bit. The evaluator then encodes a batch of users once and scores it
 * with {@link io.attnrec.core.linalg.FactorKernel} instead of reading a full score row per user
 * from the model. Thread-safe.
 */
public interface FactorScorer {

    /**
     * The item side, or null when this model's scores are not such a product (for instance a
     * multi-interest model that re-ranks for diversity): callers then use {@code scoreBatch}.
     */
    FactorTable factorTable();

    /**
     * The factor rows of each user: {@code out[b]} has one row (single-vector models) or one row
     * per active interest, each of length {@link FactorTable#dim()}. Same arguments as {@code
     * Recommender.scoreBatch}.
     */
    float[][][] userFactors(int[] users, int[][] histories);

    /**
     * One user's factor rows for a served request by a path that is cheap for one user (agreeing
     * with {@link #userFactors} to float rounding, not bit for bit — so the evaluator, whose
     * metrics must not depend on batching, never calls this), or null when the model has none
     * (the default): a server then encodes concurrent requests together with {@link
     * #userFactors}.
     */
    default float[][] requestFactors(int user, int[] history) {
        return null;
    }
}
