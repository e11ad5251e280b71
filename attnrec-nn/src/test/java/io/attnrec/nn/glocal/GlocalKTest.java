package io.attnrec.nn.glocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.rating.RatingPredictor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlocalKTest {

    /**
     * Small settings: 20 + 20 epochs of a 16-unit network. The penalties are sums over the weights
     * against a sum of squared errors over the ratings, so a world of 1,200 ratings needs a
     * weight far below ML-100K's 20 (at 1 and above the network stays at the mean here).
     */
    private static final Map<String, String> SMALL =
            Map.of("hidden", "16", "pre_epochs", "20", "fine_epochs", "20", "valid_fraction", "0", "l2", "0.1");

    /**
     * A planted world: users and items with two hidden tastes, rating {@code 3 + 2 tanh(p_u . q_i)}
     * rounded to 1..5; each user rates about half the items. {@code test} receives held-out triples.
     */
    private static TrainingData world(long seed, List<float[]> test) {
        SplittableRandom r = new SplittableRandom(seed);
        int users = 60;
        int items = 40;
        double[][] p = new double[users][2];
        double[][] q = new double[items + 1][2];
        for (double[] v : p) {
            v[0] = r.nextDouble(-1.5, 1.5);
            v[1] = r.nextDouble(-1.5, 1.5);
        }
        for (double[] v : q) {
            v[0] = r.nextDouble(-1.5, 1.5);
            v[1] = r.nextDouble(-1.5, 1.5);
        }
        int[][] seqs = new int[users][];
        float[][] ratings = new float[users][];
        long[][] times = new long[users][];
        for (int u = 0; u < users; u++) {
            List<Integer> is = new ArrayList<>();
            List<Float> rs = new ArrayList<>();
            for (int i = 1; i <= items; i++) {
                float rating = Math.round(3 + 2 * Math.tanh(p[u][0] * q[i][0] + p[u][1] * q[i][1]));
                double draw = r.nextDouble();
                if (draw < 0.5) {
                    is.add(i);
                    rs.add(rating);
                } else if (draw < 0.65) {
                    test.add(new float[] {u, i, rating});
                }
            }
            seqs[u] = is.stream().mapToInt(Integer::intValue).toArray();
            ratings[u] = new float[rs.size()];
            times[u] = new long[rs.size()];
            for (int k = 0; k < rs.size(); k++) {
                ratings[u][k] = rs.get(k);
                times[u][k] = k;
            }
        }
        String[] names = new String[items];
        for (int i = 0; i < items; i++) {
            names[i] = "i" + (i + 1);
        }
        return new TrainingData(
                users,
                items,
                seqs,
                times,
                ratings,
                IdMap.of(true, java.util.Arrays.asList(names)),
                ItemCatalog.empty(),
                List.of());
    }

    private static double rmse(RatingPredictor model, List<float[]> test) {
        double s = 0;
        for (float[] t : test) {
            double e = model.predict((int) t[0], new int[0], null, (int) t[1]) - t[2];
            s += e * e;
        }
        return Math.sqrt(s / test.size());
    }

    private static GlocalK train(TrainingData data, Map<String, String> options, long seed) {
        return (GlocalK) Models.require("glocal-k").train(data, new ModelOptions(options), seed);
    }

    @Test
    void learnsAPlantedTasteWellBelowTheMeanAndSavesToTheSamePredictions(@TempDir Path dir) throws Exception {
        List<float[]> test = new ArrayList<>();
        TrainingData data = world(3, test);
        GlocalK model = train(data, SMALL, 7);
        double mean = 0;
        int n = 0;
        for (float[] rs : data.ratings()) {
            for (float v : rs) {
                mean += v;
                n++;
            }
        }
        double m = mean / n;
        double meanRmse = Math.sqrt(
                test.stream().mapToDouble(t -> (t[2] - m) * (t[2] - m)).sum() / test.size());
        double rmse = rmse(model, test);
        assertThat(rmse).isLessThan(0.6 * meanRmse);
        for (float[] t : test) {
            float v = model.predict((int) t[0], new int[0], null, (int) t[1]);
            assertThat(v).isBetween(1f, 5f);
        }
        model.save(dir);
        Recommender loaded = Models.require("glocal-k").load(dir);
        float[] a = new float[41];
        float[] b = new float[41];
        model.score(5, new int[0], a);
        loaded.score(5, new int[0], b);
        assertThat(b).containsExactly(a);
        assertThat(((RatingPredictor) loaded).predict(-1, new int[0], null, 3))
                .isEqualTo(model.predict(-1, new int[0], null, 3));
        // the same seed gives the same model; another seed another one
        assertThat(rmse(train(data, SMALL, 7), test)).isEqualTo(rmse);
        assertThat(rmse(train(data, SMALL, 8), test)).isNotEqualTo(rmse);
    }

    @Test
    void choosesTheFineTuningEpochOnTheHeldOutSliceAndReportsItsCurve() {
        List<float[]> test = new ArrayList<>();
        TrainingData data = world(4, test);
        GlocalK model = train(
                data,
                Map.of(
                        "hidden",
                        "16",
                        "pre_epochs",
                        "3",
                        "fine_epochs",
                        "8",
                        "patience",
                        "2",
                        "valid_fraction",
                        "0.2",
                        "l2",
                        "0.1"),
                7);
        double[] curve = model.validationCurve();
        assertThat(curve.length).isBetween(3 + 3, 3 + 8);
        for (double v : curve) {
            assertThat(v).isGreaterThan(0).isLessThan(2.5);
        }
        // the pre-training epochs lower the held-out error from the first
        assertThat(curve[2]).isLessThan(curve[0]);
    }

    @Test
    void takesPartInARatingBlendFromAnotherModule() {
        List<float[]> test = new ArrayList<>();
        TrainingData data = world(6, test);
        Map<String, String> options = new java.util.HashMap<>(Map.of("members", "attn-rating+glocal-k"));
        SMALL.forEach((k, v) -> options.put("glocal-k." + k, v));
        options.put("attn-rating.epochs", "3");
        RatingPredictor blend =
                (RatingPredictor) Models.require("rating-blend").train(data, new ModelOptions(options), 7);
        RatingPredictor alone = train(data, SMALL, 7);
        // the blend weighs the autoencoder in: its error is near the member's, far below the mean's
        assertThat(rmse(blend, test)).isLessThan(rmse(alone, test) + 0.1);
    }

    @Test
    void refusesBadSettingsAndDataWithoutRatingsOrTooLargeForTheDenseMatrixInOneLine() {
        List<float[]> test = new ArrayList<>();
        TrainingData data = world(5, test);
        assertThatThrownBy(() -> train(data, Map.of("hidden", "0"), 1))
                .hasMessageContaining("glocal-k")
                .hasMessageContaining("hidden");
        assertThatThrownBy(() -> train(data, Map.of("valid_fraction", "0.7"), 1))
                .hasMessageContaining("valid_fraction");
        assertThatThrownBy(() -> train(data, Map.of("bogus", "1"), 1)).hasMessageContaining("bogus");
        assertThatThrownBy(() -> train(data, Map.of("max_cells", "3000000000"), 1))
                .hasMessageContaining("max_cells must be at most");
        assertThatThrownBy(() -> train(data, Map.of("max_cells", "100"), 1))
                .hasMessageContaining("max_cells")
                .hasMessageContaining("2400 cells");
        TrainingData implicit = new TrainingData(
                data.numUsers(),
                data.numItems(),
                data.sequences(),
                data.timestamps(),
                null,
                data.items(),
                data.catalog(),
                List.of());
        assertThatThrownBy(() -> train(implicit, Map.of(), 1)).hasMessageContaining("explicit ratings");
    }
}
