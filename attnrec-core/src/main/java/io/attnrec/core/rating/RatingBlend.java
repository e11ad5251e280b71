package io.attnrec.core.rating;

import io.attnrec.core.model.BaseRecommender;
import io.attnrec.core.model.MemberCopies;
import io.attnrec.core.model.ModelFiles;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A linear blend of rating models, the way the Netflix Prize teams combined theirs: each member is
 * trained on the training ratings minus a held-out slice, a ridge regression of the held-out
 * ratings on the members' predictions (with an intercept) gives the weights, and the members are
 * then trained again on all training ratings with the same seed; the prediction is the weighted
 * sum, clipped to the rating scale. Members that err differently cancel part of each other's
 * error: the factor models (SVD++'s uniform pooling, attention over the rated history, plain
 * biased MF) err alike, which is why the default pairs attention with an item autoencoder.
 *
 * <p>The weights are chosen on a slice of the training ratings only, never on test ratings. The
 * reported validation RMSE ({@link #validationCurve}) is cross-fitted: weights fitted on one half
 * of the slice, RMSE measured on the other half, and the other way round, so it is not the
 * in-sample error of the weights.
 *
 * <p>With {@code support=true} a member's weight also varies with the log support of the user and
 * of the item (feature-weighted linear stacking, Sill et al., "Feature-Weighted Linear Stacking",
 * 2009): members that are better where there are many ratings (an item autoencoder) and members
 * that are better where there are few get their say where each is better.
 *
 * <p>With {@code recent} the regression has one more feature, how far above or below their usual
 * level the user rated just before the request ({@link RecentResidual}); it is read only from
 * ratings given before the request's time, and is 0 when a prediction comes without a time.
 *
 * <p>Ranking ({@link #score}) blends the members' ranking scores with the same weights. Immutable,
 * hence thread-safe when the members are.
 */
final class RatingBlend extends BaseRecommender implements RatingPredictor, Persistable {

    static final String NAME = "rating-blend";

    private final RatingBlendConfig config;
    private final List<Recommender> members;
    /** {@code [intercept, w_1 .. w_m]}, then with support the support terms ({@link #features}). */
    private final double[] weights;
    /** Ratings per user and per item of the members' training data (only with support). */
    private final float[] userSupport;

    private final float[] itemSupport;

    /** The user's recent residual (only with {@code recent}), else null. */
    private final RecentResidual recent;

    private final RatingScale scale;
    private final double validRmse;

    private RatingBlend(
            RatingBlendConfig config,
            List<Recommender> members,
            double[] weights,
            float[] userSupport,
            float[] itemSupport,
            RecentResidual recent,
            RatingScale scale,
            double validRmse) {
        super(NAME, members.get(0).numItems());
        this.config = config;
        this.members = List.copyOf(members);
        this.weights = weights.clone();
        this.userSupport = userSupport;
        this.itemSupport = itemSupport;
        this.recent = recent;
        this.scale = scale;
        this.validRmse = validRmse;
    }

    /** Trains the members twice (on the fit part, then on everything) and the weights between. */
    public static RatingBlend train(TrainingData data, RatingBlendConfig config, long seed) {
        RatingSet all = RatingSet.from(data, NAME);
        SplittableRandom root = new SplittableRandom(seed);
        RatingSet.Holdout h = all.holdout(config.blendFraction(), config.blendUsers(), root.split());
        RatingSet.Samples v = h.validation();
        if (v.size() < 2 * (config.members().size() + 1)) {
            throw new IllegalArgumentException(NAME + ": too few ratings to hold out " + config.blendFraction()
                    + " of them for the weights (" + v.size() + " held out)");
        }
        TrainingData fitData = subset(data, h.fit());
        int m = config.members().size();
        double[][] preds = new double[v.size()][m];
        for (int j = 0; j < m; j++) {
            RatingPredictor p = predictor(trainMember(config, j, fitData, seed));
            predict(p, h.fit(), v, preds, j);
        }
        // the supports of the data the members were trained on: the fit part here, all of it below
        float[] fitUsers = userCounts(h.fit());
        float[] fitItems = itemCounts(h.fit());
        double[] fitRecent = recentValues(recentOf(config, h.fit()), h.fit(), v);
        double[][] x = new double[v.size()][];
        for (int s = 0; s < x.length; s++) {
            x[s] = features(config, preds[s], fitUsers[v.users()[s]], support(fitItems, v.items()[s]), fitRecent[s]);
        }
        double[] y = new double[v.size()];
        for (int s = 0; s < y.length; s++) {
            y[s] = v.ratings()[s];
        }
        double[] w = ridge(x, y, null, config.ridge());
        double cross = crossFittedRmse(x, y, config.ridge(), all.scale);
        List<Recommender> full = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            full.add(trainMember(config, j, data, seed));
        }
        float[] users = config.support() ? userCounts(all) : null;
        float[] items = config.support() ? itemCounts(all) : null;
        return new RatingBlend(config, full, w, users, items, recentOf(config, all), all.scale, cross);
    }

    /** The recent residual against the baseline of {@code set} (null without {@code recent}). */
    private static RecentResidual recentOf(RatingBlendConfig config, RatingSet set) {
        return config.recent() > 0
                ? new RecentResidual(Baseline.of(set), config.recent(), config.recentShrink())
                : null;
    }

    /** The recent residual of each held-out rating from the fit ratings before it (zeros without recent). */
    private static double[] recentValues(RecentResidual recent, RatingSet fit, RatingSet.Samples v) {
        double[] out = new double[v.size()];
        if (recent == null) {
            return out;
        }
        forEachUser(v, (u, s, e) -> {
            double[] part = new double[e - s];
            recent.values(u, fit.items[u], fit.ratings[u], fit.times[u], Arrays.copyOfRange(v.times(), s, e), part);
            System.arraycopy(part, 0, out, s, part.length);
        });
        return out;
    }

    /** What is done with one user's run {@code [start, end)} of a user-grouped sample list. */
    private interface UserRun {
        void accept(int user, int start, int end);
    }

    private static void forEachUser(RatingSet.Samples v, UserRun run) {
        int s = 0;
        while (s < v.size()) {
            int u = v.users()[s];
            int e = s;
            while (e < v.size() && v.users()[e] == u) {
                e++;
            }
            run.accept(u, s, e);
            s = e;
        }
    }

    private static float[] userCounts(RatingSet set) {
        float[] n = new float[set.numUsers];
        for (int u = 0; u < n.length; u++) {
            n[u] = set.items[u].length;
        }
        return n;
    }

    private static float[] itemCounts(RatingSet set) {
        int[] c = set.itemCounts();
        float[] n = new float[c.length];
        for (int i = 0; i < c.length; i++) {
            n[i] = c[i];
        }
        return n;
    }

    /** {@code counts[i]}, or 0 outside the table (an item the members never saw). */
    private static float support(float[] counts, int i) {
        return i >= 0 && i < counts.length ? counts[i] : 0f;
    }

    /**
     * One row of the regression: the members' predictions, then with support each prediction times
     * {@code log(1 + n_u)}, each times {@code log(1 + n_i)}, and the two log supports; with recent,
     * last, the user's recent residual.
     */
    static double[] features(
            RatingBlendConfig config, double[] preds, double userSupport, double itemSupport, double recent) {
        int m = preds.length;
        double[] row = new double[config.features()];
        System.arraycopy(preds, 0, row, 0, m);
        if (config.support()) {
            double su = Math.log1p(userSupport);
            double si = Math.log1p(itemSupport);
            for (int j = 0; j < m; j++) {
                row[m + j] = preds[j] * su;
                row[2 * m + j] = preds[j] * si;
            }
            row[3 * m] = su;
            row[3 * m + 1] = si;
        }
        if (config.recent() > 0) {
            row[row.length - 1] = recent;
        }
        return row;
    }

    /** The support of a user: their training ratings, or for one the members never saw the history given. */
    private float userSupport(int user, int[] history) {
        return user >= 0 && user < userSupport.length ? userSupport[user] : history.length;
    }

    private static Recommender trainMember(RatingBlendConfig config, int j, TrainingData data, long seed) {
        String name = config.members().get(j);
        Recommender r = Models.require(MemberCopies.model(name))
                .train(data, new ModelOptions(config.memberOptions(name)), seed + RatingBlendConfig.seedOffset(name));
        predictor(r);
        return r;
    }

    private static RatingPredictor predictor(Recommender r) {
        if (!(r instanceof RatingPredictor p)) {
            throw new IllegalArgumentException(NAME + ": member '" + r.name() + "' does not predict ratings");
        }
        return p;
    }

    /** Column {@code j} of {@code x}: the member's predictions of the held-out ratings, user by user. */
    private static void predict(RatingPredictor p, RatingSet fit, RatingSet.Samples v, double[][] x, int j) {
        forEachUser(v, (u, s, e) -> {
            int[] items = Arrays.copyOfRange(v.items(), s, e);
            float[] out = new float[items.length];
            p.predict(u, fit.items[u], fit.ratings[u], items, out);
            for (int t = 0; t < out.length; t++) {
                x[s + t][j] = out[t];
            }
        });
    }

    /** The training data with only the ratings of {@code fit} (same users, items and ids). */
    static TrainingData subset(TrainingData data, RatingSet fit) {
        return new TrainingData(
                data.numUsers(),
                data.numItems(),
                fit.items,
                fit.times,
                fit.ratings,
                data.items(),
                data.catalog(),
                List.of());
    }

    /**
     * Ridge regression with an unpenalised intercept: {@code [b, w]} minimising {@code sum (y - b -
     * x.w)^2 + lambda |w|^2} over the rows where {@code use} is true (all when null).
     */
    static double[] ridge(double[][] x, double[] y, boolean[] use, double lambda) {
        int m = x[0].length;
        int d = m + 1;
        double[][] a = new double[d][d + 1];
        for (int s = 0; s < y.length; s++) {
            if (use != null && !use[s]) {
                continue;
            }
            double[] row = new double[d];
            row[0] = 1;
            System.arraycopy(x[s], 0, row, 1, m);
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    a[r][c] += row[r] * row[c];
                }
                a[r][d] += row[r] * y[s];
            }
        }
        for (int r = 1; r < d; r++) {
            a[r][r] += lambda;
        }
        // Gauss-Jordan with partial pivoting on the (m+1) x (m+1) normal equations
        for (int c = 0; c < d; c++) {
            int pivot = c;
            for (int r = c + 1; r < d; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] tmp = a[c];
            a[c] = a[pivot];
            a[pivot] = tmp;
            if (Math.abs(a[c][c]) < 1e-12) {
                throw new IllegalArgumentException(NAME + ": the members' predictions are collinear; raise ridge");
            }
            for (int r = 0; r < d; r++) {
                if (r != c) {
                    double f = a[r][c] / a[c][c];
                    for (int k = c; k <= d; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[] w = new double[d];
        for (int r = 0; r < d; r++) {
            w[r] = a[r][d] / a[r][r];
        }
        return w;
    }

    /** RMSE of weights fitted on alternate held-out ratings and applied to the others, both ways. */
    static double crossFittedRmse(double[][] x, double[] y, double lambda, RatingScale scale) {
        boolean[] even = new boolean[y.length];
        boolean[] odd = new boolean[y.length];
        for (int s = 0; s < y.length; s++) {
            even[s] = s % 2 == 0;
            odd[s] = !even[s];
        }
        double[] we = ridge(x, y, even, lambda);
        double[] wo = ridge(x, y, odd, lambda);
        double sse = 0;
        for (int s = 0; s < y.length; s++) {
            double e = y[s] - scale.clip(combine(even[s] ? wo : we, x[s]));
            sse += e * e;
        }
        return Math.sqrt(sse / y.length);
    }

    private static double combine(double[] w, double[] x) {
        double r = w[0];
        for (int j = 0; j < x.length; j++) {
            r += w[j + 1] * x[j];
        }
        return r;
    }

    @Override
    public RatingScale scale() {
        return scale;
    }

    public RatingBlendConfig config() {
        return config;
    }

    /** {@code [intercept, w_1 .. w_m]}, in member order. */
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double[] validationCurve() {
        return new double[] {validRmse};
    }

    @Override
    public float predict(int user, int[] history, float[] historyRatings, int item) {
        float[] out = new float[1];
        predict(user, history, historyRatings, new int[] {item}, out);
        return out[0];
    }

    @Override
    public void predict(int user, int[] history, float[] historyRatings, int[] items, float[] out) {
        predictAt(user, history, historyRatings, null, items, null, out);
    }

    @Override
    public void predictAt(
            int user,
            int[] history,
            float[] historyRatings,
            long[] historyTimes,
            int[] items,
            long[] times,
            float[] out) {
        double[] recentValues = new double[items.length];
        if (recent != null && times != null) {
            recent.values(user, history, historyRatings, historyTimes, times, recentValues);
        }
        int m = members.size();
        double[][] preds = new double[items.length][m];
        float[] part = new float[items.length];
        for (int j = 0; j < m; j++) {
            ((RatingPredictor) members.get(j)).predict(user, history, historyRatings, items, part);
            for (int t = 0; t < items.length; t++) {
                preds[t][j] = part[t];
            }
        }
        float su = config.support() ? userSupport(user, history) : 0f;
        for (int t = 0; t < items.length; t++) {
            double si = config.support() ? support(itemSupport, items[t]) : 0;
            out[t] = scale.clip(combine(weights, features(config, preds[t], su, si, recentValues[t])));
        }
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        Recommender.requireScoreLength(scores, numItems());
        int m = members.size();
        float[][] parts = new float[m][scores.length];
        for (int j = 0; j < m; j++) {
            members.get(j).score(user, history, parts[j]);
        }
        float su = config.support() ? userSupport(user, history) : 0f;
        double[] preds = new double[m];
        for (int i = 1; i < scores.length; i++) {
            for (int j = 0; j < m; j++) {
                preds[j] = parts[j][i];
            }
            double si = config.support() ? support(itemSupport, i) : 0;
            // ranking has no request time: the recent residual is 0, as for a prediction without one
            scores[i] = (float) combine(weights, features(config, preds, su, si, 0));
        }
        scores[0] = 0f;
    }

    @Override
    public void save(Path dir) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(config.toOptions());
        meta.put("weights", join(weights));
        meta.put("valid_rmse", Double.toString(validRmse));
        meta.put("scale_min", Float.toString(scale.min()));
        meta.put("scale_max", Float.toString(scale.max()));
        if (recent != null) {
            meta.put("recent_mu", Double.toString(recent.baseline().mu));
        }
        ModelFiles.writeMeta(dir, NAME, meta);
        if (config.support()) {
            ModelFiles.writeFloats(dir.resolve("user_support.bin"), userSupport);
            ModelFiles.writeFloats(dir.resolve("item_support.bin"), itemSupport);
        }
        if (recent != null) {
            ModelFiles.writeFloats(dir.resolve("recent_user_bias.bin"), recent.baseline().userBias);
            ModelFiles.writeFloats(dir.resolve("recent_item_bias.bin"), recent.baseline().itemBias);
        }
        for (int j = 0; j < members.size(); j++) {
            if (!(members.get(j) instanceof Persistable p)) {
                throw new IllegalArgumentException(
                        NAME + ": member '" + members.get(j).name() + "' cannot be saved");
            }
            p.save(Files.createDirectories(dir.resolve("member" + j)));
        }
    }

    /** Reads a blend written by {@link #save}, each member through the registry. */
    public static RatingBlend load(Path dir) throws IOException {
        ModelFiles.Meta meta = ModelFiles.readMeta(dir, NAME);
        RatingBlendConfig config;
        double[] w;
        try {
            config = RatingBlendConfig.from(new ModelOptions(optionsOf(meta.values())));
            w = Arrays.stream(meta.string("weights").split(";"))
                    .mapToDouble(Double::parseDouble)
                    .toArray();
        } catch (RuntimeException e) {
            throw new IOException(meta.file() + ": bad settings: " + e.getMessage(), e);
        }
        if (w.length != config.features() + 1) {
            throw new IOException(meta.file() + ": " + w.length + " weights for "
                    + config.members().size() + " members" + (config.support() ? " with support" : "")
                    + (config.recent() > 0 ? " and recent" : ""));
        }
        List<Recommender> members = new ArrayList<>();
        for (int j = 0; j < config.members().size(); j++) {
            members.add(
                    Models.require(MemberCopies.model(config.members().get(j))).load(dir.resolve("member" + j)));
        }
        float[] users = null;
        float[] items = null;
        if (config.support()) {
            items = ModelFiles.readFloats(
                    dir.resolve("item_support.bin"), members.get(0).numItems() + 1L);
            users = ModelFiles.readFloats(dir.resolve("user_support.bin"), -1);
        }
        RecentResidual recent = null;
        if (config.recent() > 0) {
            Baseline b = new Baseline(
                    meta.real("recent_mu"),
                    ModelFiles.readFloats(dir.resolve("recent_user_bias.bin"), -1),
                    ModelFiles.readFloats(
                            dir.resolve("recent_item_bias.bin"), members.get(0).numItems() + 1L));
            recent = new RecentResidual(b, config.recent(), config.recentShrink());
        }
        RatingScale scale = new RatingScale((float) meta.real("scale_min"), (float) meta.real("scale_max"));
        return new RatingBlend(config, members, w, users, items, recent, scale, meta.real("valid_rmse"));
    }

    private static Map<String, String> optionsOf(Map<String, String> meta) {
        Map<String, String> o = new LinkedHashMap<>(meta);
        for (String k : List.of("weights", "valid_rmse", "scale_min", "scale_max", "recent_mu")) {
            o.remove(k);
        }
        o.keySet().removeIf(k -> k.startsWith("format") || k.equals("model"));
        // blends saved before the support option existed had one weight per member
        o.putIfAbsent("support", "false");
        // and before session 16 no recent residual
        o.putIfAbsent("recent", "0");
        return o;
    }

    private static String join(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double d : v) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(d);
        }
        return sb.toString();
    }
}
