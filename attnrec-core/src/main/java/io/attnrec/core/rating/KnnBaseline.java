package io.attnrec.core.rating;

import io.attnrec.core.model.BaseRecommender;
import io.attnrec.core.model.ModelFiles;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.RecordOptions;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Item-based neighbourhood model on baseline residuals (Koren, "Factorization meets the
 * neighborhood", KDD 2008, section 2.2; Surprise's {@code KNNBaseline}): {@code rhat_ui = b_ui +
 * sum_j s_ij (r_uj - b_uj) / sum_j s_ij} over the {@code k} items {@code j} the user rated that are
 * most similar to {@code i} with a positive similarity, where {@code b_ui = mu + b_u + b_i} are the
 * shrunk-mean biases of {@link Baseline} and {@code s_ij} is the Pearson correlation of the two
 * items' residuals {@code r - b} over their common users, shrunk towards 0 by the number of them.
 *
 * <p>It has no parameters fitted by gradient steps: a prediction reads the user's own ratings of
 * the neighbours, so its errors are those of "users who liked j rate i alike", unlike the factor
 * models' and the autoencoder's — which is what a {@link RatingBlend} member needs. A user the
 * model never saw is predicted from the history they bring. Immutable, hence thread-safe.
 */
final class KnnBaseline extends BaseRecommender implements RatingPredictor, Persistable {

    static final String NAME = "knn-baseline";

    private final KnnBaselineConfig config;
    private final int numUsers;
    /** Neighbours of item {@code i}: {@code nbr[start[i] .. start[i+1])}, most similar first. */
    private final int[] start;

    private final int[] nbr;
    private final float[] sim;
    /** The training ratings by user (for {@link #score}, which is given no ratings). */
    private final int[] userStart;

    private final int[] userItems;
    private final float[] userRatings;
    private final Baseline base;
    private final RatingScale scale;
    private final Fitting.Trace trace;

    private KnnBaseline(
            KnnBaselineConfig config,
            int numUsers,
            int numItems,
            int[] start,
            int[] nbr,
            float[] sim,
            int[] userStart,
            int[] userItems,
            float[] userRatings,
            Baseline base,
            RatingScale scale,
            Fitting.Trace trace) {
        super(NAME, numItems);
        this.config = config;
        this.numUsers = numUsers;
        this.start = start;
        this.nbr = nbr;
        this.sim = sim;
        this.userStart = userStart;
        this.userItems = userItems;
        this.userRatings = userRatings;
        this.base = base;
        this.scale = scale;
        this.trace = trace;
    }

    /**
     * Builds the model on the ratings of {@code data}. With {@code valid_fraction > 0} it is first
     * built on the rest of them and its RMSE on the held-out slice recorded; {@code seed} draws the
     * slice and nothing else.
     */
    public static KnnBaseline train(TrainingData data, KnnBaselineConfig config, long seed) {
        RatingSet all = RatingSet.from(data, NAME);
        double[] curve = new double[0];
        if (config.validFraction() > 0) {
            RatingSet.Holdout h = all.holdout(config.validFraction(), new SplittableRandom(seed));
            RatingSet fit = h.fit();
            KnnBaseline m = build(fit, config, new Fitting.Trace(0, curve));
            curve = new double[] {
                RatingModels.rmse(h.validation(), (u, i) -> m.predict(u, fit.items[u], fit.ratings[u], i))
            };
        }
        return build(all, config, new Fitting.Trace(0, curve));
    }

