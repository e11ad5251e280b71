package io.attnrec.core.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.eval.RatingMetrics;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blend of rating models: its weights, its accuracy against its members, persistence, errors. */
class RatingBlendTest {

    private static RatingFixtures.Planted data;
    private static RatingBlend blend;

    private static Map<String, String> small() {
        Map<String, String> o = new HashMap<>();
        o.put("members", "svdpp+biasedmf");
        // one weight per member (the default is support=true since session 12; its own tests below)
        o.put("support", "false");
        // the planted world's times are positions, not seconds; the recent residual's tests are in
        // RecentResidualTest
        o.put("recent", "0");
        for (String m : new String[] {"svdpp", "biasedmf"}) {
            o.put(m + ".dim", "8");
            o.put(m + ".epochs", "40");
            o.put(m + ".lr", "0.02");
            // all 40 epochs: on this small world the factors leave the biases-only plateau only
            // after about 8 epochs, and early stopping with patience 3 would end there
            o.put(m + ".valid_fraction", "0");
        }
        // a blend of two members that err differently: one almost without regularisation
        o.put("biasedmf.reg", "0.001");
        o.put("svdpp.reg", "0.05");
        return o;
    }

    @BeforeAll
    static void train() {
        data = RatingFixtures.planted(120, 60, 5);
        blend = (RatingBlend) Models.require("rating-blend").train(data.train(), new ModelOptions(small()), 17L);
    }

    @Test
    void ridgeRecoversKnownWeights() {
        SplittableRandom r = new SplittableRandom(3);
        double[][] x = new double[500][2];
        double[] y = new double[500];
        for (int s = 0; s < y.length; s++) {
            x[s][0] = r.nextDouble(1, 5);
            x[s][1] = r.nextDouble(1, 5);
            y[s] = 0.3 + 0.6 * x[s][0] + 0.2 * x[s][1];
        }
        double[] w = RatingBlend.ridge(x, y, null, 0);
        assertThat(w[0]).isCloseTo(0.3, within(1e-9));
        assertThat(w[1]).isCloseTo(0.6, within(1e-9));
        assertThat(w[2]).isCloseTo(0.2, within(1e-9));
        // the penalty shrinks the member weights, never the intercept's freedom to absorb the mean
        double[] shrunk = RatingBlend.ridge(x, y, null, 1e6);
        assertThat(Math.abs(shrunk[1]) + Math.abs(shrunk[2])).isLessThan(0.1);
        assertThat(shrunk[0]).isCloseTo(java.util.Arrays.stream(y).average().orElseThrow(), within(0.2));
    }

    @Test
    void theBlendIsAtLeastAsGoodAsItsBetterMember() {
        float[] pred = RatingFixtures.predict(blend, data);
        double rmse = RatingMetrics.rmse(pred, data.testRatings());
        double best = Double.POSITIVE_INFINITY;
        double worst = 0;
        for (String m : new String[] {"svdpp", "biasedmf"}) {
            Map<String, String> o = new HashMap<>();
            small().forEach((k, v) -> {
                if (k.startsWith(m + ".")) {
                    o.put(k.substring(m.length() + 1), v);
                }
            });
            Recommender alone = Models.require(m).train(data.train(), new ModelOptions(o), 17L);
            double r = RatingMetrics.rmse(RatingFixtures.predict((RatingPredictor) alone, data), data.testRatings());
            best = Math.min(best, r);
            worst = Math.max(worst, r);
        }
        // the weights come from about 350 held-out ratings; the blend is at least as good as the
        // better member (here slightly better), and its weights add up to about one
        assertThat(rmse).as("members %.4f .. %.4f", best, worst).isLessThan(best + 0.002);
        double[] w = blend.weights();
        assertThat(w[1] + w[2]).isCloseTo(1.0, within(0.1));
        assertThat(w[1]).isPositive();
        assertThat(w[2]).isPositive();
        assertThat(blend.validationCurve()).hasSize(1);
        assertThat(blend.validationCurve()[0]).isBetween(0.0, 1.5);
        assertThat(blend.weights()).hasSize(3);
    }

