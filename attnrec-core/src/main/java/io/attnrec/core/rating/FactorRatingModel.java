package io.attnrec.core.rating;

import io.attnrec.core.model.BaseRecommender;
import io.attnrec.core.model.ModelFiles;
import io.attnrec.core.model.Persistable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What biased MF ({@link BiasedMf}) and SVD++ ({@link SvdPp}) share: {@code r_ui = mu + b_u + b_i +
 * q_i . (a user vector)} with the training mean {@code mu}, biases {@code b_u}, {@code b_i} and
 * factors {@code p_u}, {@code q_i} (row-major, {@code dim} wide), their settings, the fitting trace,
 * the files they are saved in, and the bias of a user the model never saw. A subclass says what the
 * user vector is and how an epoch of SGD updates it. Immutable, hence thread-safe.
 *
 * @param <C> the model's settings
 */
abstract class FactorRatingModel<C extends FactorRatingModel.Settings> extends BaseRecommender
        implements RatingPredictor, Persistable {

    /** The settings both models have (each config record adds its own name and defaults). */
    interface Settings {
        /** Number of latent factors. */
        int dim();

        /** Standard deviation of the initial factors. */
        double initStd();

        SgdConfig sgd();
    }

    /** Builds a model's settings from the saved values; a bad value is an {@link IllegalArgumentException}. */
    @FunctionalInterface
    interface SettingsFactory<C> {
        C create(int dim, double initStd, SgdConfig sgd);
    }

    /**
     * The shared parameters.
     *
     * @param bu {@code (numUsers)} user biases
     * @param bi {@code (numItems + 1)} item biases, row 0 unused
     * @param p {@code (numUsers, dim)} user factors
     * @param q {@code (numItems + 1, dim)} item factors, zero rows for items never rated
     */
    record Factors(
            int numUsers, int numItems, float mu, RatingScale scale, float[] bu, float[] bi, float[] p, float[] q) {}

    protected final C config;
    protected final int numUsers;
    protected final float mu;
    protected final RatingScale scale;
    protected final float[] bu;
    protected final float[] bi;
    protected final float[] p;
    protected final float[] q;
    protected final Fitting.Trace trace;

    protected FactorRatingModel(String name, C config, Factors factors, Fitting.Trace trace) {
        super(name, factors.numItems());
        this.config = config;
        this.numUsers = factors.numUsers();
        this.mu = factors.mu();
        this.scale = factors.scale();
        this.bu = factors.bu();
        this.bi = factors.bi();
        this.p = factors.p();
        this.q = factors.q();
        this.trace = trace;
    }

    @Override
    public final RatingScale scale() {
        return scale;
    }

    /** Held-out RMSE after each epoch of the early-stopping run. */
    @Override
    public final double[] validationCurve() {
        return trace.validRmse();
    }

    /** Epochs of the kept state. */
    public final int epochs() {
        return trace.epochs();
    }

    public final C config() {
        return config;
    }

    /** A known user's bias, or one from the ratings of the history an unknown user brings. */
    protected final float userBias(int user, int[] history, float[] historyRatings) {
        return user >= 0 && user < numUsers ? bu[user] : Baseline.userBias(mu, bi, history, historyRatings);
    }

    /** Writes {@code model.json} and the four shared arrays, then {@code extra} (file name to array). */
    protected final void save(Path dir, Map<String, float[]> extra) throws IOException {
        Map<String, String> meta = new HashMap<>(config.sgd().toMap());
        meta.put("dim", Integer.toString(config.dim()));
        meta.put("init_std", Double.toString(config.initStd()));
        RatingModels.putCommon(meta, numUsers, numItems, mu, scale, trace);
        ModelFiles.writeMeta(dir, name(), meta);
        ModelFiles.writeFloats(dir.resolve("user_bias.bin"), bu);
        ModelFiles.writeFloats(dir.resolve("item_bias.bin"), bi);
        ModelFiles.writeFloats(dir.resolve("user_factors.bin"), p);
        ModelFiles.writeFloats(dir.resolve("item_factors.bin"), q);
        for (Map.Entry<String, float[]> e : extra.entrySet()) {
            ModelFiles.writeFloats(dir.resolve(e.getKey()), e.getValue());
        }
    }

    /** What {@link #read} found: the settings, the shared parameters and the trace. */
    record Saved<C>(C config, Factors factors, Fitting.Trace trace) {}

    /** Reads the settings and the shared arrays that {@link #save} wrote under {@code name}. */
    protected static <C extends Settings> Saved<C> read(Path dir, String name, SettingsFactory<C> settings)
            throws IOException {
        ModelFiles.Meta meta = ModelFiles.readMeta(dir, name);
        RatingModels.Common c = RatingModels.readCommon(meta);
        C config;
        try {
            config = settings.create(meta.integer("dim"), meta.real("init_std"), SgdConfig.fromMap(meta.values()));
        } catch (RuntimeException e) {
            throw new IOException(meta.file() + ": bad settings: " + e.getMessage(), e);
        }
        long items = c.numItems() + 1L;
        long dim = config.dim();
        float[] bu = ModelFiles.readFloats(dir.resolve("user_bias.bin"), c.numUsers());
        float[] bi = ModelFiles.readFloats(dir.resolve("item_bias.bin"), items);
        float[] p = ModelFiles.readFloats(dir.resolve("user_factors.bin"), c.numUsers() * dim);
        float[] q = ModelFiles.readFloats(dir.resolve("item_factors.bin"), items * dim);
        Factors factors = new Factors(c.numUsers(), c.numItems(), c.mu(), c.scale(), bu, bi, p, q);
        return new Saved<>(config, factors, c.trace());
    }

    /**
     * SGD state of the shared parameters, updated in place: zero biases, then {@code p} and {@code
     * q} drawn from {@code init} in that order (items without training ratings keep zero rows).
     */
    abstract static class Learner<C extends Settings, M extends FactorRatingModel<C>> implements Fitting.Learner<M> {

        protected final C config;
        protected final RatingSet fit;
        protected final float mu;
        /** Which items have training ratings (the others keep zero factor rows). */
        protected final boolean[] rated;

        protected final float[] bu;
        protected final float[] bi;
        protected final float[] p;
        protected final float[] q;

        protected Learner(C config, RatingSet fit, SplittableRandom init) {
            this.config = config;
            this.fit = fit;
            this.mu = (float) fit.mean;
            int d = config.dim();
            this.rated = RatingModels.rated(fit);
            this.bu = new float[fit.numUsers];
            this.bi = new float[fit.numItems + 1];
            this.p = Vectors.gaussian(fit.numUsers, d, config.initStd(), null, init);
            this.q = Vectors.gaussian(fit.numItems + 1, d, config.initStd(), rated, init);
        }

        /** A copy of the shared parameters, for a snapshot. */
        protected final Factors factors() {
            return new Factors(fit.numUsers, fit.numItems, mu, fit.scale, bu.clone(), bi.clone(), p.clone(), q.clone());
        }

        /** {@code trace}, or an empty one for a snapshot taken while fitting. */
        protected static Fitting.Trace orEmpty(Fitting.Trace trace) {
            return trace == null ? new Fitting.Trace(0, new double[0]) : trace;
        }

        @Override
        public final double rmse(RatingSet.Samples samples) {
            M m = snapshot(null);
            return RatingModels.rmse(samples, (u, i) -> m.predict(u, fit.items[u], fit.ratings[u], i));
        }
    }
}