    /** The similarities of every item pair with common users, the {@code keep} best per item. */
    private static KnnBaseline build(RatingSet set, KnnBaselineConfig config, Fitting.Trace trace) {
        Baseline base = Baseline.of(set);
        int rows = set.numItems + 1;
        // the residuals r - b_ui by user, and the same residuals by item
        float[][] res = new float[set.numUsers][];
        for (int u = 0; u < set.numUsers; u++) {
            int[] is = set.items[u];
            res[u] = new float[is.length];
            for (int p = 0; p < is.length; p++) {
                res[u][p] = residual(base, u, is[p], set.ratings[u][p]);
            }
        }
        RatingSet.ByItem byItem = set.byItem();
        int[] itemStart = byItem.start();
        int[] byItemUser = byItem.users();
        float[] resByItem = new float[set.size];
        for (int i = 1; i < rows; i++) {
            for (int p = itemStart[i]; p < itemStart[i + 1]; p++) {
                resByItem[p] = residual(base, byItemUser[p], i, byItem.ratings()[p]);
            }
        }
        // one item at a time: sums over the common users of every other item, in dense rows
        double[] xy = new double[rows];
        double[] xx = new double[rows];
        double[] yy = new double[rows];
        int[] n = new int[rows];
        int[] touched = new int[rows];
        int[] start = new int[rows + 1];
        int[][] lists = new int[rows][];
        float[][] sims = new float[rows][];
        Integer[] order = new Integer[rows];
        for (int i = 1; i < rows; i++) {
            int nt = 0;
            for (int p = itemStart[i]; p < itemStart[i + 1]; p++) {
                int u = byItemUser[p];
                double x = resByItem[p];
                int[] is = set.items[u];
                for (int q = 0; q < is.length; q++) {
                    int j = is[q];
                    if (j == i) {
                        continue;
                    }
                    if (n[j] == 0) {
                        touched[nt++] = j;
                    }
                    double y = res[u][q];
                    xy[j] += x * y;
                    xx[j] += x * x;
                    yy[j] += y * y;
                    n[j]++;
                }
            }
            int kept = 0;
            int[] keptItems = new int[nt];
            float[] s = new float[nt];
            for (int t = 0; t < nt; t++) {
                int j = touched[t];
                double den = Math.sqrt(xx[j] * yy[j]);
                double c = den > 0 ? xy[j] / den * (n[j] - 1) / (n[j] - 1 + config.shrink()) : 0;
                // only positive similarities enter a prediction, so only they are stored
                if (c > 0) {
                    keptItems[kept] = j;
                    s[kept] = (float) c;
                    kept++;
                }
                xy[j] = 0;
                xx[j] = 0;
                yy[j] = 0;
                n[j] = 0;
            }
            for (int t = 0; t < kept; t++) {
                order[t] = t;
            }
            // the most similar first; ties by item id, so the lists do not depend on the users' order
            Arrays.sort(
                    order,
                    0,
                    kept,
                    (a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : Integer.compare(keptItems[a], keptItems[b]));
            int m = Math.min(kept, config.keep());
            lists[i] = new int[m];
            sims[i] = new float[m];
            for (int t = 0; t < m; t++) {
                lists[i][t] = keptItems[order[t]];
                sims[i][t] = s[order[t]];
            }
        }
        for (int i = 0; i < rows; i++) {
            start[i + 1] = start[i] + (lists[i] == null ? 0 : lists[i].length);
        }
        int[] nbr = new int[start[rows]];
        float[] sim = new float[start[rows]];
        for (int i = 1; i < rows; i++) {
            System.arraycopy(lists[i], 0, nbr, start[i], lists[i].length);
            System.arraycopy(sims[i], 0, sim, start[i], sims[i].length);
        }
        int[] userStart = new int[set.numUsers + 1];
        for (int u = 0; u < set.numUsers; u++) {
            userStart[u + 1] = userStart[u] + set.items[u].length;
        }
        int[] userItems = new int[set.size];
        float[] userRatings = new float[set.size];
        for (int u = 0; u < set.numUsers; u++) {
            System.arraycopy(set.items[u], 0, userItems, userStart[u], set.items[u].length);
            System.arraycopy(set.ratings[u], 0, userRatings, userStart[u], set.items[u].length);
        }
        return new KnnBaseline(
                config,
                set.numUsers,
                set.numItems,
                start,
                nbr,
                sim,
                userStart,
                userItems,
                userRatings,
                base,
                set.scale,
                trace);
    }

    @Override
    public RatingScale scale() {
        return scale;
    }

    public KnnBaselineConfig config() {
        return config;
    }

    /** The held-out RMSE of the model built without the slice (one figure), or empty. */
    @Override
    public double[] validationCurve() {
        return trace.validRmse();
    }

    /** {@code r - b_ui} of a training rating. */
    private static float residual(Baseline base, int user, int item, float rating) {
        return (float) (rating - base.mu - base.userBias[user] - base.item(item));
    }

    /** Item {@code i}'s stored neighbours, most similar first (for tests). */
    int[] neighbours(int i) {
        return i >= 1 && i <= numItems ? Arrays.copyOfRange(nbr, start[i], start[i + 1]) : new int[0];
    }

    /** Their similarities, in the same order. */
    float[] similarities(int i) {
        return i >= 1 && i <= numItems ? Arrays.copyOfRange(sim, start[i], start[i + 1]) : new float[0];
    }

    /**
     * A user's residuals {@code r_uj - b_uj} by item id (NaN where the user rated nothing), from
     * the ratings given, or the training ratings of a known user when none are given.
     */
    private float[] residuals(int user, float userBias, int[] history, float[] historyRatings) {
        float[] r = new float[numItems + 1];
        Arrays.fill(r, Float.NaN);
        boolean known = user >= 0 && user < numUsers;
        if (historyRatings == null && known) {
            for (int p = userStart[user]; p < userStart[user + 1]; p++) {
                int j = userItems[p];
                r[j] = (float) (userRatings[p] - base.mu - userBias - base.item(j));
            }
        } else if (historyRatings != null) {
            for (int p = 0; p < history.length; p++) {
                int j = history[p];
                if (j >= 1 && j <= numItems) {
                    r[j] = (float) (historyRatings[p] - base.mu - userBias - base.item(j));
                }
            }
        }
        return r;
    }

    /** {@code b_ui} plus the similarity-weighted residuals of the first {@code k} rated neighbours. */
    private double raw(float userBias, float[] residuals, int item) {
        double b = base.mu + userBias + base.item(item);
        if (item < 1 || item > numItems) {
            return b;
        }
        double num = 0;
        double den = 0;
        int used = 0;
        for (int p = start[item]; p < start[item + 1] && used < config.k(); p++) {
            float r = residuals[nbr[p]];
            if (!Float.isNaN(r)) {
                num += sim[p] * r;
                den += sim[p];
                used++;
            }
        }
        return den > 0 ? b + num / den : b;
    }

    @Override
    public float predict(int user, int[] history, float[] historyRatings, int item) {
        float[] out = new float[1];
        predict(user, history, historyRatings, new int[] {item}, out);
        return out[0];
    }

    @Override
    public void predict(int user, int[] history, float[] historyRatings, int[] items, float[] out) {
        float b = base.user(user, history, historyRatings);
        float[] res = residuals(user, b, history, historyRatings);
        for (int t = 0; t < items.length; t++) {
            // "the target item, if present, is ignored" (RatingPredictor): it is not its own neighbour
            int i = items[t];
            float own = i >= 1 && i <= numItems ? res[i] : Float.NaN;
            if (!Float.isNaN(own)) {
                res[i] = Float.NaN;
            }
            out[t] = scale.clip(raw(b, res, i));
            if (!Float.isNaN(own)) {
                res[i] = own;
            }
        }
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        Recommender.requireScoreLength(scores, numItems);
        float b = base.user(user, history, null);
        float[] res = residuals(user, b, history, null);
        for (int i = 1; i <= numItems; i++) {
            scores[i] = (float) raw(b, res, i);
        }
        scores[0] = 0f;
    }

    @Override
    public void save(Path dir) throws IOException {
        Map<String, String> meta = new HashMap<>(RecordOptions.toOptions(config));
        meta.put("baseline_mu", Double.toString(base.mu));
        meta.put("num_neighbours", Integer.toString(nbr.length));
        meta.put("num_ratings", Integer.toString(userItems.length));
        RatingModels.putCommon(meta, numUsers, numItems, (float) base.mu, scale, trace);
        ModelFiles.writeMeta(dir, NAME, meta);
        ModelFiles.writeInts(dir.resolve("neighbour_start.bin"), start);
        ModelFiles.writeInts(dir.resolve("neighbours.bin"), nbr);
        ModelFiles.writeFloats(dir.resolve("similarities.bin"), sim);
        ModelFiles.writeInts(dir.resolve("user_start.bin"), userStart);
        ModelFiles.writeInts(dir.resolve("user_items.bin"), userItems);
        ModelFiles.writeFloats(dir.resolve("user_ratings.bin"), userRatings);
        ModelFiles.writeFloats(dir.resolve("baseline_user_bias.bin"), base.userBias);
        ModelFiles.writeFloats(dir.resolve("baseline_item_bias.bin"), base.itemBias);
    }

    /** Reads a model written by {@link #save}. */
    public static KnnBaseline load(Path dir) throws IOException {
        ModelFiles.Meta meta = ModelFiles.readMeta(dir, NAME);
        RatingModels.Common common = RatingModels.readCommon(meta);
        KnnBaselineConfig config;
        try {
            config = new KnnBaselineConfig(
                    meta.integer("k"), meta.real("shrink"), meta.integer("keep"), meta.real("valid_fraction"));
        } catch (IllegalArgumentException e) {
            throw new IOException(meta.file() + ": bad settings: " + e.getMessage(), e);
        }
        int users = common.numUsers();
        int rows = common.numItems() + 1;
        int pairs = meta.integer("num_neighbours");
        int ratings = meta.integer("num_ratings");
        int[] start = ModelFiles.readInts(dir.resolve("neighbour_start.bin"), rows + 1L);
        int[] nbr = ModelFiles.readInts(dir.resolve("neighbours.bin"), pairs);
        float[] sim = ModelFiles.readFloats(dir.resolve("similarities.bin"), pairs);
        int[] userStart = ModelFiles.readInts(dir.resolve("user_start.bin"), users + 1L);
        int[] userItems = ModelFiles.readInts(dir.resolve("user_items.bin"), ratings);
        float[] userRatings = ModelFiles.readFloats(dir.resolve("user_ratings.bin"), ratings);
        if (start[rows] != pairs || userStart[users] != ratings) {
            throw new IOException(meta.file() + ": the neighbour or rating offsets do not match their counts");
        }
        for (int j : nbr) {
            if (j < 1 || j >= rows) {
                throw new IOException(dir.resolve("neighbours.bin") + ": item id " + j + " outside 1.." + (rows - 1));
            }
        }
        Baseline base = new Baseline(
                meta.real("baseline_mu"),
                ModelFiles.readFloats(dir.resolve("baseline_user_bias.bin"), users),
                ModelFiles.readFloats(dir.resolve("baseline_item_bias.bin"), rows));
        return new KnnBaseline(
                config,
                users,
                common.numItems(),
                start,
                nbr,
                sim,
                userStart,
                userItems,
                userRatings,
                base,
                common.scale(),
                common.trace());
    }
}
