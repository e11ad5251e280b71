package io.attnrec.core.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.eval.RatingMetrics;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recent residual ({@code rating-blend:recent=...}): the value by hand, causality, and its use in the blend. */
class RecentResidualTest {

    /** Ratings given in sittings; each sitting moves all its ratings by one shared mood. */
    record Moody(TrainingData train, int[] testUsers, int[] testItems, float[] testRatings, long[] testTimes) {}

    private static Moody world;
    private static RatingBlend withRecent;
    private static RatingBlend without;

    @BeforeAll
    static void train() {
        world = moody(150, 80, 11);
        withRecent = blend(Map.of("recent", "300"));
        without = blend(Map.of("recent", "0"));
    }

    /**
     * Each user rates about 60% of the items in a random order, ten per sitting, 30 s apart, sittings
     * a day apart; a sitting's mood in [-1, 1] is added to its ratings; 20% are held out as tests.
     */
    static Moody moody(int users, int items, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] ib = new double[items + 1];
        double[][] b = new double[items + 1][2];
        for (int i = 1; i <= items; i++) {
            ib[i] = r.nextDouble(-0.7, 0.7);
            b[i][0] = r.nextDouble(-1, 1);
            b[i][1] = r.nextDouble(-1, 1);
        }
        int[][] seqs = new int[users][];
        float[][] ratings = new float[users][];
        long[][] times = new long[users][];
        List<long[]> test = new ArrayList<>(); // user, item, time
        List<Float> testR = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            double ub = r.nextDouble(-0.5, 0.5);
            double a0 = r.nextDouble(-1, 1);
            double a1 = r.nextDouble(-1, 1);
            int[] order = new int[items];
            Vectors.shuffle(order, r);
            List<Integer> is = new ArrayList<>();
            List<Float> rs = new ArrayList<>();
            List<Long> ts = new ArrayList<>();
            double mood = 0;
            int given = 0;
            for (int k = 0; k < items; k++) {
                int i = order[k] + 1;
                if (r.nextDouble() >= 0.6) {
                    continue;
                }
                if (given % 10 == 0) {
                    mood = r.nextDouble(-1, 1);
                }
                long t = (given / 10) * 86_400L + (given % 10) * 30L;
                given++;
                double v =
                        3.2 + ub + ib[i] + 1.6 * (a0 * b[i][0] + a1 * b[i][1]) + mood + 0.3 * RatingFixtures.gauss(r);
                float rating = (float) Math.max(1, Math.min(5, Math.rint(v)));
                if (r.nextDouble() < 0.2) {
                    test.add(new long[] {u, i, t});
                    testR.add(rating);
                } else {
                    is.add(i);
                    rs.add(rating);
                    ts.add(t);
                }
            }
            seqs[u] = is.stream().mapToInt(Integer::intValue).toArray();
            ratings[u] = new float[rs.size()];
            times[u] = ts.stream().mapToLong(Long::longValue).toArray();
            for (int k = 0; k < rs.size(); k++) {
                ratings[u][k] = rs.get(k);
            }
        }
        TrainingData data = RatingFixtures.trainingData(users, items, seqs, times, ratings);
        float[] tr = new float[testR.size()];
        for (int k = 0; k < tr.length; k++) {
            tr[k] = testR.get(k);
        }
        return new Moody(
                data,
                test.stream().mapToInt(p -> (int) p[0]).toArray(),
                test.stream().mapToInt(p -> (int) p[1]).toArray(),
                tr,
                test.stream().mapToLong(p -> p[2]).toArray());
    }

    private static RatingBlend blend(Map<String, String> extra) {
        Map<String, String> o = new HashMap<>(extra);
        o.put("members", "biasedmf");
        o.put("biasedmf.dim", "4");
        o.put("biasedmf.epochs", "30");
        o.put("biasedmf.lr", "0.02");
        o.put("biasedmf.valid_fraction", "0");
        o.put("blend_fraction", "0.2");
        return (RatingBlend) Models.require("rating-blend").train(world.train(), new ModelOptions(o), 5L);
    }

    /** Predictions of the test ratings at their times ({@code timed}) or without them. */
    private static float[] predict(RatingPredictor model, boolean timed) {
        TrainingData t = world.train();
        float[] out = new float[world.testRatings().length];
        float[] one = new float[1];
        for (int k = 0; k < out.length; k++) {
            int u = world.testUsers()[k];
            model.predictAt(
                    u,
                    t.sequences()[u],
                    t.ratings()[u],
                    timed ? t.timestamps()[u] : null,
                    new int[] {world.testItems()[k]},
                    timed ? new long[] {world.testTimes()[k]} : null,
                    one);
            out[k] = one[0];
        }
        return out;
    }

    @Test
    void theValueIsTheShrunkTimeWeightedMeanResidualOfTheEarlierRatings() {
        // mu 3, no user or item bias: the residuals are the ratings minus 3
        Baseline flat = new Baseline(3, new float[1], new float[4]);
        RecentResidual recent = new RecentResidual(flat, 100, 1);
        int[] history = {1, 2, 3};
        float[] ratings = {5, 4, 1};
        long[] at = {0, 100, 1000};
        double[] out = new double[3];
        recent.values(0, history, ratings, at, new long[] {100, -1, 1000}, out);
        double w0 = Math.exp(-1);
        // at t = 100: the rating at 0 (weight e^-1, residual 2); the one given in the same second and
        // the one at 1000 are not read
        assertThat(out[0]).isCloseTo(w0 * 2 / (1 + w0), within(1e-12));
        assertThat(out[1]).isZero();
        double w1 = Math.exp(-10);
        double w2 = Math.exp(-9);
        assertThat(out[2]).isCloseTo((w1 * 2 + w2) / (1 + w1 + w2), within(1e-12));
        // without times the value is 0, not a guess
        recent.values(0, history, ratings, null, new long[] {100}, out);
        assertThat(out[0]).isZero();
        assertThatThrownBy(() -> new RecentResidual(flat, 0, 1)).hasMessageContaining("tau must be > 0");
        assertThatThrownBy(() -> recent.values(0, history, ratings, new long[] {0, 100}, new long[] {5}, out))
                .hasMessage("recent: 3 history items but 3 ratings and 2 times");
    }

    @Test
    void aPredictionReadsOnlyTheRatingsGivenStrictlyBeforeItsTime() {
        TrainingData t = world.train();
        int u = 7;
        long[] times = t.timestamps()[u];
        long cut = times[times.length / 2];
        float[] changed = t.ratings()[u].clone();
        for (int k = 0; k < changed.length; k++) {
            if (times[k] >= cut) {
                changed[k] = 6 - changed[k]; // every rating from the request's second on turned around
            }
        }
        // the baseline's user bias is fixed at training, so the earlier ratings alone decide
        float[] a = new float[1];
        float[] b = new float[1];
        withRecent.predictAt(u, t.sequences()[u], t.ratings()[u], times, new int[] {3}, new long[] {cut}, a);
        withRecent.predictAt(u, t.sequences()[u], changed, times, new int[] {3}, new long[] {cut}, b);
        assertThat(b[0]).isEqualTo(a[0]);
        // while the earlier ones do move it
        float[] earlier = t.ratings()[u].clone();
        for (int k = 0; k < earlier.length; k++) {
            if (times[k] < cut) {
                earlier[k] = 6 - earlier[k];
            }
        }
        withRecent.predictAt(u, t.sequences()[u], earlier, times, new int[] {3}, new long[] {cut}, b);
        assertThat(b[0]).isNotEqualTo(a[0]);
    }

    @Test
    void onMoodyRatingsTheRecentResidualLowersTheErrorAndNeedsTheTimes() {
        double timed = RatingMetrics.rmse(predict(withRecent, true), world.testRatings());
        double untimed = RatingMetrics.rmse(predict(withRecent, false), world.testRatings());
        double plain = RatingMetrics.rmse(predict(without, true), world.testRatings());
        // the planted mood has sd 0.58 beside noise of 0.3; earlier ratings of a sitting are few (about
        // four), so the shrunk estimate recovers part of it: 0.69 -> 0.61 at the time of writing
        assertThat(timed).isLessThan(plain - 0.05);
        assertThat(untimed).isGreaterThan(timed + 0.05);
        // its weight is the last one, and positive: a user rating above their level keeps doing so
        double[] w = withRecent.weights();
        assertThat(w).hasSize(without.weights().length + 1);
        assertThat(w[w.length - 1]).isGreaterThan(0.3);
        // the held-out figure the setting is chosen by sees it too
        assertThat(withRecent.validationCurve()[0]).isLessThan(without.validationCurve()[0] - 0.05);
    }

    @Test
    void aRecentBlendReloadsToTheSamePredictions(@TempDir Path dir) throws IOException {
        withRecent.save(dir);
        Recommender back = Models.require("rating-blend").load(dir);
        assertThat(predict((RatingPredictor) back, true)).containsExactly(predict(withRecent, true));
        assertThat(((RatingBlend) back).config().recent()).isEqualTo(300);
    }

    @Test
    void badSettingsAreOneSentence() {
        assertThatThrownBy(() -> RatingBlendConfig.from(new ModelOptions(Map.of("recent", "-5"))))
                .hasMessage("rating-blend: recent must be a number of seconds >= 0, got -5.0");
        assertThatThrownBy(() -> RatingBlendConfig.from(new ModelOptions(Map.of("recent_shrink", "-1"))))
                .hasMessageContaining("recent_shrink must be a number >= 0");
        assertThat(RatingBlendConfig.from(new ModelOptions(Map.of("recent", "60")))
                        .features())
                .isEqualTo(RatingBlendConfig.from(new ModelOptions(Map.of("recent", "0")))
                                .features()
                        + 1);
    }
}
