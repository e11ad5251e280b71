package io.attnrec.core.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.eval.RatingMetrics;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the rating models share (kNN, which has no epochs or initial weights, where it applies): accuracy on planted data, clipping, persistence, seeds, errors. */
class RatingModelContractTest {

    private static RatingFixtures.Planted data;
    private static final Map<String, Recommender> TRAINED = new HashMap<>();

    /** Small settings that keep each training under a second. */
    private static ModelOptions options(String name) {
        if (name.equals("knn-baseline")) {
            return ModelOptions.empty(); // nothing to fit by steps: the defaults are already fast
        }
        if (name.equals("autorec")) {
            // Adam on 60 items: a larger step than the default, and the SGD models' patience
            return new ModelOptions(
                    Map.of("hidden", "16", "epochs", "40", "lr", "0.01", "reg", "1", "patience", "3", "batch", "8"));
        }
        Map<String, String> o = new HashMap<>(Map.of("dim", "8", "epochs", "40", "lr", "0.02", "reg", "0.05"));
        if (name.equals("attn-rating")) {
            o.put("attn_dim", "4");
            o.put("max_attend", "16");
        }
        return new ModelOptions(o);
    }

    /** The key of the model's size: the factor models' {@code dim}, AutoRec's hidden layer, kNN's k. */
    private static String sizeKey(String name) {
        return switch (name) {
            case "autorec" -> "hidden";
            case "knn-baseline" -> "k";
            default -> "dim";
        };
    }

    @BeforeAll
    static void data() {
        data = RatingFixtures.planted(120, 60, 5);
    }

    private static Recommender trained(String name) {
        return TRAINED.computeIfAbsent(name, n -> Models.require(n).train(data.train(), options(n), 17L));
    }

