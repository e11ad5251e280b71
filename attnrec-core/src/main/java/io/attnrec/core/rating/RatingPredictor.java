package io.attnrec.core.rating;

/**
 * A model that predicts explicit ratings (SPEC C6), the side ability of {@code biasedmf}, {@code
 * svdpp} and {@code attn-rating}. These models are also {@link io.attnrec.core.model.Recommender}s
 * (registered through the ordinary {@link io.attnrec.core.model.ModelProvider} registry), so
 * {@code Models.require("svdpp").train(...)} returns an object that implements both; the rating
 * protocol checks for this interface.
 *
 * <p>Ids follow the core conventions: users {@code 0..numUsers-1} or {@code -1} for a user the
 * model never saw; items {@code 1..numItems}. An item outside that range, or one without training
 * ratings, is unknown: its prediction falls back to the biases. Implementations are thread-safe.
 */
public interface RatingPredictor {

    /** The rating scale of the training data; predictions are clipped to it. */
    RatingScale scale();

    /** Lowest rating of the training data; predictions are clipped to {@code [min, max]}. */
    default float minRating() {
        return scale().min();
    }

    /** Highest rating of the training data. */
    default float maxRating() {
        return scale().max();
    }

    /**
     * Predicts {@code user}'s rating of {@code item}, clipped to the rating scale.
     *
     * @param history the user's rated items (normally their training ratings), any order; may be
     *     empty. Models that read the history (SVD++, attention) use it; the target item, if
     *     present, is ignored
     * @param historyRatings the ratings of {@code history}, same length, or {@code null} when
     *     unknown (then every history rating counts as neutral)
     */
    float predict(int user, int[] history, float[] historyRatings, int item);

    /**
     * Held-out RMSE after each epoch of the early-stopping run, on the slice of the training
     * ratings the model held out for it (never test ratings); empty when the model held none out.
     * The figure to choose settings by.
     */
    default double[] validationCurve() {
        return new double[0];
    }

    /**
     * Predicts several items for one user; models override it to share per-user work.
     *
     * @param out receives one clipped prediction per entry of {@code items}
     */
    default void predict(int user, int[] history, float[] historyRatings, int[] items, float[] out) {
        for (int k = 0; k < items.length; k++) {
            out[k] = predict(user, history, historyRatings, items[k]);
        }
    }

    /**
     * Predicts several items for one user at given times. Models that read when ratings were given
     * override it ({@code rating-blend} with {@code recent}); the others ignore the times.
     *
     * @param historyTimes when each history rating was given (seconds), or {@code null} when unknown
     * @param times when each prediction is asked for, one per entry of {@code items}
     */
    default void predictAt(
            int user,
            int[] history,
            float[] historyRatings,
            long[] historyTimes,
            int[] items,
            long[] times,
            float[] out) {
        predict(user, history, historyRatings, items, out);
    }
}
