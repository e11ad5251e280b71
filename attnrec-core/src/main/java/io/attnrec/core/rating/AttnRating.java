package io.attnrec.core.rating;

import io.attnrec.core.model.BaseRecommender;
import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.ModelFiles;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Rating prediction with target-dependent attention over the user's rated history (SPEC C6).
 *
 * <p>The prediction is {@code mu + b_u + b_i + q_i . (p_u + sum_j w_ij (y_j + c_uj e_j))} with
 * {@code w_ij = softmax_j(z_i . k_j / sqrt(a))}: the target item {@code i} decides which of the
 * user's rated items {@code j} to listen to, and each listened-to item contributes what it is
 * ({@code y_j}) shifted by how much the user liked it relative to expectation ({@code c_uj = r_uj -
 * bhat_uj}, centred on a fixed baseline, see {@link Baseline}). It is SVD++ (Koren 2008) with the
 * uniform {@code |N(u)|^-1/2} pooling replaced by attention, and Koren's neighbourhood term's
 * "rating deviation of similar items" folded into the values, in the spirit of the attentive
 * neighbourhood models of ACF (Chen et al., SIGIR 2017) and DIN (Zhou et al., KDD 2018). The
 * arithmetic and its hand-derived gradient are in {@link AttnNet}.
 *
 * <p>Training minimises squared error plus L2 by SGD, one rating at a time, users in seeded random
 * order; a rating never attends to itself (its own rating would leak into the prediction), and
 * with {@code max_attend} it attends to a random subset of the rest. Early stopping uses a held-out
 * slice of the training ratings ({@link SgdConfig}). Predictions attend over the whole history and
 * are clipped to the training rating scale.
 *
 * <p>Users the model never saw are served from the history they bring ({@code p_u = 0}, {@code b_u}
 * from its ratings); without history ratings every {@code c_uj} is 0. Items without training
 * ratings have zero vectors and biases: their prediction is {@code mu + b_u}. The attention
 * weights do not depend on ratings, so {@link #explain} needs none. Immutable, hence thread-safe.
 */
final class AttnRating extends BaseRecommender implements RatingPredictor, Persistable, Explainable {

    static final String NAME = "attn-rating";

    private static final String[] TABLES = {
        "user_bias", "item_bias", "user_vectors", "item_vectors", "value_vectors", "rating_vectors", "queries", "keys"
    };

    private final AttnRatingConfig config;
    private final AttnNet net;
    private final RatingScale scale;
    private final Fitting.Trace trace;

    private AttnRating(AttnRatingConfig config, AttnNet net, RatingScale scale, Fitting.Trace trace) {
        super(NAME, net.numItems);
        this.config = config;
        this.net = net;
        this.scale = scale;
        this.trace = trace;
    }

    /** Fits the model on the ratings of {@code data}; every random choice derives from {@code seed}. */
    public static AttnRating train(TrainingData data, AttnRatingConfig config, long seed) {
        RatingSet all = RatingSet.from(data, NAME);
        return Fitting.fit(all, config.sgd(), seed, (fit, init) -> new Learner(config, fit, init));
    }

    @Override
    public RatingScale scale() {
        return scale;
    }

    public AttnRatingConfig config() {
        return config;
    }

    /** Held-out RMSE after each epoch of the early-stopping run. */
    @Override
    public double[] validationCurve() {
        return trace.validRmse();
    }

    public int epochs() {
        return trace.epochs();
    }

    AttnNet net() {
        return net;
    }

    /** The history reduced to known items other than {@code target}, with centred ratings. */
    private record Context(int[] items, float[] centred, int[] positions, float userBias) {}

    private Context context(int user, int[] history, float[] historyRatings, int target) {
        int n = history.length;
        int[] items = new int[n];
        float[] centred = new float[n];
        int[] positions = new int[n];
        Baseline b = net.base;
        float baseUser = b.user(user, history, historyRatings);
        int len = 0;
        for (int t = 0; t < n; t++) {
            int j = history[t];
            if (!net.knownItem(j) || j == target) {
                continue;
            }
            items[len] = j;
            centred[len] = historyRatings == null ? 0f : (float) (historyRatings[t] - (b.mu + baseUser + b.item(j)));
            positions[len] = t;
            len++;
        }
        float userBias = net.knownUser(user) ? net.bu[user] : baseUser;
        return new Context(
                java.util.Arrays.copyOf(items, len),
                java.util.Arrays.copyOf(centred, len),
                java.util.Arrays.copyOf(positions, len),
                userBias);
    }

    private double raw(int user, Context c, int item, AttnNet.Work ws) {
        int len = c.items().length;
        return net.forward(user, c.userBias(), item, c.items(), c.centred(), len, poolScale(len), ws);
    }

    private AttnNet.Work work(int len) {
        return new AttnNet.Work(net.dim, net.attnDim, len);
    }

    @Override
    public float predict(int user, int[] history, float[] historyRatings, int item) {
        Context c = context(user, history, historyRatings, item);
        return scale.clip(raw(user, c, item, work(c.items().length)));
    }

    @Override
    public void predict(int user, int[] history, float[] historyRatings, int[] items, float[] out) {
        Context all = context(user, history, historyRatings, 0);
        AttnNet.Work ws = work(all.items().length);
        for (int t = 0; t < items.length; t++) {
            int item = items[t];
            boolean inHistory = false;
            for (int j : all.items()) {
                inHistory |= j == item;
            }
            Context c = inHistory ? context(user, history, historyRatings, item) : all;
            out[t] = scale.clip(raw(user, c, item, ws));
        }
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        Recommender.requireScoreLength(scores, net.numItems);
        // Ranking reads no ratings: the history's items count as rated as expected (c_j = 0).
        Context c = context(user, history, null, 0);
        AttnNet.Work ws = work(c.items().length);
        for (int i = 1; i <= net.numItems; i++) {
            scores[i] = (float) raw(user, c, i, ws);
        }
        scores[0] = 0f;
    }

    @Override
    public Explanation explain(int user, int[] history, int item) {
        Context c = context(user, history, null, item);
        AttnNet.Work ws = work(c.items().length);
        raw(user, c, item, ws);
        List<Explanation.Contribution> out = new ArrayList<>();
        if (net.knownItem(item)) {
            for (int t = 0; t < c.items().length; t++) {
                out.add(new Explanation.Contribution(c.items()[t], c.positions()[t], ws.w[t]));
            }
        }
        out.sort(Explanation.STRONGEST_FIRST);
        return new Explanation(item, -1, out);
    }

    @Override
    public void save(Path dir) throws IOException {
        Map<String, String> meta = new HashMap<>(config.sgd().toMap());
        meta.put("dim", Integer.toString(config.dim()));
        meta.put("attn_dim", Integer.toString(config.attnDim()));
        meta.put("init_std", Double.toString(config.initStd()));
        meta.put("max_attend", Integer.toString(config.maxAttend()));
        meta.put("reg_attn", Double.toString(config.regAttn()));
        meta.put("pool", config.sqrtPool() ? "sqrt" : "mean");
        meta.put("baseline_mu", Double.toString(net.base.mu));
        RatingModels.putCommon(meta, net.numUsers, net.numItems, net.mu, scale, trace);
        ModelFiles.writeMeta(dir, NAME, meta);
        float[][] tables = net.tables();
        for (int t = 0; t < TABLES.length; t++) {
            ModelFiles.writeFloats(dir.resolve(TABLES[t] + ".bin"), tables[t]);
        }
        ModelFiles.writeFloats(dir.resolve("baseline_user_bias.bin"), net.base.userBias);
        ModelFiles.writeFloats(dir.resolve("baseline_item_bias.bin"), net.base.itemBias);
    }

    /** Reads a model written by {@link #save}. */
    public static AttnRating load(Path dir) throws IOException {
        ModelFiles.Meta meta = ModelFiles.readMeta(dir, NAME);
        RatingModels.Common c = RatingModels.readCommon(meta);
        AttnRatingConfig config;
        try {
            config = new AttnRatingConfig(
                    meta.integer("dim"),
                    meta.integer("attn_dim"),
                    meta.real("init_std"),
                    meta.integer("max_attend"),
                    meta.real("reg_attn"),
                    meta.string("pool").equals("sqrt") ? AttnRatingConfig.Pool.SQRT : AttnRatingConfig.Pool.MEAN,
                    SgdConfig.fromMap(meta.values()));
        } catch (RuntimeException e) {
            throw new IOException(meta.file() + ": bad settings: " + e.getMessage(), e);
        }
        int users = c.numUsers();
        long rows = c.numItems() + 1L;
        int d = config.dim();
        int a = config.attnDim();
        long[] sizes = {users, rows, (long) users * d, rows * d, rows * d, rows * d, rows * a, rows * a};
        float[][] t = new float[TABLES.length][];
        for (int i = 0; i < TABLES.length; i++) {
            t[i] = ModelFiles.readFloats(dir.resolve(TABLES[i] + ".bin"), sizes[i]);
        }
        Baseline base = new Baseline(
                meta.real("baseline_mu"),
                ModelFiles.readFloats(dir.resolve("baseline_user_bias.bin"), users),
                ModelFiles.readFloats(dir.resolve("baseline_item_bias.bin"), rows));
        AttnNet net =
                new AttnNet(users, c.numItems(), d, a, c.mu(), t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], base);
        return new AttnRating(config, net, c.scale(), c.trace());
    }

    /** The pooling scale S for a history of {@code len} attended items. */
    double poolScale(int len) {
        return config.sqrtPool() ? Math.sqrt(len) : 1;
    }

    /** Wraps a network (tests build one by hand). */
    static AttnRating of(AttnRatingConfig config, AttnNet net, RatingScale scale) {
        return new AttnRating(config, net, scale, new Fitting.Trace(0, new double[0]));
    }

    /** SGD state: a network written in place, one rating at a time. */
    static final class Learner implements Fitting.Learner<AttnRating> {

        private final AttnRatingConfig config;
        private final RatingSet fit;
        private final AttnNet net;
        private final float[][] centred;
        private final int[] userOrder;
        private final AttnNet.Work ws;
        private int[] histBuf = new int[16];
        private float[] centBuf = new float[16];
        private int[] positions = new int[16];

        Learner(AttnRatingConfig config, RatingSet fit, SplittableRandom init) {
            this.config = config;
            this.fit = fit;
            int d = config.dim();
            int a = config.attnDim();
            int rows = fit.numItems + 1;
            boolean[] rated = RatingModels.rated(fit);
            double std = config.initStd();
            Baseline base = Baseline.of(fit);
            this.net = new AttnNet(
                    fit.numUsers,
                    fit.numItems,
                    d,
                    a,
                    (float) fit.mean,
                    new float[fit.numUsers],
                    new float[rows],
                    Vectors.gaussian(fit.numUsers, d, std, null, init),
                    Vectors.gaussian(rows, d, std, rated, init),
                    Vectors.gaussian(rows, d, std, rated, init),
                    Vectors.gaussian(rows, d, std, rated, init),
                    Vectors.gaussian(rows, a, std, rated, init),
                    Vectors.gaussian(rows, a, std, rated, init),
                    base);
            this.centred = new float[fit.numUsers][];
            int longest = 1;
            for (int u = 0; u < fit.numUsers; u++) {
                int[] is = fit.items[u];
                float[] rs = fit.ratings[u];
                centred[u] = new float[is.length];
                for (int t = 0; t < is.length; t++) {
                    centred[u][t] = (float) (rs[t] - (base.mu + base.userBias[u] + base.itemBias[is[t]]));
                }
                longest = Math.max(longest, is.length);
            }
            this.userOrder = new int[fit.numUsers];
            this.ws = new AttnNet.Work(d, a, longest);
        }

        /** The network being trained (tests read gradients through it). */
        AttnNet net() {
            return net;
        }

        @Override
        public void epoch(double lrScale, SplittableRandom random) {
            SgdConfig sgd = config.sgd();
            double lr = sgd.lr() * lrScale;
            double lrb = sgd.lrBias() * lrScale;
            Vectors.shuffle(userOrder, random);
            int[] ratingOrder = new int[0];
            for (int u : userOrder) {
                int n = fit.items[u].length;
                if (n == 0) {
                    continue;
                }
                if (ratingOrder.length != n) {
                    ratingOrder = new int[n];
                }
                Vectors.shuffle(ratingOrder, random);
                preparePositions(n);
                // The scale counts the whole history (without the target), also when only a sample
                // is attended: the sample's softmax average estimates the full one.
                double scale = config.sqrtPool() ? Math.sqrt(n - 1) : 1;
                for (int idx : ratingOrder) {
                    int len = history(u, idx, random);
                    step(u, idx, len, scale, lr, lrb);
                }
            }
        }

        /** Sizes the buffers for a user with {@code n} ratings and resets the position array. */
        void preparePositions(int n) {
            if (positions.length < n) {
                positions = new int[n];
                histBuf = new int[n];
                centBuf = new float[n];
            }
            for (int t = 0; t < n; t++) {
                positions[t] = t;
            }
        }

        int[] historyBuffer() {
            return histBuf;
        }

        float[] centredBuffer() {
            return centBuf;
        }

        /**
         * Puts the attended history of rating {@code idx} into the buffers: every other rating of
         * the user, or {@code max_attend} of them drawn without replacement.
         */
        int history(int u, int idx, SplittableRandom random) {
            int[] items = fit.items[u];
            float[] cent = centred[u];
            int n = items.length;
            int cap = config.maxAttend();
            int len = 0;
            if (cap == 0 || n - 1 <= cap) {
                for (int t = 0; t < n; t++) {
                    if (t != idx) {
                        histBuf[len] = items[t];
                        centBuf[len] = cent[t];
                        len++;
                    }
                }
                return len;
            }
            // Partial Fisher-Yates over the position array (left permuted for the next rating,
            // which keeps every draw uniform); the target's own position is skipped.
            for (int t = 0; len < cap && t < n; t++) {
                int r = t + random.nextInt(n - t);
                int tmp = positions[t];
                positions[t] = positions[r];
                positions[r] = tmp;
                int pos = positions[t];
                if (pos != idx) {
                    histBuf[len] = items[pos];
                    centBuf[len] = cent[pos];
                    len++;
                }
            }
            return len;
        }

        /** One SGD step on rating {@code idx} of user {@code u} with the buffered history. */
        void step(int u, int idx, int len, double poolScale, double lr, double lrb) {
            SgdConfig sgd = config.sgd();
            double reg = sgd.reg();
            double regb = sgd.regBias();
            double regA = config.regAttn();
            AttnNet m = net;
            int i = fit.items[u][idx];
            double err = fit.ratings[u][idx] - m.forward(u, m.bu[u], i, histBuf, centBuf, len, poolScale, ws);
            m.backward(i, histBuf, centBuf, len, ws);
            int d = m.dim;
            int a = m.attnDim;
            m.bu[u] += (float) (lrb * (err - regb * m.bu[u]));
            m.bi[i] += (float) (lrb * (err - regb * m.bi[i]));
            float[] qOld = ws.qOld;
            float[] zOld = ws.zOld;
            for (int t = 0; t < len; t++) {
                int j = histBuf[t];
                double wt = ws.w[t] * poolScale;
                // Decay in proportion to the weight: an item heard with weight w is regularised as
                // much as it is trained, so rows of long histories are not shrunk to nothing.
                float keep = (float) (1 - lr * regA * wt);
                float cy = (float) (lr * err * wt);
                float ce = cy * centBuf[t];
                int jo = j * d;
                for (int c = 0; c < d; c++) {
                    m.y[jo + c] = m.y[jo + c] * keep + cy * qOld[c];
                    m.e[jo + c] = m.e[jo + c] * keep + ce * qOld[c];
                }
                float ck = (float) (lr * err * ws.ds[t] * m.invSqrtA);
                int ko = j * a;
                for (int c = 0; c < a; c++) {
                    m.k[ko + c] = m.k[ko + c] * keep + ck * zOld[c];
                }
            }
            int zo = i * a;
            for (int c = 0; c < a; c++) {
                m.z[zo + c] += (float) (lr * (err * ws.gz[c] - regA * zOld[c]));
            }
            int qo = i * d;
            int uo = u * d;
            for (int c = 0; c < d; c++) {
                m.q[qo + c] += (float) (lr * (err * ws.x[c] - reg * qOld[c]));
                m.p[uo + c] += (float) (lr * (err * qOld[c] - reg * m.p[uo + c]));
            }
        }

        @Override
        public double rmse(RatingSet.Samples samples) {
            AttnRating model = snapshot(null);
            return RatingModels.rmse(samples, (u, i) -> model.predict(u, fit.items[u], fit.ratings[u], i));
        }

        @Override
        public AttnRating snapshot(Fitting.Trace trace) {
            return new AttnRating(
                    config, net.copy(), fit.scale, trace == null ? new Fitting.Trace(0, new double[0]) : trace);
        }

        @Override
        public float[][] parameters() {
            return net.tables();
        }
    }
}
