package io.attnrec.core.multi;

import java.util.List;

/**
 * A model that represents a user by one or more interest vectors in the item embedding space
 * (SPEC section 2, "SequentialModel"): an item's score is the largest dot product of its vector
 * with any of the user's interests. Single-vector models are the case of one interest, so one
 * interface serves both; multi-interest models (ComiRec, MIND) implement it next to {@link
 * io.attnrec.core.model.Recommender}.
 *
 * <p>Ids follow the core conventions: items {@code 1..numItems} (row 0 of the item table is
 * padding), users {@code 0..numUsers-1} or {@code -1} for a user scored from the history alone.
 * Implementations are thread-safe.
 */
public interface MultiInterest {

    /** Embedding size D of interests and items. */
    int dim();

    /** The most interests a user can get (K); a user may get fewer (e.g. MIND's dynamic count). */
    int maxInterests();

    /**
     * The user's interest vectors, {@code (K_u, D)} with {@code 1 <= K_u <= maxInterests()}.
     *
     * @param history items in time order, oldest first
     */
    float[][] interests(int user, int[] history);

    /** The item vectors, {@code (numItems + 1, D)}; row 0 (padding) is not an item. A fresh copy. */
    float[][] itemTable();

    /**
     * Each interest with the history items that form it (attention or routing weights) and the
     * items it retrieves.
     *
     * @param topItems how many items each interest lists, best first, history items left out
     */
    List<Interest> explainInterests(int user, int[] history, int topItems);
}
