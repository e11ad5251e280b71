package io.attnrec.core.model;

/**
 * Optional side interface of a {@link Recommender} whose score is an inner
 * product between user vectors and item vectors: {@code score(item) = max_k dot(u_k,
 * itemVector(item))}. Such a model gets approximate nearest-neighbour retrieval on large
 * catalogues, embedding similarity for diversity and "similar items", and per-interest answers
 * from the server's {@code /v1/users/{id}/interests} when it returns several user vectors (multi-interest
 * models such as ComiRec and MIND).
 *
 * <p>Contract: for every history, the maximum over {@link #userVectors} of the inner product
 * with {@link #itemVector} equals (up to float rounding) what {@code Recommender.score} writes.
 * A model that adds item biases or non-linear heads must not implement this. Thread-safe.
 */
public interface EmbeddingModel {

    /** Length of every user and item vector. */
    int dimension();

    /** The vector of item {@code item} (1..numItems). Callers must not modify it. */
    float[] itemVector(int item);

    /**
     * The user's interest vectors for this history (one row for single-vector models such as
     * SASRec, K rows for K interests). Same arguments as {@code Recommender.score}.
     */
    float[][] userVectors(int user, int[] history);
}
