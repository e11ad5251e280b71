package io.attnrec.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compares the optimised evaluator with a slow implementation written straight from the
 * definitions (sort all candidates, count by brute force) on random cases with many ties, NaN
 * scores, excluded items and several targets; and checks thread-count independence.
 */
class EvaluatorReferenceTest {

    private static final int NUM_ITEMS = 60;
    private static final int[] KS = {1, 5, 10};

    /** 6 score levels: ties everywhere; 100000: nearly distinct scores (other ranking loops). */
    @ParameterizedTest
    @ValueSource(ints = {6, 100_000})
    void matchesTheDefinitionsOnRandomCases(int levels) {
        Random random = new Random(7);
        TrainingData train = randomTraining(random, 30);
        List<EvalCase> cases = randomCases(random, 300);
        Fixtures.HashModel model = new NanHashModel(NUM_ITEMS, levels);
        EvaluationResult got = new Evaluator(new EvalConfig(KS, 1, 0, 1L), train).evaluate(model, cases);
        Map<String, Double> want = reference(model, train, cases);
        assertThat(got.metrics().keySet()).containsAll(want.keySet());
        for (Map.Entry<String, Double> e : want.entrySet()) {
            assertThat(got.metric(e.getKey())).as(e.getKey()).isCloseTo(e.getValue(), within(1e-9));
        }
        assertThat(got.metric("nan_scores")).isPositive();
        assertThat(got.metric("skipped_users")).isPositive();
    }

    /**
     * Many training users: the popular items' user sets are large enough to be kept as bit sets
     * (intra-list diversity then counts intersections against the bits), and the result is still
     * the definitions'.
     */
    @Test
    void matchesTheDefinitionsWhenPopularItemsHaveBitSets() {
        Random random = new Random(13);
        TrainingData train = randomTraining(random, 2_000);
        assertThat(ItemSimilarity.from(train).itemsWithBitSets()).isBetween(1, NUM_ITEMS - 1);
        List<EvalCase> cases = randomCases(random, 300);
        Fixtures.HashModel model = new NanHashModel(NUM_ITEMS, 100_000);
        EvaluationResult got = new Evaluator(new EvalConfig(KS, 2, 0, 1L), train).evaluate(model, cases);
        Map<String, Double> want = reference(model, train, cases);
        for (Map.Entry<String, Double> e : want.entrySet()) {
            assertThat(got.metric(e.getKey())).as(e.getKey()).isCloseTo(e.getValue(), within(1e-9));
        }
    }

    @Test
    void multiThreadedEqualsSingleThreaded() {
        Random random = new Random(11);
        TrainingData train = randomTraining(random, 40);
        List<EvalCase> cases = randomCases(random, 700);
        Fixtures.HashModel model = new Fixtures.HashModel(NUM_ITEMS, 9);
        EvaluationResult one = new Evaluator(new EvalConfig(KS, 1, 0, 1L), train).evaluate(model, cases);
        EvaluationResult four = new Evaluator(new EvalConfig(KS, 4, 0, 1L), train).evaluate(model, cases);
        assertThat(four.metrics()).isEqualTo(one.metrics());
        assertThat(four.users()).isEqualTo(one.users());
        for (String key : one.perUser().keySet()) {
            assertThat(four.perUser().get(key))
                    .as(key)
                    .containsExactly(one.perUser().get(key));
        }
        // A list without cheap random access gives the same result.
        EvaluationResult linked =
                new Evaluator(new EvalConfig(KS, 2, 0, 1L), train).evaluate(model, new LinkedList<>(cases));
        assertThat(linked.metrics()).isEqualTo(one.metrics());
    }

    @Test
    void sampledModeIsReproducibleAndIndependentOfThreads() {
        Random random = new Random(5);
        TrainingData train = randomTraining(random, 40);
        List<EvalCase> cases = randomCases(random, 300);
        Fixtures.HashModel model = new Fixtures.HashModel(NUM_ITEMS, 1000);
        // 20 of at most ~55 free items: the sparse (rejection) draw; 45: mostly the dense draw.
        for (int negatives : new int[] {20, 45}) {
            EvaluationResult a = new Evaluator(new EvalConfig(KS, 1, negatives, 3L), train).evaluate(model, cases);
            EvaluationResult b = new Evaluator(new EvalConfig(KS, 4, negatives, 3L), train).evaluate(model, cases);
            EvaluationResult c = new Evaluator(new EvalConfig(KS, 2, negatives, 4L), train).evaluate(model, cases);
            assertThat(b.metrics()).isEqualTo(a.metrics());
            assertThat(b.perUser().get("ndcg@10")).containsExactly(a.perUser().get("ndcg@10"));
            assertThat(c.metric("ndcg@10")).isNotEqualTo(a.metric("ndcg@10"));
            assertThat(a.metrics()).doesNotContainKeys("coverage@10", "gini@10", "diversity@10");
            // Sampled ranks never exceed 1 + negatives + other targets.
            assertThat(a.metric("hr@10"))
                    .isGreaterThan(new Evaluator(new EvalConfig(KS, 1, 0, 3L), train)
                            .evaluate(model, cases)
                            .metric("hr@10"));
        }
    }

