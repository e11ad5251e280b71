package io.attnrec.core.rating;

/**
 * How an item has been rated lately against its usual level: the baseline residuals {@code r -
 * (mu + b_u + b_i)} of the item's ratings by everyone, each weighted by {@code exp(-(t - t_j) /
 * tau)}, over the ratings given strictly before the request time {@code t}, averaged with {@code
 * shrink} pseudo-ratings of residual 0.
 *
 * <p>Why: an item's reception moves (a release everyone rates high in its first weeks, then lower),
 * while every member model gives an item one fixed bias. Strictly before, as {@link
 * RecentResidual}, so a service computes it as the offline protocol does. Immutable.
 */
final class ItemDrift {

    private final double tau;
    private final double shrink;
    /** The item's ratings: entries {@code [start[i], start[i+1])}, in user order. */
    private final int[] start;

    private final long[] times;
    private final float[] residuals;

    ItemDrift(double tau, double shrink, int[] start, long[] times, float[] residuals) {
        if (!(tau > 0) || !(shrink >= 0)) {
            throw new IllegalArgumentException(
                    "recent_item: tau must be > 0 and shrink >= 0, got " + tau + ", " + shrink);
        }
        this.tau = tau;
        this.shrink = shrink;
        this.start = start;
        this.times = times;
        this.residuals = residuals;
    }

    /** The drift of every item of {@code set}, residuals against {@code baseline}. */
    static ItemDrift of(RatingSet set, Baseline baseline, double tau, double shrink) {
        RatingSet.ByItem by = set.byItem();
        float[] residuals = new float[set.size];
        for (int i = 1; i <= set.numItems; i++) {
            for (int p = by.start()[i]; p < by.start()[i + 1]; p++) {
                int u = by.users()[p];
                residuals[p] = (float) (by.ratings()[p] - baseline.mu - baseline.userBias[u] - baseline.item(i));
            }
        }
        return new ItemDrift(tau, shrink, by.start(), by.times(), residuals);
    }

    /** The item's drift at time {@code t}; 0 for an unknown item or one without earlier ratings. */
    double value(int item, long t) {
        if (item < 1 || item + 1 >= start.length) {
            return 0;
        }
        double sw = 0;
        double swr = 0;
        for (int p = start[item]; p < start[item + 1]; p++) {
            long dt = t - times[p];
            if (dt > 0) {
                double w = Math.exp(-dt / tau);
                sw += w;
                swr += w * residuals[p];
            }
        }
        return swr / (shrink + sw);
    }
}