    @Test
    void saveThenLoadPredictsBitIdentically(@TempDir Path dir) throws IOException {
        blend.save(dir);
        Recommender back = Models.require("rating-blend").load(dir);
        assertThat(RatingFixtures.predict((RatingPredictor) back, data))
                .containsExactly(RatingFixtures.predict(blend, data));
        float[] a = new float[61];
        float[] b = new float[61];
        blend.score(3, data.train().sequences()[3], a);
        back.score(3, data.train().sequences()[3], b);
        assertThat(b).containsExactly(a);
    }

    @Test
    void withSupportTheWeightsFollowTheLogSupports() {
        RatingBlendConfig c = RatingBlendConfig.from(
                new ModelOptions(Map.of("members", "svdpp+biasedmf", "support", "true", "recent", "0")));
        assertThat(c.features()).isEqualTo(8);
        double[] row = RatingBlend.features(c, new double[] {3, 4}, Math.E - 1, 0, 0);
        assertThat(row).containsExactly(3, 4, 3, 4, 0, 0, 1, 0);
        // a target whose member weights move with the supports is recovered exactly
        SplittableRandom r = new SplittableRandom(9);
        double[][] x = new double[800][];
        double[] y = new double[800];
        for (int s = 0; s < y.length; s++) {
            double[] p = {r.nextDouble(1, 5), r.nextDouble(1, 5)};
            double nu = r.nextInt(300);
            double ni = r.nextInt(500);
            double su = Math.log1p(nu);
            double si = Math.log1p(ni);
            x[s] = RatingBlend.features(c, p, nu, ni, 0);
            y[s] = 0.1 + p[0] * (0.2 + 0.05 * su) + p[1] * (0.7 - 0.04 * si) + 0.01 * su;
        }
        double[] w = RatingBlend.ridge(x, y, null, 0);
        double[] want = {0.1, 0.2, 0.7, 0.05, 0, 0, -0.04, 0.01, 0};
        for (int k = 0; k < want.length; k++) {
            assertThat(w[k]).as("coefficient %d", k).isCloseTo(want[k], within(1e-6));
        }
    }

    @Test
    void aSupportBlendPredictsOnTheScaleAndReloadsBitIdentically(@TempDir Path dir) throws IOException {
        Map<String, String> o = small();
        o.put("support", "true");
        RatingBlend b = (RatingBlend) Models.require("rating-blend").train(data.train(), new ModelOptions(o), 17L);
        assertThat(b.weights()).hasSize(9);
        float[] pred = RatingFixtures.predict(b, data);
        for (float p : pred) {
            assertThat(p).isBetween(1f, 5f);
        }
        // a user the members never saw, with a history, and an item outside the catalogue
        assertThat(b.predict(-1, new int[] {1, 2}, new float[] {5, 5}, 999)).isBetween(1f, 5f);
        b.save(dir);
        Recommender back = Models.require("rating-blend").load(dir);
        assertThat(RatingFixtures.predict((RatingPredictor) back, data)).containsExactly(pred);
        float[] s1 = new float[61];
        float[] s2 = new float[61];
        b.score(-1, new int[] {4, 5, 6}, s1);
        back.score(-1, new int[] {4, 5, 6}, s2);
        assertThat(s2).containsExactly(s1);
    }

    @Test
    void theDefaultPairsAttentionWithTheItemAutoencoderWithSupportAndTheRecentResidual() {
        RatingBlendConfig d = RatingBlendConfig.from(ModelOptions.empty());
        assertThat(d.members()).containsExactly("attn-rating", "autorec");
        assertThat(d.support()).isTrue();
        assertThat(d.recent()).isEqualTo(300);
        assertThat(d.features()).isEqualTo(9);
    }

