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
 * I-AutoRec (Sedhain, Menon, Sanner and Xie, "AutoRec: Autoencoders Meet Collaborative
 * Filtering", WWW 2015): each item is the vector of its observed ratings over the users
 * (unobserved entries 0), encoded to a sigmoid hidden layer {@code h_i = sigmoid(V r_i + b)} and
 * decoded by an identity layer {@code rhat_ui = W_u . h_i + c_u}; the objective is the squared
 * error on the observed entries only plus {@code lambda/2 (|V|^2 + |W|^2)}. User {@code u}'s
 * rating of item {@code i} is entry {@code u} of item {@code i}'s reconstruction.
 *
 * <p>Unlike the factor models ({@link BiasedMf}, {@link SvdPp}, {@link AttnRating}), an item's
 * representation is a non-linear function of who rated it how, not a free vector fitted by SGD;
 * the paper reports I-AutoRec below the factor models' error on MovieLens, and its errors are
 * less alike theirs, which is what a {@link RatingBlend} member needs.
 *
 * <p>Fitted with Adam on batches of items; early stopping on a held-out slice of the training
 * ratings ({@link Fitting}; the slice's entries are absent from the items' input vectors, as the
 * test ratings are). The model keeps the items' codes (the hidden layer computed from the training
 * ratings) rather than the encoder, since those inputs never change after training. Users the
 * model never saw and items without training ratings fall back to the shrunk-mean biases of
 * {@link Baseline} (a new user's bias from the ratings of the history they bring). Immutable,
 * hence thread-safe.
 */
final class AutoRec extends BaseRecommender implements RatingPredictor, Persistable {

    static final String NAME = "autorec";

    private final AutoRecConfig config;
    private final int numUsers;
    /** Codes of the items with training ratings (the others fall back to the biases) and the decoder. */
    private final ItemCodeDecoder readout;

    private final Baseline base;
    private final RatingScale scale;
    private final Fitting.Trace trace;

    private AutoRec(
            AutoRecConfig config,
            int numUsers,
            int numItems,
            ItemCodeDecoder readout,
            Baseline base,
            RatingScale scale,
            Fitting.Trace trace) {
        super(NAME, numItems);
        this.config = config;
        this.numUsers = numUsers;
        this.readout = readout;
        this.base = base;
        this.scale = scale;
        this.trace = trace;
    }

    /** Fits the model on the ratings of {@code data}; every random choice derives from {@code seed}. */
    public static AutoRec train(TrainingData data, AutoRecConfig config, long seed) {
        RatingSet all = RatingSet.from(data, NAME);
        return Fitting.fit(all, config, seed, (fit, init) -> new Learner(config, fit, init));
    }

    @Override
    public RatingScale scale() {
        return scale;
    }

    public AutoRecConfig config() {
        return config;
    }

    /** Held-out RMSE after each epoch of the early-stopping run. */
    @Override
    public double[] validationCurve() {
        return trace.validRmse();
    }

    /** Epochs of the kept state. */
    public int epochs() {
        return trace.epochs();
    }

    /** The reconstruction, or the biases for a user or item the model cannot decode. */
    private double raw(int user, float fallbackUserBias, int item) {
        if (readout.covers(user, item)) {
            return readout.raw(user, item);
        }
        return base.mu + fallbackUserBias + base.item(item);
    }

    @Override
    public float predict(int user, int[] history, float[] historyRatings, int item) {
        return scale.clip(raw(user, base.user(user, history, historyRatings), item));
    }

    @Override
    public void predict(int user, int[] history, float[] historyRatings, int[] items, float[] out) {
        float b = base.user(user, history, historyRatings);
        for (int k = 0; k < items.length; k++) {
            out[k] = scale.clip(raw(user, b, items[k]));
        }
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        Recommender.requireScoreLength(scores, numItems);
        float b = base.user(user, history, null);
        for (int i = 1; i <= numItems; i++) {
            scores[i] = (float) raw(user, b, i);
        }
        scores[0] = 0f;
    }

    @Override
    public void save(Path dir) throws IOException {
        Map<String, String> meta = new HashMap<>(RecordOptions.toOptions(config));
        meta.put("baseline_mu", Double.toString(base.mu));
        RatingModels.putCommon(meta, numUsers, numItems, (float) base.mu, scale, trace);
        ModelFiles.writeMeta(dir, NAME, meta);
        readout.save(dir);
        ModelFiles.writeFloats(dir.resolve("baseline_user_bias.bin"), base.userBias);
        ModelFiles.writeFloats(dir.resolve("baseline_item_bias.bin"), base.itemBias);
    }

    /** Reads a model written by {@link #save}. */
    public static AutoRec load(Path dir) throws IOException {
        ModelFiles.Meta meta = ModelFiles.readMeta(dir, NAME);
        RatingModels.Common common = RatingModels.readCommon(meta);
        AutoRecConfig config;
        try {
            config = new AutoRecConfig(
                    meta.integer("hidden"),
                    meta.real("reg"),
                    meta.real("lr"),
                    meta.integer("batch"),
                    meta.real("init_std"),
                    meta.integer("epochs"),
                    meta.integer("patience"),
                    meta.real("valid_fraction"),
                    meta.bool("refit"),
                    // files written before the option have one hidden layer
                    meta.values().containsKey("layers") ? meta.integer("layers") : 1);
        } catch (IllegalArgumentException e) {
            throw new IOException(meta.file() + ": bad settings: " + e.getMessage(), e);
        }
        int users = common.numUsers();
        ItemCodeDecoder readout = ItemCodeDecoder.load(dir, users, common.numItems(), config.hidden());
        long rows = common.numItems() + 1L;
        Baseline base = new Baseline(
                meta.real("baseline_mu"),
                ModelFiles.readFloats(dir.resolve("baseline_user_bias.bin"), users),
                ModelFiles.readFloats(dir.resolve("baseline_item_bias.bin"), rows));
        return new AutoRec(config, users, common.numItems(), readout, base, common.scale(), common.trace());
    }

    private static float sigmoid(double x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    /**
     * Adam state: the encoder {@code V} (stored user-major, {@code (numUsers, hidden)}, so that an
     * item's sparse input reads whole rows), its bias, the decoder and its bias, with their first
     * and second moments. One step per batch of items; the L2 term's gradient is spread over the
     * batches of an epoch in proportion to their items.
     */
    static final class Learner implements Fitting.Learner<AutoRec> {

        private static final double BETA1 = 0.9;
        private static final double BETA2 = 0.999;
        private static final double EPS = 1e-8;

        private final AutoRecConfig config;
        private final RatingSet fit;
        private final Baseline base;
        private final int users;
        private final int rows;
        private final int h;

        // the fit ratings by item: users itemUsers[itemStart[i] .. itemStart[i+1]) with their ratings
        private final int[] itemStart;
        private final int[] itemUsers;
        private final float[] itemRatings;
        private final int[] order;

        private final float[] v;
        private final float[] b;
        /** {@code (hidden, hidden)} second layer, row {@code k} feeding unit {@code k} (empty with one layer). */
        private final float[] u2;

        private final float[] b2;
        private final float[] w;
        private final float[] c;
        private final float[][] params;
        private final float[][] grads;
        private final float[][] m1;
        private final float[][] m2;
        /** Whether each parameter table is L2-penalised (the weight tables, not the biases). */
        private final boolean[] penalised;
        /** Index of the decoder weights in {@link #params} (the decoder bias follows). */
        private final int decoder;

        private long step;
        private final float[] hid;
        private final float[] hid1;
        private final double[] pre;
        private final double[] dh;
        private final double[] dh1;

        Learner(AutoRecConfig config, RatingSet fit, SplittableRandom init) {
            this.config = config;
            this.fit = fit;
            this.base = Baseline.of(fit);
            this.users = fit.numUsers;
            this.rows = fit.numItems + 1;
            this.h = config.hidden();
            int[] counts = fit.itemCounts();
            RatingSet.ByItem byItem = fit.byItem();
            this.itemStart = byItem.start();
            this.itemUsers = byItem.users();
            this.itemRatings = byItem.ratings();
            int rated = 0;
            for (int i = 1; i < rows; i++) {
                rated += counts[i] > 0 ? 1 : 0;
            }
            this.order = new int[rated];
            int n = 0;
            for (int i = 1; i < rows; i++) {
                if (counts[i] > 0) {
                    order[n++] = i;
                }
            }
            double std = config.initStd();
            this.v = Vectors.gaussian(users, h, std, null, init);
            this.w = Vectors.gaussian(users, h, std, null, init);
            this.b = new float[h];
            boolean two = config.layers() == 2;
            this.u2 = two ? Vectors.gaussian(h, h, std, null, init) : new float[0];
            this.b2 = new float[two ? h : 0];
            // The decoder bias starts at the training mean so that the first epochs learn the
            // structure instead of the rating level.
            this.c = new float[users];
            Arrays.fill(c, (float) fit.mean);
            this.params = two ? new float[][] {v, b, u2, b2, w, c} : new float[][] {v, b, w, c};
            this.penalised = two
                    ? new boolean[] {true, false, true, false, true, false}
                    : new boolean[] {true, false, true, false};
            this.decoder = params.length - 2;
            this.grads = new float[params.length][];
            this.m1 = new float[params.length][];
            this.m2 = new float[params.length][];
            for (int t = 0; t < params.length; t++) {
                grads[t] = new float[params[t].length];
                m1[t] = new float[params[t].length];
                m2[t] = new float[params[t].length];
            }
            this.hid = new float[h];
            this.hid1 = new float[h];
            this.pre = new double[h];
            this.dh = new double[h];
            this.dh1 = new double[h];
        }

        @Override
        public void epoch(double lrScale, SplittableRandom random) {
            // order holds the rated items; shuffle it in place with a seeded Fisher-Yates
            for (int k = order.length - 1; k > 0; k--) {
                int j = random.nextInt(k + 1);
                int t = order[k];
                order[k] = order[j];
                order[j] = t;
            }
            int batch = config.batch();
            for (int s = 0; s < order.length; s += batch) {
                int e = Math.min(order.length, s + batch);
                for (float[] g : grads) {
                    Arrays.fill(g, 0f);
                }
                for (int k = s; k < e; k++) {
                    accumulate(order[k]);
                }
                adam(config.lr() * lrScale, config.reg() * (e - s) / order.length);
            }
        }

        /**
         * The code of item {@code i}'s fit ratings (the last hidden layer) into {@code out}; with two
         * layers the first one is left in {@link #hid1}.
         */
        private void encode(int i, float[] out) {
            for (int k = 0; k < h; k++) {
                pre[k] = b[k];
            }
            for (int p = itemStart[i]; p < itemStart[i + 1]; p++) {
                int uo = itemUsers[p] * h;
                double r = itemRatings[p];
                for (int k = 0; k < h; k++) {
                    pre[k] += r * v[uo + k];
                }
            }
            float[] first = u2.length == 0 ? out : hid1;
            for (int k = 0; k < h; k++) {
                first[k] = sigmoid(pre[k]);
            }
            if (u2.length > 0) {
                for (int k = 0; k < h; k++) {
                    out[k] = sigmoid(b2[k] + Vectors.dot(u2, k * h, hid1, 0, h));
                }
            }
        }

        /** Adds the gradient of item {@code i}'s squared reconstruction error on its observed entries. */
        private void accumulate(int i) {
            float[] gv = grads[0];
            float[] gb = grads[1];
            float[] gw = grads[decoder];
            float[] gc = grads[decoder + 1];
            encode(i, hid);
            Arrays.fill(dh, 0);
            for (int p = itemStart[i]; p < itemStart[i + 1]; p++) {
                int u = itemUsers[p];
                int uo = u * h;
                double err = c[u] + Vectors.dot(w, uo, hid, 0, h) - itemRatings[p];
                float g = (float) (2 * err);
                gc[u] += g;
                for (int k = 0; k < h; k++) {
                    gw[uo + k] += g * hid[k];
                    dh[k] += g * w[uo + k];
                }
            }
            // pre becomes the error of the code's pre-activations (then, with two layers, the first's)
            for (int k = 0; k < h; k++) {
                float hk = hid[k];
                pre[k] = dh[k] * hk * (1 - hk);
            }
            if (u2.length > 0) {
                // back through the second layer: dU = delta2 h1^T, dh1 = U^T delta2
                float[] gu = grads[2];
                float[] gb2 = grads[3];
                Arrays.fill(dh1, 0);
                for (int k = 0; k < h; k++) {
                    float d = (float) pre[k];
                    gb2[k] += d;
                    int ko = k * h;
                    for (int l = 0; l < h; l++) {
                        gu[ko + l] += d * hid1[l];
                        dh1[l] += d * u2[ko + l];
                    }
                }
                for (int l = 0; l < h; l++) {
                    float hl = hid1[l];
                    pre[l] = dh1[l] * hl * (1 - hl);
                }
            }
            for (int k = 0; k < h; k++) {
                gb[k] += (float) pre[k];
            }
            for (int p = itemStart[i]; p < itemStart[i + 1]; p++) {
                int uo = itemUsers[p] * h;
                double r = itemRatings[p];
                for (int k = 0; k < h; k++) {
                    gv[uo + k] += (float) (r * pre[k]);
                }
            }
        }

        /**
         * The objective restricted to {@code items}: the squared error of their observed entries
         * plus {@code reg/2 (|V|^2 + |W|^2)} (for the gradient check in the tests).
         */
        double objective(int[] items, double reg) {
            double sse = 0;
            for (int i : items) {
                encode(i, hid);
                for (int p = itemStart[i]; p < itemStart[i + 1]; p++) {
                    int u = itemUsers[p];
                    double err = c[u] + Vectors.dot(w, u * h, hid, 0, h) - itemRatings[p];
                    sse += err * err;
                }
            }
            double norm = 0;
            for (int t = 0; t < params.length; t++) {
                if (penalised[t]) {
                    for (float x : params[t]) {
                        norm += (double) x * x;
                    }
                }
            }
            return sse + reg / 2 * norm;
        }

        /** The gradient of {@link #objective} (copies, in {@link #parameters} order). */
        float[][] gradient(int[] items, double reg) {
            for (float[] g : grads) {
                Arrays.fill(g, 0f);
            }
            for (int i : items) {
                accumulate(i);
            }
            float[][] out = new float[params.length][];
            for (int t = 0; t < params.length; t++) {
                out[t] = grads[t].clone();
                if (penalised[t]) {
                    for (int k = 0; k < out[t].length; k++) {
                        out[t][k] += (float) (reg * params[t][k]);
                    }
                }
            }
            return out;
        }

        private void adam(double lr, double reg) {
            step++;
            double c1 = 1 - Math.pow(BETA1, step);
            double c2 = 1 - Math.pow(BETA2, step);
            double a = lr * Math.sqrt(c2) / c1;
            float b1 = (float) BETA1;
            float b2 = (float) BETA2;
            for (int t = 0; t < params.length; t++) {
                float[] x = params[t];
                float[] g = grads[t];
                float[] mt = m1[t];
                float[] vt = m2[t];
                float l2 = penalised[t] ? (float) reg : 0f;
                for (int k = 0; k < x.length; k++) {
                    float gk = g[k] + l2 * x[k];
                    mt[k] = b1 * mt[k] + (1 - b1) * gk;
                    vt[k] = b2 * vt[k] + (1 - b2) * gk * gk;
                    x[k] -= (float) (a * mt[k] / (Math.sqrt(vt[k]) + EPS));
                }
            }
        }

        @Override
        public double rmse(RatingSet.Samples samples) {
            AutoRec m = snapshot(null);
            return RatingModels.rmse(samples, (u, i) -> m.predict(u, fit.items[u], fit.ratings[u], i));
        }

        @Override
        public AutoRec snapshot(Fitting.Trace trace) {
            float[] codes = new float[rows * h];
            boolean[] known = new boolean[rows];
            float[] out = new float[h];
            for (int i = 1; i < rows; i++) {
                if (itemStart[i + 1] > itemStart[i]) {
                    known[i] = true;
                    encode(i, out);
                    System.arraycopy(out, 0, codes, i * h, h);
                }
            }
            return new AutoRec(
                    config,
                    users,
                    rows - 1,
                    new ItemCodeDecoder(h, codes, known, w.clone(), c.clone()),
                    base,
                    fit.scale,
                    trace == null ? new Fitting.Trace(0, new double[0]) : trace);
        }

        @Override
        public float[][] parameters() {
            return params;
        }
    }
}
