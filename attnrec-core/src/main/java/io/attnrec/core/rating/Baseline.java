package io.attnrec.core.rating;

/**
 * Fixed baseline estimates {@code b_ui = mu + b_u + b_i} from shrunk means (Koren, "Factorization
 * meets the neighborhood", KDD 2008, section 2.1): {@code b_i = sum(r - mu) / (lambdaItem + n_i)},
 * then {@code b_u = sum(r - mu - b_i) / (lambdaUser + n_u)}. The attention model centres history
 * ratings on them; they are constants, not learned.
 */
final class Baseline {

    /** Koren's shrinkage for items (25) and users (10). */
    static final double ITEM_SHRINK = 25;

    static final double USER_SHRINK = 10;

    final double mu;
    final float[] userBias;
    final float[] itemBias;

    Baseline(double mu, float[] userBias, float[] itemBias) {
        this.mu = mu;
        this.userBias = userBias;
        this.itemBias = itemBias;
    }

    static Baseline of(RatingSet set) {
        double mu = set.mean;
        double[] sum = new double[set.numItems + 1];
        int[] n = new int[set.numItems + 1];
        for (int u = 0; u < set.numUsers; u++) {
            int[] is = set.items[u];
            float[] rs = set.ratings[u];
            for (int p = 0; p < is.length; p++) {
                sum[is[p]] += rs[p] - mu;
                n[is[p]]++;
            }
        }
        float[] bi = new float[set.numItems + 1];
        for (int i = 1; i <= set.numItems; i++) {
            bi[i] = (float) (sum[i] / (ITEM_SHRINK + n[i]));
        }
        float[] bu = new float[set.numUsers];
        for (int u = 0; u < set.numUsers; u++) {
            bu[u] = userBias(mu, bi, set.items[u], set.ratings[u]);
        }
        return new Baseline(mu, bu, bi);
    }

    /** A user's bias from their ratings (also for users the model never saw). */
    static float userBias(double mu, float[] itemBias, int[] items, float[] ratings) {
        if (ratings == null) {
            return 0f;
        }
        double s = 0;
        int n = 0;
        for (int p = 0; p < items.length; p++) {
            int i = items[p];
            s += ratings[p] - mu - (i >= 1 && i < itemBias.length ? itemBias[i] : 0f);
            n++;
        }
        return (float) (s / (USER_SHRINK + n));
    }

    /** User bias for {@code user}, or computed from the history for an unknown user. */
    float user(int user, int[] history, float[] historyRatings) {
        return user >= 0 && user < userBias.length ? userBias[user] : userBias(mu, itemBias, history, historyRatings);
    }

    float item(int item) {
        return item >= 1 && item < itemBias.length ? itemBias[item] : 0f;
    }
}
