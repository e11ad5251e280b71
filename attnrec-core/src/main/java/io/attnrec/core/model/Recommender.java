package io.attnrec.core.model;

/**
 * Anything that scores every item of the catalogue for one user's history.
 *
 * <p>Item ids are dense and 1-based: {@code 1..numItems()}; id 0 is padding and its score is
 * ignored. User ids are dense and 0-based; {@code -1} means a user the model never saw (scored
 * from the history alone). Implementations must be safe to call from several threads at once:
 * the evaluator and the server score users in parallel.
 */
public interface Recommender {

    /** The registered model name (lower case, hyphens), e.g. {@code "ease"}. */
    String name();

    /** Number of real items; score arrays have length {@code numItems() + 1}. */
    int numItems();

    /**
     * Writes a score for every item into {@code scores} (length {@code numItems() + 1}); higher is
     * better. {@code history} is the user's items in time order, oldest first.
     */
    void score(int user, int[] history, float[] scores);

    /**
     * Scores several users at once. Models that can batch (matrix products) override this; the
     * default loops over {@link #score}.
     *
     * @param out {@code out[b]} has length {@code numItems() + 1}
     */
    default void scoreBatch(int[] users, int[][] histories, float[][] out) {
        for (int b = 0; b < users.length; b++) {
            score(users[b], histories[b], out[b]);
        }
    }

    /**
     * Optimiser steps of the training that made this model in this process (a warm start's: its
     * fine-tuning's), written into the manifest: a warm start sizes its step budget by what the
     * training from scratch at the root of its lineage cost ({@link WarmStartConfig#minStepShare}).
     * 0 when not counted: models without an optimiser, and models read from disk.
     */
    default long trainingSteps() {
        return 0;
    }

    /** Refuses, in one line, a score array too short for {@code numItems} items and the padding slot. */
    static void requireScoreLength(float[] scores, int numItems) {
        if (scores.length < numItems + 1) {
            throw new IllegalArgumentException(
                    "score array has length " + scores.length + ", need " + (numItems + 1) + " (numItems + 1)");
        }
    }
}
