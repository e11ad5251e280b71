package io.attnrec.core.rating;

import io.attnrec.core.model.TrainingData;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The explicit ratings a model fits: per user, the rated items, their ratings and the times they
 * were given (training order). Immutable after construction; the arrays are shared, never written.
 */
final class RatingSet {

    final int numUsers;
    final int numItems;
    final int[][] items;
    final float[][] ratings;
    /** Seconds, same shape as {@link #items} (for formats without time, positions in the file). */
    final long[][] times;

    final double mean;
    final RatingScale scale;
    final int size;

    RatingSet(int numUsers, int numItems, int[][] items, float[][] ratings, long[][] times, RatingScale scale) {
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.items = items;
        this.ratings = ratings;
        this.times = times;
        this.scale = scale;
        double sum = 0;
        int n = 0;
        for (float[] rs : ratings) {
            for (float r : rs) {
                sum += r;
                n++;
            }
        }
        this.size = n;
        this.mean = n == 0 ? (scale.min() + scale.max()) / 2.0 : sum / n;
    }

    /**
     * The ratings of {@code data}.
     *
     * @throws IllegalArgumentException when the data has no ratings, a rating is not finite, or
     *     there is no rating at all
     */
    static RatingSet from(TrainingData data, String model) {
        if (data.ratings() == null) {
            throw new IllegalArgumentException(model + " predicts explicit ratings, but the training data has none"
                    + " (use rated data such as MovieLens, without --min-rating)");
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        int n = 0;
        for (int u = 0; u < data.numUsers(); u++) {
            float[] rs = data.ratings()[u];
            if (rs.length != data.sequences()[u].length) {
                throw new IllegalArgumentException(
                        "user " + u + " has " + data.sequences()[u].length + " items but " + rs.length + " ratings");
            }
            for (float r : rs) {
                if (!Float.isFinite(r)) {
                    throw new IllegalArgumentException(model + ": user " + u + " has a missing or non-finite rating");
                }
                min = Math.min(min, r);
                max = Math.max(max, r);
                n++;
            }
            for (int i : data.sequences()[u]) {
                if (i < 1 || i > data.numItems()) {
                    throw new IllegalArgumentException(
                            "user " + u + " has item id " + i + " outside 1.." + data.numItems());
                }
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException(model + ": the training data has no ratings");
        }
        return new RatingSet(
                data.numUsers(),
                data.numItems(),
                data.sequences(),
                data.ratings(),
                data.timestamps(),
                new RatingScale(min, max));
    }

    /** Ratings per item, indexed by item id. */
    int[] itemCounts() {
        int[] c = new int[numItems + 1];
        for (int[] is : items) {
            for (int i : is) {
                c[i]++;
            }
        }
        return c;
    }

    /**
     * The same ratings by item: the users who rated item {@code i} are {@code users[start[i] ..
     * start[i+1])}, in user order, with their ratings beside them.
     */
    ByItem byItem() {
        int[] counts = itemCounts();
        int[] start = new int[numItems + 2];
        for (int i = 0; i <= numItems; i++) {
            start[i + 1] = start[i] + counts[i];
        }
        int[] users = new int[size];
        float[] byItem = new float[size];
        int[] fill = Arrays.copyOf(start, numItems + 1);
        for (int u = 0; u < numUsers; u++) {
            for (int t = 0; t < items[u].length; t++) {
                int p = fill[items[u][t]]++;
                users[p] = u;
                byItem[p] = ratings[u][t];
            }
        }
        return new ByItem(start, users, byItem);
    }

    /**
     * Ratings grouped by item ({@link #byItem}).
     *
     * @param start {@code (numItems + 2)} offsets: item {@code i}'s entries are {@code [start[i],
     *     start[i+1])}
     * @param users the user of each entry
     * @param ratings the rating of each entry
     */
    record ByItem(int[] start, int[] users, float[] ratings) {}

    /**
     * Holds out about {@code fraction} of the ratings, each independently with that probability
     * (seeded), for early stopping. A user keeps at least one fit rating.
     */
    Holdout holdout(double fraction, SplittableRandom random) {
        return holdout(fraction, 0, random);
    }

    /**
     * Holds out about {@code fraction} of the ratings (seeded); a user keeps at least one fit rating.
     * With {@code userShare == 0} each rating is held out independently with probability {@code
     * fraction}. With {@code userShare > 0} the slice is shaped by users, as a test fold of users
     * with few known ratings is: a user is drawn with probability {@code fraction / userShare}, and
     * each rating of a drawn user is held out with probability {@code userShare}.
     */
    Holdout holdout(double fraction, double userShare, SplittableRandom random) {
        if (userShare < 0 || userShare > 1 || (userShare > 0 && fraction > userShare)) {
            throw new IllegalArgumentException("a user-shaped slice needs 0 <= fraction <= user share <= 1, got "
                    + fraction + " and " + userShare);
        }
        int[][] fitItems = new int[numUsers][];
        float[][] fitRatings = new float[numUsers][];
        long[][] fitTimes = new long[numUsers][];
        int[] vu = new int[size];
        int[] vi = new int[size];
        float[] vr = new float[size];
        long[] vt = new long[size];
        int nv = 0;
        for (int u = 0; u < numUsers; u++) {
            int[] is = items[u];
            float[] rs = ratings[u];
            long[] ts = times[u];
            int[] keepI = new int[is.length];
            float[] keepR = new float[is.length];
            long[] keepT = new long[is.length];
            int nk = 0;
            double rate = userShare == 0 ? fraction : random.nextDouble() < fraction / userShare ? userShare : 0;
            for (int p = 0; p < is.length; p++) {
                // The draw happens for every rating, so the slice does not depend on earlier choices.
                boolean out = random.nextDouble() < rate;
                if (out && (nk > 0 || p < is.length - 1)) {
                    vu[nv] = u;
                    vi[nv] = is[p];
                    vr[nv] = rs[p];
                    vt[nv] = ts[p];
                    nv++;
                } else {
                    keepI[nk] = is[p];
                    keepR[nk] = rs[p];
                    keepT[nk] = ts[p];
                    nk++;
                }
            }
            fitItems[u] = Arrays.copyOf(keepI, nk);
            fitRatings[u] = Arrays.copyOf(keepR, nk);
            fitTimes[u] = Arrays.copyOf(keepT, nk);
        }
        RatingSet fit = new RatingSet(numUsers, numItems, fitItems, fitRatings, fitTimes, scale);
        return new Holdout(
                fit,
                new Samples(
                        Arrays.copyOf(vu, nv), Arrays.copyOf(vi, nv), Arrays.copyOf(vr, nv), Arrays.copyOf(vt, nv)));
    }

    /**
     * Ratings to predict: parallel arrays, grouped by user.
     *
     * @param users user ids
     * @param items item ids
     * @param ratings true ratings
     * @param times when each rating was given (seconds)
     */
    record Samples(int[] users, int[] items, float[] ratings, long[] times) {

        int size() {
            return users.length;
        }
    }

    /** A fit set and the held-out ratings. */
    record Holdout(RatingSet fit, Samples validation) {}
}
