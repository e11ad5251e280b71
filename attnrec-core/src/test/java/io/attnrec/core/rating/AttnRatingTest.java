package io.attnrec.core.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.ModelOptions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The attention model's arithmetic: gradient against finite differences, masking, clipping, explanations. */
class AttnRatingTest {

    private static final int USERS = 3;
    private static final int ITEMS = 6;
    private static final int D = 4;
    private static final int A = 3;

    /** A network with random parameters of a size where differences are visible. */
    private static AttnNet randomNet(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int rows = ITEMS + 1;
        Baseline base = new Baseline(3.5, new float[USERS], new float[rows]);
        return new AttnNet(
                USERS,
                ITEMS,
                D,
                A,
                3.5f,
                fill(USERS, r),
                fill(rows, r),
                fill(USERS * D, r),
                fill(rows * D, r),
                fill(rows * D, r),
                fill(rows * D, r),
                fill(rows * A, r),
                fill(rows * A, r),
                base);
    }

    private static float[] fill(int n, SplittableRandom r) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(-0.8, 0.8);
        }
        return a;
    }

    private static final int USER = 1;
    private static final int ITEM = 2;
    private static final int[] HIST = {3, 5, 6, 1};
    private static final float[] CENTRED = {0.5f, -1.2f, 0.3f, 0.9f};
    private static final double SCALE = Math.sqrt(HIST.length);

    private static double pred(AttnNet net) {
        AttnNet.Work ws = new AttnNet.Work(D, A, HIST.length);
        return net.forward(USER, net.bu[USER], ITEM, HIST, CENTRED, HIST.length, SCALE, ws);
    }

    /** The analytic gradient of the prediction w.r.t. every parameter, as dense tables like the net's. */
    private static float[][] analytic(AttnNet net) {
        AttnNet.Work ws = new AttnNet.Work(D, A, HIST.length);
        net.forward(USER, net.bu[USER], ITEM, HIST, CENTRED, HIST.length, SCALE, ws);
        net.backward(ITEM, HIST, CENTRED, HIST.length, ws);
        float[][] g = new float[8][];
        float[][] t = net.tables();
        for (int k = 0; k < t.length; k++) {
            g[k] = new float[t[k].length];
        }
        g[0][USER] = 1; // b_u
        g[1][ITEM] = 1; // b_i
        for (int c = 0; c < D; c++) {
            g[2][USER * D + c] = ws.qOld[c]; // p_u
            g[3][ITEM * D + c] = (float) ws.x[c]; // q_i
        }
        for (int t2 = 0; t2 < HIST.length; t2++) {
            int j = HIST[t2];
            double sw = ws.poolScale * ws.w[t2];
            for (int c = 0; c < D; c++) {
                g[4][j * D + c] += (float) (sw * ws.qOld[c]); // y_j
                g[5][j * D + c] += (float) (sw * CENTRED[t2] * ws.qOld[c]); // e_j
            }
            for (int c = 0; c < A; c++) {
                g[7][j * A + c] += (float) (ws.ds[t2] * net.invSqrtA * ws.zOld[c]); // k_j
            }
        }
        for (int c = 0; c < A; c++) {
            g[6][ITEM * A + c] = (float) ws.gz[c]; // z_i
        }
        return g;
    }

    @Test
    void gradientMatchesCentralFiniteDifferencesForEveryParameter() {
        for (long seed : new long[] {1, 2, 3}) {
            AttnNet net = randomNet(seed);
            float[][] g = analytic(net);
            float[][] tables = net.tables();
            String[] names = {"b_u", "b_i", "p", "q", "y", "e", "z", "k"};
            int checked = 0;
            for (int t = 0; t < tables.length; t++) {
                for (int k = 0; k < tables[t].length; k++) {
                    float old = tables[t][k];
                    double h = 1e-2;
                    tables[t][k] = (float) (old + h);
                    double up = pred(net);
                    tables[t][k] = (float) (old - h);
                    double down = pred(net);
                    tables[t][k] = old;
                    // The float parameter may not hold old +- h exactly: divide by what it held.
                    double numeric = (up - down) / ((double) (float) (old + h) - (float) (old - h));
                    assertThat(g[t][k])
                            .as("seed %d, d pred / d %s[%d]", seed, names[t], k)
                            .isCloseTo((float) numeric, within(2e-3f + 2e-3f * (float) Math.abs(numeric)));
                    checked += g[t][k] != 0 ? 1 : 0;
                }
            }
            // Every history row, the target's rows and the user's rows have a gradient.
            assertThat(checked).isGreaterThan(2 + D + D + 2 * HIST.length * D + A + HIST.length * A - 5);
        }
    }

    @Test
    void attentionWeightsAreASoftmaxThatDependsOnTheTarget() {
        AttnNet net = randomNet(4);
        AttnNet.Work ws = new AttnNet.Work(D, A, HIST.length);
        net.forward(USER, 0f, 2, HIST, CENTRED, HIST.length, 1, ws);
        double[] forTwo = Arrays.copyOf(ws.w, HIST.length);
        net.forward(USER, 0f, 4, HIST, CENTRED, HIST.length, 1, ws);
        double[] forFour = Arrays.copyOf(ws.w, HIST.length);
        assertThat(Arrays.stream(forTwo).sum()).isCloseTo(1.0, within(1e-12));
        assertThat(Arrays.stream(forFour).sum()).isCloseTo(1.0, within(1e-12));
        assertThat(forTwo).isNotEqualTo(forFour);
        // Known answer: with z_2 . k_j / sqrt(a) computed by hand.
        double[] logits = new double[HIST.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < HIST.length; t++) {
            for (int c = 0; c < A; c++) {
                logits[t] += net.z[2 * A + c] * net.k[HIST[t] * A + c];
            }
            logits[t] /= Math.sqrt(A);
            max = Math.max(max, logits[t]);
        }
        double sum = Arrays.stream(logits).map(l -> Math.exp(l)).sum();
        for (int t = 0; t < HIST.length; t++) {
            assertThat(forTwo[t]).isCloseTo(Math.exp(logits[t]) / sum, within(1e-9));
        }
    }

    @Test
    void trainingNeverAttendsToTheTargetRating() {
        RatingFixtures.Planted p = RatingFixtures.planted(10, 30, 9);
        RatingSet set = RatingSet.from(p.train(), "attn-rating");
        for (int cap : new int[] {0, 3}) {
            AttnRatingConfig config =
                    AttnRatingConfig.from(new ModelOptions(Map.of("max_attend", Integer.toString(cap))));
            AttnRating.Learner learner = new AttnRating.Learner(config, set, new SplittableRandom(1));
            SplittableRandom r = new SplittableRandom(2);
            for (int u = 0; u < 10; u++) {
                int[] items = set.items[u];
                learner.preparePositions(items.length);
                for (int idx = 0; idx < items.length; idx++) {
                    int len = learner.history(u, idx, r);
                    int[] attended = Arrays.copyOf(learner.historyBuffer(), len);
                    int expected = cap == 0 ? items.length - 1 : Math.min(cap, items.length - 1);
                    assertThat(len).isEqualTo(expected);
                    assertThat(attended).doesNotContain(items[idx]);
                    Set<Integer> distinct = new HashSet<>();
                    for (int j : attended) {
                        distinct.add(j);
                    }
                    assertThat(distinct).hasSize(len);
                }
            }
        }
    }

    @Test
    void oneSgdStepWithoutRegularisationReducesThatRatingsError() {
        RatingFixtures.Planted p = RatingFixtures.planted(10, 30, 9);
        RatingSet set = RatingSet.from(p.train(), "attn-rating");
        AttnRatingConfig config = AttnRatingConfig.from(new ModelOptions(
                Map.of("reg", "0", "reg_attn", "0", "reg_bias", "0", "max_attend", "0", "init_std", "0.3")));
        AttnRating.Learner learner = new AttnRating.Learner(config, set, new SplittableRandom(3));
        int u = 2;
        int idx = 1;
        learner.preparePositions(set.items[u].length);
        int len = learner.history(u, idx, new SplittableRandom(4));
        double scale = Math.sqrt(set.items[u].length - 1);
        AttnNet net = learner.net();
        AttnNet.Work ws = new AttnNet.Work(net.dim, net.attnDim, len);
        int item = set.items[u][idx];
        float rating = set.ratings[u][idx];
        int[] hist = Arrays.copyOf(learner.historyBuffer(), len);
        float[] cent = Arrays.copyOf(learner.centredBuffer(), len);
        double before = net.forward(u, net.bu[u], item, hist, cent, len, scale, ws) - rating;
        learner.step(u, idx, len, scale, 0.01, 0.01);
        double after = net.forward(u, net.bu[u], item, hist, cent, len, scale, ws) - rating;
        assertThat(Math.abs(after)).isLessThan(Math.abs(before));
    }

    @Test
    void predictionsAreClippedToTheScaleButRankingScoresAreNot() {
        AttnNet net = randomNet(5);
        net.bi[1] = 9f; // far above the scale
        net.bi[2] = -9f; // far below
        AttnRating m = AttnRating.of(AttnRatingConfig.defaults(), net, new RatingScale(1, 5));
        int[] hist = {3, 4};
        float[] rs = {4, 2};
        assertThat(m.predict(0, hist, rs, 1)).isEqualTo(5f);
        assertThat(m.predict(0, hist, rs, 2)).isEqualTo(1f);
        float[] scores = new float[ITEMS + 1];
        m.score(0, hist, scores);
        assertThat(scores[1]).isGreaterThan(5f);
        assertThat(scores[2]).isLessThan(1f);
        assertThat(new RatingScale(1, 5).clip(Double.NaN)).isEqualTo(3f);
    }

    @Test
    void explanationListsHistoryItemsWithTheirAttentionWeights() {
        AttnNet net = randomNet(6);
        AttnRating m = AttnRating.of(AttnRatingConfig.defaults(), net, new RatingScale(1, 5));
        int[] hist = {3, 5, 2, 6}; // the target (2) is in the history: never explained by itself
        Explanation e = m.explain(1, hist, 2);
        assertThat(e.item()).isEqualTo(2);
        assertThat(e.contributions()).extracting(Explanation.Contribution::item).containsExactlyInAnyOrder(3, 5, 6);
        assertThat(e.contributions().stream()
                        .mapToDouble(Explanation.Contribution::weight)
                        .sum())
                .isCloseTo(1.0, within(1e-9));
        for (int k = 1; k < e.contributions().size(); k++) {
            assertThat(e.contributions().get(k).weight())
                    .isLessThanOrEqualTo(e.contributions().get(k - 1).weight());
        }
        Explanation.Contribution c = e.contributions().stream()
                .filter(x -> x.item() == 6)
                .findFirst()
                .orElseThrow();
        assertThat(c.position()).isEqualTo(3);
    }
}
