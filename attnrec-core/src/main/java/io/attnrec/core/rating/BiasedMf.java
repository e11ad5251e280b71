package io.attnrec.core.rating;

import io.attnrec.core.model.BaseRecommender;
import io.attnrec.core.model.ModelFiles;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Biased matrix factorisation (Koren, Bell and Volinsky, "Matrix Factorization Techniques for
 * Recommender Systems", IEEE Computer 2009): {@code r_ui = mu + b_u + b_i + p_u . q_i}, fitted by
 * SGD on squared error with L2 (the "SVD" of Funk and of Surprise). {@code mu} is the training
 * mean and stays fixed. Users the model never saw get {@code b_u} from the ratings of the history
 * they bring (shrunk mean residual, as in {@link Baseline}) and no factor term; items without
 * training ratings get {@code b_i = 0}, {@code q_i = 0}.
 *
 * <p>As a {@link Recommender} it scores every item by its unclipped predicted rating. Immutable,
 * hence thread-safe.
 */
final class BiasedMf extends BaseRecommender implements RatingPredictor, Persistable {

    static final String NAME = "biasedmf";

    private final BiasedMfConfig config;
    private final int numUsers;
    private final float mu;
    private final RatingScale scale;
    private final float[] bu;
    private final float[] bi;
    private final float[] p;
    private final float[] q;
    private final Fitting.Trace trace;

    private BiasedMf(
            BiasedMfConfig config,
            int numUsers,
            int numItems,
            float mu,
            RatingScale scale,
            float[] bu,
            float[] bi,
            float[] p,
            float[] q,
            Fitting.Trace trace) {
        super(NAME, numItems);
        this.config = config;
        this.numUsers = numUsers;
        this.mu = mu;
        this.scale = scale;
        this.bu = bu;
        this.bi = bi;
        this.p = p;
        this.q = q;
        this.trace = trace;
    }

    /** Fits the model on the ratings of {@code data}; every random choice derives from {@code seed}. */
    public static BiasedMf train(TrainingData data, BiasedMfConfig config, long seed) {
        RatingSet all = RatingSet.from(data, NAME);
        return Fitting.fit(all, config.sgd(), seed, (fit, init) -> new Learner(config, fit, init));
    }

    @Override
    public RatingScale scale() {
        return scale;
    }

    /** Epochs of the kept state and the held-out RMSE after each epoch of the early-stopping run. */
    @Override
    public double[] validationCurve() {
        return trace.validRmse();
    }

    public int epochs() {
        return trace.epochs();
    }

    public BiasedMfConfig config() {
        return config;
    }

    private double raw(int user, float userBias, int item) {
        int d = config.dim();
        double r = mu + userBias;
        if (item >= 1 && item <= numItems) {
            r += bi[item];
            if (user >= 0 && user < numUsers) {
                r += Vectors.dot(p, user * d, q, item * d, d);
            }
        }
        return r;
    }

    private float userBias(int user, int[] history, float[] historyRatings) {
        return user >= 0 && user < numUsers ? bu[user] : Baseline.userBias(mu, bi, history, historyRatings);
    }

    @Override
    public float predict(int user, int[] history, float[] historyRatings, int item) {
        return scale.clip(raw(user, userBias(user, history, historyRatings), item));
    }

    @Override
    public void predict(int user, int[] history, float[] historyRatings, int[] items, float[] out) {
        float b = userBias(user, history, historyRatings);
        for (int k = 0; k < items.length; k++) {
            out[k] = scale.clip(raw(user, b, items[k]));
        }
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        RatingModels.checkScores(scores, numItems);
        float b = userBias(user, history, null);
        for (int i = 1; i <= numItems; i++) {
            scores[i] = (float) raw(user, b, i);
        }
        scores[0] = 0f;
    }

    @Override
    public void save(Path dir) throws IOException {
        Map<String, String> meta = new HashMap<>(config.sgd().toMap());
        meta.put("dim", Integer.toString(config.dim()));
        meta.put("init_std", Double.toString(config.initStd()));
        RatingModels.putCommon(meta, numUsers, numItems, mu, scale, trace);
        ModelFiles.writeMeta(dir, NAME, meta);
        ModelFiles.writeFloats(dir.resolve("user_bias.bin"), bu);
        ModelFiles.writeFloats(dir.resolve("item_bias.bin"), bi);
        ModelFiles.writeFloats(dir.resolve("user_factors.bin"), p);
        ModelFiles.writeFloats(dir.resolve("item_factors.bin"), q);
    }

    /** Reads a model written by {@link #save}. */
    public static BiasedMf load(Path dir) throws IOException {
        ModelFiles.Meta meta = ModelFiles.readMeta(dir, NAME);
        RatingModels.Common c = RatingModels.readCommon(meta);
        BiasedMfConfig config;
        try {
            config = new BiasedMfConfig(meta.integer("dim"), meta.real("init_std"), SgdConfig.fromMap(meta.values()));
        } catch (RuntimeException e) {
            throw new IOException(meta.file() + ": bad settings: " + e.getMessage(), e);
        }
        int d = config.dim();
        return new BiasedMf(
                config,
                c.numUsers(),
                c.numItems(),
                c.mu(),
                c.scale(),
                ModelFiles.readFloats(dir.resolve("user_bias.bin"), c.numUsers()),
                ModelFiles.readFloats(dir.resolve("item_bias.bin"), c.numItems() + 1L),
                ModelFiles.readFloats(dir.resolve("user_factors.bin"), (long) c.numUsers() * d),
                ModelFiles.readFloats(dir.resolve("item_factors.bin"), (c.numItems() + 1L) * d),
                c.trace());
    }

    /** SGD state: the model's arrays, updated in place one rating at a time. */
    private static final class Learner implements Fitting.Learner<BiasedMf> {

        private final BiasedMfConfig config;
        private final RatingSet fit;
        private final float mu;
        private final float[] bu;
        private final float[] bi;
        private final float[] p;
        private final float[] q;
        private final int[] su;
        private final int[] si;
        private final float[] sr;
        private final int[] order;

        Learner(BiasedMfConfig config, RatingSet fit, SplittableRandom init) {
            this.config = config;
            this.fit = fit;
            this.mu = (float) fit.mean;
            int d = config.dim();
            this.bu = new float[fit.numUsers];
            this.bi = new float[fit.numItems + 1];
            this.p = Vectors.gaussian(fit.numUsers, d, config.initStd(), null, init);
            this.q = Vectors.gaussian(fit.numItems + 1, d, config.initStd(), RatingModels.rated(fit), init);
            this.su = new int[fit.size];
            this.si = new int[fit.size];
            this.sr = new float[fit.size];
            int n = 0;
            for (int u = 0; u < fit.numUsers; u++) {
                for (int k = 0; k < fit.items[u].length; k++) {
                    su[n] = u;
                    si[n] = fit.items[u][k];
                    sr[n] = fit.ratings[u][k];
                    n++;
                }
            }
            this.order = new int[n];
        }

        @Override
        public void epoch(double lrScale, SplittableRandom random) {
            SgdConfig sgd = config.sgd();
            float lr = (float) (sgd.lr() * lrScale);
            float lrb = (float) (sgd.lrBias() * lrScale);
            float reg = (float) sgd.reg();
            float regb = (float) sgd.regBias();
            int d = config.dim();
            Vectors.shuffle(order, random);
            for (int s : order) {
                int u = su[s];
                int i = si[s];
                int uo = u * d;
                int io = i * d;
                float err = (float) (sr[s] - (mu + bu[u] + bi[i] + Vectors.dot(p, uo, q, io, d)));
                bu[u] += lrb * (err - regb * bu[u]);
                bi[i] += lrb * (err - regb * bi[i]);
                for (int k = 0; k < d; k++) {
                    float pu = p[uo + k];
                    float qi = q[io + k];
                    p[uo + k] += lr * (err * qi - reg * pu);
                    q[io + k] += lr * (err * pu - reg * qi);
                }
            }
        }

        @Override
        public double rmse(RatingSet.Samples samples) {
            BiasedMf m = snapshot(null);
            return RatingModels.rmse(samples, (u, i) -> m.predict(u, fit.items[u], fit.ratings[u], i));
        }

        @Override
        public BiasedMf snapshot(Fitting.Trace trace) {
            return new BiasedMf(
                    config,
                    fit.numUsers,
                    fit.numItems,
                    mu,
                    fit.scale,
                    bu.clone(),
                    bi.clone(),
                    p.clone(),
                    q.clone(),
                    trace == null ? new Fitting.Trace(0, new double[0]) : trace);
        }

        @Override
        public float[][] parameters() {
            return new float[][] {bu, bi, p, q};
        }
    }
}