    @Test
    void allFiveAreRegistered() {
        for (String name : List.of("biasedmf", "svdpp", "attn-rating", "autorec", "knn-baseline")) {
            assertThat(Models.require(name).name()).isEqualTo(name);
            assertThat(Models.require(name).description()).isNotBlank().doesNotContain("\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"biasedmf", "svdpp", "attn-rating", "autorec", "knn-baseline"})
    void learnsThePlantedStructure(String name) {
        Recommender m = trained(name);
        assertThat(m).isInstanceOf(RatingPredictor.class);
        float[] pred = RatingFixtures.predict((RatingPredictor) m, data);
        double rmse = RatingMetrics.rmse(pred, data.testRatings());
        double baseline = RatingFixtures.meanBaselineRmse(data);
        // The global mean scores about 1.1 here; biases alone about 0.85; the rank-2 term is what
        // takes a model well below that.
        assertThat(rmse)
                .as("%s test RMSE vs mean baseline %.3f", name, baseline)
                .isLessThan(0.7 * baseline);
    }

    @ParameterizedTest
    @ValueSource(strings = {"biasedmf", "svdpp", "attn-rating", "autorec", "knn-baseline"})
    void predictionsStayOnTheScaleAndUnknownsFallBackToBiases(String name) {
        RatingPredictor m = (RatingPredictor) trained(name);
        assertThat(m.minRating()).isEqualTo(1f);
        assertThat(m.maxRating()).isEqualTo(5f);
        for (int u = 0; u < 20; u++) {
            for (int i = 1; i <= 60; i++) {
                float p = m.predict(u, data.train().sequences()[u], data.train().ratings()[u], i);
                assertThat(p).isBetween(1f, 5f);
            }
        }
        // Unknown user without history, unknown item: finite, on the scale.
        float unknownUser = m.predict(-1, new int[0], null, 3);
        float unknownItem =
                m.predict(2, data.train().sequences()[2], data.train().ratings()[2], 0);
        float outside = m.predict(2, data.train().sequences()[2], data.train().ratings()[2], 999);
        assertThat(unknownUser).isBetween(1f, 5f);
        assertThat(unknownItem).isBetween(1f, 5f).isEqualTo(outside);
        // A new user who rated everything 5 is predicted higher than one who rated everything 1.
        int[] hist = {1, 2, 3, 4, 5, 6, 7, 8};
        float[] fives = {5, 5, 5, 5, 5, 5, 5, 5};
        float[] ones = {1, 1, 1, 1, 1, 1, 1, 1};
        assertThat(m.predict(-1, hist, fives, 10)).isGreaterThan(m.predict(-1, hist, ones, 10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"biasedmf", "svdpp", "attn-rating", "autorec", "knn-baseline"})
    void batchPredictionEqualsSinglePredictions(String name) {
        RatingPredictor m = (RatingPredictor) trained(name);
        int[] items = {1, 5, 9, 33, 60, 0};
        float[] out = new float[items.length];
        int[] hist = data.train().sequences()[4];
        float[] rs = data.train().ratings()[4];
        m.predict(4, hist, rs, items, out);
        for (int k = 0; k < items.length; k++) {
            assertThat(out[k]).isEqualTo(m.predict(4, hist, rs, items[k]));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"biasedmf", "svdpp", "attn-rating", "autorec", "knn-baseline"})
    void saveThenLoadPredictsBitIdentically(String name, @TempDir Path dir) throws IOException {
        Recommender m = trained(name);
        ((Persistable) m).save(dir);
        Recommender back = Models.require(name).load(dir);
        assertThat(back.name()).isEqualTo(name);
        float[] a = RatingFixtures.predict((RatingPredictor) m, data);
        float[] b = RatingFixtures.predict((RatingPredictor) back, data);
        assertThat(b).containsExactly(a);
        float[] sa = new float[61];
        float[] sb = new float[61];
        for (int user : new int[] {0, 7, -1}) {
            int[] h = user < 0 ? new int[] {1, 2, 3} : data.train().sequences()[user];
            m.score(user, h, sa);
            back.score(user, h, sb);
            assertThat(sb).containsExactly(sa);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"biasedmf", "svdpp", "attn-rating", "autorec"})
    void sameSeedSameModelOtherSeedOtherModel(String name) {
        Recommender again = Models.require(name).train(data.train(), options(name), 17L);
        Recommender other = Models.require(name).train(data.train(), options(name), 18L);
        float[] a = RatingFixtures.predict((RatingPredictor) trained(name), data);
        assertThat(RatingFixtures.predict((RatingPredictor) again, data)).containsExactly(a);
        assertThat(RatingFixtures.predict((RatingPredictor) other, data)).isNotEqualTo(a);
    }

    @ParameterizedTest
    @ValueSource(strings = {"biasedmf", "svdpp", "attn-rating", "autorec", "knn-baseline"})
    void implicitDataAndUnknownOptionsAreClearErrors(String name) {
        TrainingData implicit = new TrainingData(
                1,
                2,
                new int[][] {{1, 2}},
                new long[][] {{0, 1}},
                null,
                IdMap.of(true, List.of("a", "b")),
                ItemCatalog.empty(),
                List.of());
        assertThatThrownBy(() -> Models.require(name).train(implicit, ModelOptions.empty(), 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("explicit ratings");
        assertThatThrownBy(() -> Models.require(name).train(data.train(), new ModelOptions(Map.of("dims", "8")), 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dims");
        assertThatThrownBy(() ->
                        Models.require(name).train(data.train(), new ModelOptions(Map.of(sizeKey(name), "0")), 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name)
                .hasMessageContaining(sizeKey(name) + " must be >= 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"biasedmf", "svdpp", "attn-rating", "autorec"})
    void earlyStoppingKeepsTheBestHeldOutEpoch(String name) throws Exception {
        Recommender m = trained(name);
        double[] curve = (double[]) m.getClass().getMethod("validationCurve").invoke(m);
        int epochs = (int) m.getClass().getMethod("epochs").invoke(m);
        assertThat(curve).isNotEmpty();
        assertThat(epochs).isBetween(1, curve.length);
        double best = java.util.Arrays.stream(curve).min().orElseThrow();
        assertThat(curve[epochs - 1]).isEqualTo(best);
        // It stopped because the held-out error stopped improving, or ran out of epochs.
        assertThat(curve.length == 40 || curve.length - epochs == 3).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"biasedmf", "svdpp", "attn-rating", "autorec"})
    void withoutAHeldOutSliceEveryEpochRuns(String name) throws Exception {
        TrainingData tiny = new TrainingData(
                1,
                2,
                new int[][] {{1, 2}},
                new long[][] {{0, 1}},
                new float[][] {{4, 2}},
                IdMap.of(true, List.of("a", "b")),
                ItemCatalog.empty(),
                List.of());
        for (String fraction : new String[] {"0", "0.01"}) {
            Recommender m = Models.require(name)
                    .train(
                            tiny,
                            new ModelOptions(Map.of("epochs", "7", "valid_fraction", fraction, sizeKey(name), "2")),
                            1L);
            assertThat((int) m.getClass().getMethod("epochs").invoke(m)).isEqualTo(7);
            assertThat((double[]) m.getClass().getMethod("validationCurve").invoke(m))
                    .isEmpty();
            assertThat(((RatingPredictor) m).predict(0, new int[] {1, 2}, new float[] {4, 2}, 1))
                    .isBetween(2f, 4f);
        }
    }

    @Test
    void heldOutSliceIsAPartitionThatLeavesEveryUserARating() {
        RatingSet all = RatingSet.from(data.train(), "test");
        RatingSet.Holdout h = all.holdout(0.3, new java.util.SplittableRandom(5));
        assertThat(h.fit().size + h.validation().size()).isEqualTo(all.size);
        assertThat(h.validation().size()).isBetween((int) (0.2 * all.size), (int) (0.4 * all.size));
        for (int u = 0; u < all.numUsers; u++) {
            if (all.items[u].length > 0) {
                assertThat(h.fit().items[u]).isNotEmpty();
            }
        }
        RatingSet.Holdout again = all.holdout(0.3, new java.util.SplittableRandom(5));
        assertThat(again.validation().items()).containsExactly(h.validation().items());
    }

    @Test
    void aUserShapedSliceTakesAShareOfTheRatingsOfSomeUsersOnly() {
        RatingFixtures.Planted big = RatingFixtures.planted(600, 60, 5);
        RatingSet all = RatingSet.from(big.train(), "test");
        // users drawn with probability 0.2 / 0.5 = 0.4, each losing half of their ratings
        RatingSet.Holdout h = all.holdout(0.2, 0.5, new java.util.SplittableRandom(5));
        assertThat(h.fit().size + h.validation().size()).isEqualTo(all.size);
        int[] held = new int[all.numUsers];
        for (int u : h.validation().users()) {
            held[u]++;
        }
        int drawn = 0;
        long heldOfDrawn = 0;
        long ratingsOfDrawn = 0;
        for (int u = 0; u < all.numUsers; u++) {
            if (all.items[u].length > 0) {
                assertThat(h.fit().items[u]).isNotEmpty();
            }
            if (held[u] > 0) {
                drawn++;
                heldOfDrawn += held[u];
                ratingsOfDrawn += all.items[u].length;
            }
        }
        // a uniform slice of 20% would touch almost every user; this one touches about 40% of them
        assertThat(drawn).isBetween((int) (0.3 * all.numUsers), (int) (0.5 * all.numUsers));
        assertThat((double) heldOfDrawn / ratingsOfDrawn).isBetween(0.4, 0.6);
        assertThat((double) h.validation().size() / all.size).isBetween(0.15, 0.25);
        assertThat(all.holdout(0.2, 0.5, new java.util.SplittableRandom(5))
                        .validation()
                        .items())
                .containsExactly(h.validation().items());
        // share 0 is the uniform slice, draw for draw
        assertThat(all.holdout(0.2, 0, new java.util.SplittableRandom(5))
                        .validation()
                        .items())
                .containsExactly(all.holdout(0.2, new java.util.SplittableRandom(5))
                        .validation()
                        .items());
        assertThatThrownBy(() -> all.holdout(0.3, 0.2, new java.util.SplittableRandom(5)))
                .hasMessageContaining("user share");
    }

    @ParameterizedTest
    @ValueSource(strings = {"biasedmf", "svdpp", "attn-rating", "autorec", "knn-baseline"})
    void scoreArrayTooShortIsRejected(String name) {
        assertThatThrownBy(() -> trained(name).score(0, new int[] {1}, new float[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numItems + 1");
    }
}