    /** A hash model with some NaN scores. */
    private static final class NanHashModel extends Fixtures.HashModel {
        NanHashModel(int numItems, int levels) {
            super(numItems, levels);
        }

        @Override
        public void score(int user, int[] history, float[] scores) {
            super.score(user, history, scores);
            for (int i = 1; i < scores.length; i++) {
                if ((i * 31 + user) % 17 == 0) {
                    scores[i] = Float.NaN;
                }
            }
        }
    }

    static TrainingData randomTraining(Random random, int numUsers) {
        int[][] seqs = new int[numUsers][];
        for (int u = 0; u < numUsers; u++) {
            int len = random.nextInt(8);
            // Skewed item choice so that popularity differs.
            seqs[u] = IntStream.range(0, len)
                    .map(x -> 1 + (int) (NUM_ITEMS * Math.pow(random.nextDouble(), 3)))
                    .toArray();
        }
        return Fixtures.training(NUM_ITEMS, seqs);
    }

    static List<EvalCase> randomCases(Random random, int n) {
        List<EvalCase> cases = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            int user = random.nextInt(10) == 0 ? -1 : random.nextInt(30);
            int[] perm = shuffled(random);
            int numTargets = random.nextInt(12) == 0 ? 0 : 1 + (random.nextBoolean() ? 0 : random.nextInt(6));
            int numExcluded = random.nextInt(8);
            int[] targets = Arrays.copyOfRange(perm, 0, numTargets);
            int[] excluded = Arrays.copyOfRange(perm, numTargets, numTargets + numExcluded);
            if (numTargets > 0 && random.nextInt(5) == 0) {
                // A repeated target under the whole-history mask (issue 18): excluded, a miss.
                excluded = IntStream.concat(Arrays.stream(excluded), IntStream.of(targets[0]))
                        .toArray();
            }
            Arrays.sort(excluded);
            int[] history = IntStream.concat(Arrays.stream(excluded), IntStream.of(perm[NUM_ITEMS - 1]))
                    .toArray();
            cases.add(new EvalCase(user, history, targets, excluded));
        }
        return cases;
    }

    private static int[] shuffled(Random random) {
        int[] p = IntStream.rangeClosed(1, NUM_ITEMS).toArray();
        for (int i = p.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The metrics straight from their definitions. */
    static Map<String, Double> reference(
            io.attnrec.core.model.Recommender model, TrainingData train, List<EvalCase> cases) {
        int numItems = model.numItems();
        Map<String, Double> sums = new LinkedHashMap<>();
        int[][] exposure = new int[KS.length][numItems + 1];
        int users = 0;
        int[] counts = train.itemCounts();
        List<Set<Integer>> itemUsers = new ArrayList<>();
        for (int i = 0; i <= numItems; i++) {
            itemUsers.add(new HashSet<>());
        }
        int withTraining = 0;
        for (int u = 0; u < train.numUsers(); u++) {
            if (train.sequences()[u].length > 0) {
                withTraining++;
            }
            for (int item : train.sequences()[u]) {
                itemUsers.get(item).add(u);
            }
        }
        for (EvalCase ec : cases) {
            if (ec.targets().length == 0) {
                continue;
            }
            users++;
            float[] s = new float[numItems + 1];
            model.score(ec.user(), ec.history(), s);
            Set<Integer> excluded = new HashSet<>();
            for (int e : ec.excluded()) {
                excluded.add(e);
            }
            Set<Integer> targets = new HashSet<>();
            for (int t : ec.targets()) {
                targets.add(t);
            }
            List<Integer> candidates = new ArrayList<>();
            for (int i = 1; i <= numItems; i++) {
                if (Float.isNaN(s[i])) {
                    s[i] = Float.NEGATIVE_INFINITY;
                }
                if (!excluded.contains(i)) {
                    candidates.add(i);
                }
            }
            int[] ranks = new int[ec.targets().length];
            double auc = 0;
            int nonTargets =
                    (int) candidates.stream().filter(i -> !targets.contains(i)).count();
            for (int j = 0; j < ranks.length; j++) {
                int t = ec.targets()[j];
                if (excluded.contains(t)) {
                    // Never ranked: a miss, below every candidate.
                    ranks[j] = Integer.MAX_VALUE;
                    continue;
                }
                int ahead = 0;
                int beaten = 0;
                for (int i : candidates) {
                    if (i != t && s[i] >= s[t]) {
                        ahead++;
                    }
                    if (!targets.contains(i) && s[i] < s[t]) {
                        beaten++;
                    }
                }
                ranks[j] = 1 + ahead;
                auc += beaten;
            }
            long rankable = Arrays.stream(ec.targets())
                    .filter(t -> !excluded.contains(t))
                    .count();
            add(
                    sums,
                    "auc",
                    nonTargets > 0 ? auc / ((double) ranks.length * nonTargets) : 0.5 * rankable / ranks.length);
            int numT = ranks.length;
            for (int k : KS) {
                int hits = 0;
                double dcg = 0;
                double ap = 0;
                int best = Integer.MAX_VALUE;
                for (int r : ranks) {
                    best = Math.min(best, r);
                    if (r <= k) {
                        hits++;
                        dcg += 1 / log2(r + 1);
                        int atOrBefore = 0;
                        for (int r2 : ranks) {
                            if (r2 <= r) {
                                atOrBefore++;
                            }
                        }
                        ap += (double) atOrBefore / r;
                    }
                }
                double idcg = 0;
                for (int p = 1; p <= Math.min(numT, k); p++) {
                    idcg += 1 / log2(p + 1);
                }
                double p = (double) hits / k;
                double rec = (double) hits / numT;
                add(sums, "hr@" + k, hits > 0 ? 1 : 0);
                add(sums, "recall@" + k, rec);
                add(sums, "precision@" + k, p);
                add(sums, "f1@" + k, hits > 0 ? 2 * p * rec / (p + rec) : 0);
                add(sums, "ndcg@" + k, dcg / idcg);
                add(sums, "mrr@" + k, best <= k ? 1.0 / best : 0);
                add(sums, "map@" + k, ap / Math.min(numT, k));
            }
            candidates.sort(Comparator.comparingDouble((Integer i) -> -s[i]).thenComparingInt(i -> i));
            for (int ki = 0; ki < KS.length; ki++) {
                int k = KS[ki];
                List<Integer> list = candidates.subList(0, Math.min(k, candidates.size()));
                double nov = 0;
                double arp = 0;
                for (int item : list) {
                    exposure[ki][item]++;
                    nov += -log2((itemUsers.get(item).size() + 1.0) / (withTraining + 1.0));
                    arp += counts[item];
                }
                add(sums, "novelty@" + k, nov / list.size());
                add(sums, "arp@" + k, arp / list.size());
                double div = 0;
                int pairs = 0;
                for (int a = 0; a < list.size(); a++) {
                    for (int b = a + 1; b < list.size(); b++) {
                        Set<Integer> ua = itemUsers.get(list.get(a));
                        Set<Integer> ub = itemUsers.get(list.get(b));
                        Set<Integer> inter = new HashSet<>(ua);
                        inter.retainAll(ub);
                        double sim = ua.isEmpty() || ub.isEmpty()
                                ? 0
                                : inter.size() / Math.sqrt((double) ua.size() * ub.size());
                        div += 1 - sim;
                        pairs++;
                    }
                }
                add(sums, "diversity@" + k, pairs > 0 ? div / pairs : 0);
            }
        }
        Map<String, Double> means = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : sums.entrySet()) {
            means.put(e.getKey(), e.getValue() / users);
        }
        for (int ki = 0; ki < KS.length; ki++) {
            int[] exp = exposure[ki];
            int listed = 0;
            for (int i = 1; i <= numItems; i++) {
                listed += exp[i] > 0 ? 1 : 0;
            }
            means.put("coverage@" + KS[ki], (double) listed / numItems);
            // Gini by its mean-absolute-difference definition: sum_ij |c_i - c_j| / (2 n^2 mean).
            double total = 0;
            double mad = 0;
            for (int i = 1; i <= numItems; i++) {
                total += exp[i];
                for (int j = 1; j <= numItems; j++) {
                    mad += Math.abs(exp[i] - exp[j]);
                }
            }
            means.put("gini@" + KS[ki], mad / (2.0 * numItems * total));
        }
        return means;
    }

    private static void add(Map<String, Double> sums, String key, double v) {
        sums.merge(key, v, Double::sum);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
