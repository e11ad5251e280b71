package io.attnrec.core.rating;

import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
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
final class BiasedMf extends FactorRatingModel<BiasedMfConfig> {

    static final String NAME = "biasedmf";

    private BiasedMf(BiasedMfConfig config, Factors factors, Fitting.Trace trace) {
        super(NAME, config, factors, trace);
    }

    /** Fits the model on the ratings of {@code data}; every random choice derives from {@code seed}. */
    public static BiasedMf train(TrainingData data, BiasedMfConfig config, long seed) {
        RatingSet all = RatingSet.from(data, NAME);
        return Fitting.fit(all, config.sgd(), seed, (fit, init) -> new Learner(config, fit, init));
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
        Recommender.requireScoreLength(scores, numItems);
        float b = userBias(user, history, null);
        for (int i = 1; i <= numItems; i++) {
            scores[i] = (float) raw(user, b, i);
        }
        scores[0] = 0f;
    }

    @Override
    public void save(Path dir) throws IOException {
        save(dir, Map.of());
    }

    /** Reads a model written by {@link #save}. */
    public static BiasedMf load(Path dir) throws IOException {
        Saved<BiasedMfConfig> saved = read(dir, NAME, BiasedMfConfig::new);
        return new BiasedMf(saved.config(), saved.factors(), saved.trace());
    }

    /** SGD state: the model's arrays, updated in place one rating at a time. */
    private static final class Learner extends FactorRatingModel.Learner<BiasedMfConfig, BiasedMf> {

        private final int[] su;
        private final int[] si;
        private final float[] sr;
        private final int[] order;

        Learner(BiasedMfConfig config, RatingSet fit, SplittableRandom init) {
            super(config, fit, init);
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
        public BiasedMf snapshot(Fitting.Trace trace) {
            return new BiasedMf(config, factors(), orEmpty(trace));
        }

        @Override
        public float[][] parameters() {
            return new float[][] {bu, bi, p, q};
        }
    }
}
