package io.attnrec.core.rating;

import io.attnrec.core.model.ModelFiles;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * SVD++ (Koren, "Factorization meets the neighborhood: a multifaceted collaborative filtering
 * model", KDD 2008, section 4): {@code r_ui = mu + b_u + b_i + q_i . (p_u + |N(u)|^-1/2 sum_{j in
 * N(u)} y_j)}, where {@code N(u)} is the user's rated items (the implicit feedback of having rated
 * them) and {@code y_j} their implicit factors. Fitted by SGD on squared error with L2, as in the
 * paper and Surprise.
 *
 * <p><b>Where this differs from the paper.</b> {@code N(u)} holds the user's training items only;
 * the paper also adds the items of the qualifying set (which test pairs exist), which would leak
 * the test split here. Ratings are visited user by user (users and each user's ratings in seeded
 * random order), which lets the per-rating update of every {@code y_j}, {@code j in N(u)}, be
 * applied in closed form once per user: the update {@code y_j <- (1 - lr reg) y_j + lr e |N|^-1/2
 * q_i} is the same for all {@code j}, so after {@code m} ratings {@code y_j = (1 - lr
 * reg)^m y_j + G} with {@code G} accumulated as the ratings go; the implicit sum is tracked exactly
 * meanwhile. This is the paper's algorithm in that visiting order at {@code O(d)} per rating
 * instead of {@code O(d |N(u)|)}.
 *
 * <p>Users the model never saw are scored from the history they bring ({@code p_u = 0}, {@code
 * b_u} from the history's ratings when given). Immutable, hence thread-safe.
 */
final class SvdPp extends FactorRatingModel<SvdPpConfig> {

    static final String NAME = "svdpp";

    /** File of the implicit factors {@code y_j}. */
    private static final String IMPLICIT = "implicit_factors.bin";

    /** {@code (numItems + 1, dim)} implicit factors. */
    private final float[] y;

    private SvdPp(SvdPpConfig config, Factors factors, float[] y, Fitting.Trace trace) {
        super(NAME, config, factors, trace);
        this.y = y;
    }

    /** Fits the model on the ratings of {@code data}; every random choice derives from {@code seed}. */
    public static SvdPp train(TrainingData data, SvdPpConfig config, long seed) {
        RatingSet all = RatingSet.from(data, NAME);
        return Fitting.fit(all, config.sgd(), seed, (fit, init) -> new Learner(config, fit, init));
    }

    /** {@code p_u + |N|^-1/2 sum y_j} for this user and history, in {@code z}. */
    private void userVector(int user, int[] history, double[] z) {
        int d = config.dim();
        java.util.Arrays.fill(z, 0);
        int n = 0;
        for (int j : history) {
            if (j >= 1 && j <= numItems) {
                n++;
                int o = j * d;
                for (int k = 0; k < d; k++) {
                    z[k] += y[o + k];
                }
            }
        }
        if (n > 0) {
            double norm = 1 / Math.sqrt(n);
            for (int k = 0; k < d; k++) {
                z[k] *= norm;
            }
        }
        if (user >= 0 && user < numUsers) {
            int o = user * d;
            for (int k = 0; k < d; k++) {
                z[k] += p[o + k];
            }
        }
    }

    private double raw(float userBias, double[] z, int item) {
        double r = mu + userBias;
        if (item >= 1 && item <= numItems) {
            r += bi[item] + Vectors.dot(q, item * config.dim(), z, config.dim());
        }
        return r;
    }

    @Override
    public float predict(int user, int[] history, float[] historyRatings, int item) {
        double[] z = new double[config.dim()];
        userVector(user, history, z);
        return scale.clip(raw(userBias(user, history, historyRatings), z, item));
    }

    @Override
    public void predict(int user, int[] history, float[] historyRatings, int[] items, float[] out) {
        double[] z = new double[config.dim()];
        userVector(user, history, z);
        float b = userBias(user, history, historyRatings);
        for (int k = 0; k < items.length; k++) {
            out[k] = scale.clip(raw(b, z, items[k]));
        }
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        Recommender.requireScoreLength(scores, numItems);
        double[] z = new double[config.dim()];
        userVector(user, history, z);
        float b = userBias(user, history, null);
        for (int i = 1; i <= numItems; i++) {
            scores[i] = (float) raw(b, z, i);
        }
        scores[0] = 0f;
    }

    @Override
    public void save(Path dir) throws IOException {
        save(dir, Map.of(IMPLICIT, y));
    }

    /** Reads a model written by {@link #save}. */
    public static SvdPp load(Path dir) throws IOException {
        Saved<SvdPpConfig> saved = read(dir, NAME, SvdPpConfig::new);
        long itemRows = (saved.factors().numItems() + 1L) * saved.config().dim();
        return new SvdPp(
                saved.config(), saved.factors(), ModelFiles.readFloats(dir.resolve(IMPLICIT), itemRows), saved.trace());
    }

    /** SGD state, visited user by user (see the class comment for the closed-form y update). */
    private static final class Learner extends FactorRatingModel.Learner<SvdPpConfig, SvdPp> {

        private final float[] y;
        private final int[] userOrder;

        Learner(SvdPpConfig config, RatingSet fit, SplittableRandom init) {
            super(config, fit, init);
            // drawn after p and q, as before the shared learner: the seeded models keep their values
            this.y = Vectors.gaussian(fit.numItems + 1, config.dim(), config.initStd(), rated, init);
            this.userOrder = new int[fit.numUsers];
        }

        @Override
        public void epoch(double lrScale, SplittableRandom random) {
            SgdConfig sgd = config.sgd();
            float lr = (float) (sgd.lr() * lrScale);
            float lrb = (float) (sgd.lrBias() * lrScale);
            float reg = (float) sgd.reg();
            float regb = (float) sgd.regBias();
            float shrink = 1 - lr * reg;
            int d = config.dim();
            double[] s = new double[d];
            double[] g = new double[d];
            Vectors.shuffle(userOrder, random);
            int[] ratingOrder = new int[0];
            for (int u : userOrder) {
                int[] items = fit.items[u];
                float[] ratings = fit.ratings[u];
                int n = items.length;
                if (n == 0) {
                    continue;
                }
                if (ratingOrder.length != n) {
                    ratingOrder = new int[n];
                }
                Vectors.shuffle(ratingOrder, random);
                float norm = (float) (1 / Math.sqrt(n));
                java.util.Arrays.fill(s, 0);
                java.util.Arrays.fill(g, 0);
                for (int j : items) {
                    int o = j * d;
                    for (int k = 0; k < d; k++) {
                        s[k] += y[o + k];
                    }
                }
                for (int k = 0; k < d; k++) {
                    s[k] *= norm;
                }
                int uo = u * d;
                for (int idx : ratingOrder) {
                    int i = items[idx];
                    int io = i * d;
                    double dot = 0;
                    for (int k = 0; k < d; k++) {
                        dot += q[io + k] * (p[uo + k] + s[k]);
                    }
                    float err = (float) (ratings[idx] - (mu + bu[u] + bi[i] + dot));
                    bu[u] += lrb * (err - regb * bu[u]);
                    bi[i] += lrb * (err - regb * bi[i]);
                    for (int k = 0; k < d; k++) {
                        float qi = q[io + k];
                        float pu = p[uo + k];
                        q[io + k] += lr * (err * (pu + (float) s[k]) - reg * qi);
                        p[uo + k] += lr * (err * qi - reg * pu);
                        g[k] = g[k] * shrink + lr * err * norm * qi;
                        s[k] = s[k] * shrink + lr * err * qi;
                    }
                }
                double f = Math.pow(shrink, n);
                for (int j : items) {
                    int o = j * d;
                    for (int k = 0; k < d; k++) {
                        y[o + k] = (float) (y[o + k] * f + g[k]);
                    }
                }
            }
        }

        @Override
        public SvdPp snapshot(Fitting.Trace trace) {
            return new SvdPp(config, factors(), y.clone(), orEmpty(trace));
        }

        @Override
        public float[][] parameters() {
            return new float[][] {bu, bi, p, q, y};
        }
    }
}
