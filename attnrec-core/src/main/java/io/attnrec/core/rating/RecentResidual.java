package io.attnrec.core.rating;

import java.util.Arrays;

/**
 * How far above or below their usual level a user has been rating just before a request: the
 * user's baseline residuals {@code r_j - (mu + b_u + b_{i_j})}, each weighted by {@code exp(-(t -
 * t_j) / tau)}, over the ratings given strictly before the request time {@code t}, averaged with
 * {@code shrink} pseudo-ratings of residual 0 ({@code sum w r / (shrink + sum w)}).
 *
 * <p>Why: ratings given in one sitting move together (a mood, a run of titles the user disliked),
 * and models that read only who rated what cannot see it. Strictly before, not at: in ML-100K 70%
 * of the ratings share their second with another rating of the same user (a page of ratings
 * submitted at once), and a rating's page-mates are not known when its prediction would be shown;
 * counting them would read the answer's context, not the user's past. So a live service computes
 * this exactly as the offline protocol does, and the later ratings of a training fold are never
 * read. Immutable.
 */
final class RecentResidual {

    private final Baseline baseline;
    private final double tau;
    private final double shrink;

    RecentResidual(Baseline baseline, double tau, double shrink) {
        if (!(tau > 0) || !(shrink >= 0)) {
            throw new IllegalArgumentException("recent: tau must be > 0 and shrink >= 0, got " + tau + ", " + shrink);
        }
        this.baseline = baseline;
        this.tau = tau;
        this.shrink = shrink;
    }

    Baseline baseline() {
        return baseline;
    }

    /**
     * The shrunk, time-weighted mean residual of the ratings of {@code history} given before each
     * entry of {@code times}.
     *
     * @param history the user's rated items; {@code ratings} and {@code historyTimes} beside them
     * @param times request times, one per output value
     * @param out receives one value per entry of {@code times}; 0 when the history has no rating
     *     before that time
     */
    void values(int user, int[] history, float[] ratings, long[] historyTimes, long[] times, double[] out) {
        if (ratings == null || historyTimes == null || history.length == 0) {
            Arrays.fill(out, 0, times.length, 0);
            return;
        }
        if (historyTimes.length != history.length || ratings.length != history.length) {
            throw new IllegalArgumentException("recent: " + history.length + " history items but " + ratings.length
                    + " ratings and " + historyTimes.length + " times");
        }
        double bu = baseline.user(user, history, ratings);
        double[] residual = new double[history.length];
        for (int j = 0; j < history.length; j++) {
            residual[j] = ratings[j] - baseline.mu - bu - baseline.item(history[j]);
        }
        for (int k = 0; k < times.length; k++) {
            double sw = 0;
            double swr = 0;
            for (int j = 0; j < history.length; j++) {
                long dt = times[k] - historyTimes[j];
                if (dt > 0) {
                    double w = Math.exp(-dt / tau);
                    sw += w;
                    swr += w * residual[j];
                }
            }
            out[k] = swr / (shrink + sw);
        }
    }
}