    @Test
    void aCopyOfAMemberIsTheSameModelTrainedWithTheSeedPlusItsNumber(@TempDir Path dir) throws IOException {
        Map<String, String> o = new HashMap<>();
        o.put("members", "biasedmf+biasedmf#2");
        o.put("support", "false");
        Map<String, String> own = Map.of("dim", "4", "epochs", "5", "valid_fraction", "0");
        own.forEach((k, v) -> {
            o.put("biasedmf." + k, v);
            o.put("biasedmf#2." + k, v);
        });
        RatingBlend copies = (RatingBlend) Models.require("rating-blend").train(data.train(), new ModelOptions(o), 17L);
        copies.save(dir);
        Recommender second = Models.require("biasedmf").load(dir.resolve("member1"));
        Recommender expected = Models.require("biasedmf").train(data.train(), new ModelOptions(own), 19L);
        Recommender first = Models.require("biasedmf").load(dir.resolve("member0"));
        float[] e = RatingFixtures.predict((RatingPredictor) expected, data);
        assertThat(RatingFixtures.predict((RatingPredictor) second, data)).containsExactly(e);
        assertThat(RatingFixtures.predict((RatingPredictor) first, data)).isNotEqualTo(e);
        RatingBlend back = (RatingBlend) Models.require("rating-blend").load(dir);
        assertThat(RatingFixtures.predict(back, data)).containsExactly(RatingFixtures.predict(copies, data));
    }

    @Test
    void aUserShapedSliceFitsTheWeightsOnOtherRatingsAndStillBlends() {
        Map<String, String> o = small();
        o.put("blend_fraction", "0.2");
        o.put("blend_users", "0.5");
        RatingBlend shaped = (RatingBlend) Models.require("rating-blend").train(data.train(), new ModelOptions(o), 17L);
        assertThat(shaped.weights()).isNotEqualTo(blend.weights());
        double rmse = RatingMetrics.rmse(RatingFixtures.predict(shaped, data), data.testRatings());
        assertThat(rmse).isLessThan(RatingMetrics.rmse(RatingFixtures.predict(blend, data), data.testRatings()) + 0.05);
        assertThat(RatingBlendConfig.from(new ModelOptions(o)).toOptions()).containsEntry("blend_users", "0.5");
    }

    @Test
    void badSettingsAreOneSentence() {
        assertThatThrownBy(() -> RatingBlendConfig.from(new ModelOptions(Map.of("members", "svdpp+svdpp#0"))))
                .hasMessage("rating-blend: member 'svdpp#0': the copy number after '#' must be a whole number >= 1");
        assertThatThrownBy(() -> RatingBlendConfig.from(new ModelOptions(Map.of("members", "svdpp+rating-blend#1"))))
                .hasMessageContaining("cannot blend itself");
        assertThatThrownBy(() -> RatingBlendConfig.from(new ModelOptions(Map.of("members", "svdpp+svdpp"))))
                .hasMessageContaining("twice");
        assertThatThrownBy(
                        () -> RatingBlendConfig.from(new ModelOptions(Map.of("members", "svdpp", "ease.lambda", "1"))))
                .hasMessageContaining("ease");
        assertThatThrownBy(() -> RatingBlendConfig.from(new ModelOptions(Map.of("blend_fraction", "0.9"))))
                .hasMessageContaining("blend_fraction");
        assertThatThrownBy(() -> RatingBlendConfig.from(new ModelOptions(Map.of("blend_users", "0.05"))))
                .hasMessage("rating-blend: blend_users must be 0 or in [blend_fraction, 1] (a drawn user's share of"
                        + " held-out ratings), got 0.05");
        assertThatThrownBy(() -> Models.require("rating-blend")
                        .train(data.train(), new ModelOptions(Map.of("members", "pop")), 1L))
                .hasMessageContaining("does not predict ratings");
    }
}
