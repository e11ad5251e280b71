package io.attnrec.nn.din;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.nn.Djl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwoStageDinTest {

    /** Small DIN sizes; the second stage trains on lists of {@code candidates}. */
    static Map<String, String> small(String first, int candidates) {
        Map<String, String> m = new HashMap<>(DinTest.small());
        m.remove("val_negatives");
        m.put("first", first);
        m.put("candidates", Integer.toString(candidates));
        m.put("epochs", "30");
        m.put("patience", "30");
        m.put("pretrain_epochs", "0");
        m.put("list_batch", "16");
        return m;
    }

    private static double ndcg10(Recommender model, io.attnrec.core.model.TrainingData data, List<EvalCase> cases) {
        return new Evaluator(new EvalConfig(new int[] {10}, 1, 0, 1L), data)
                .evaluate(model, cases)
                .metric("ndcg@10");
    }

    /**
     * A first stage that ranks every answer item above the rest but in a fixed order that has
     * nothing to do with the history: the right answer is among its top candidates, rarely first.
     * Only attention to the episode's key (DIN's target attention) puts it first.
     */
    static Recommender shuffledAnswers() {
        SplittableRandom rng = new SplittableRandom(11L);
        float[] fixed = new float[CausalWorld.NUM_ITEMS + 1];
        for (int i = 1; i <= CausalWorld.NUM_ITEMS; i++) {
            boolean answer = i > CausalWorld.KEYS && i <= 2 * CausalWorld.KEYS;
            fixed[i] = (float) ((answer ? 10 : 0) + rng.nextDouble());
        }
        return new FixedScores("shuffled-answers", fixed);
    }

    record FixedScores(String name, float[] fixed) implements Recommender {
        @Override
        public int numItems() {
            return fixed.length - 1;
        }

        @Override
        public void score(int user, int[] history, float[] scores) {
            System.arraycopy(fixed, 0, scores, 0, fixed.length);
        }
    }

    private static TwoStageDin train(
            Recommender first, io.attnrec.core.model.TrainingData data, Map<String, String> o) {
        TwoStageConfig config = TwoStageConfig.parse(new ModelOptions(o));
        NDManager manager = Djl.newManager();
        Djl.seed(7L);
        DinNetwork network = TwoStageDin.freshNetwork(manager, config, data.numItems());
        new TwoStageTrainer(config).fit(first, manager, network, data, 7L);
        return new TwoStageDin(first, manager, network, config);
    }

    @Test
    void targetAttentionFixesAFirstStageOrderThatIgnoresTheHistory() throws Exception {
        CausalWorld world = new CausalWorld(400, 2, 5L);
        Recommender first = shuffledAnswers();
        try (TwoStageDin model = train(first, world.data, small("pop", 20))) {
            double alone = ndcg10(first, world.data, world.test);
            double twoStage = ndcg10(model, world.data, world.test);
            assertThat(alone).isLessThan(0.35);
            assertThat(twoStage).isGreaterThan(alone + 0.3);
        }
    }

    /**
     * Targets drawn at random (no history predicts them) and a first stage that knows them: only
     * the first stage's score, an input feature of the second stage, can keep them on top. The
     * held-out lists are already perfect, so no trained second stage beats the first: the model
     * must fall back to the residual start, which is exactly the first stage's order.
     */
    @Test
    void theFirstStagesScoreIsAFeatureTheSecondStageLearnsToTrust() throws Exception {
        int users = 300;
        int items = 60;
        SplittableRandom rng = new SplittableRandom(3L);
        int[][] sequences = new int[users][];
        List<EvalCase> validation = new ArrayList<>();
        List<EvalCase> test = new ArrayList<>();
        Map<Long, Integer> truth = new HashMap<>();
        for (int u = 0; u < users; u++) {
            int[] s = rng.ints(6, 1, items + 1).toArray();
            sequences[u] = s;
            int val = pickNew(s, items, rng);
            validation.add(new EvalCase(u, s, new int[] {val}, sortedDistinct(s)));
            int[] h = Arrays.copyOf(s, s.length + 1);
            h[s.length] = val;
            int tst = pickNew(h, items, rng);
            test.add(new EvalCase(u, h, new int[] {tst}, sortedDistinct(h)));
            truth.put(key(u, s.length), val);
            truth.put(key(u, h.length), tst);
        }
        long[][] times = Arrays.stream(sequences).map(s -> new long[s.length]).toArray(long[][]::new);
        IdMap ids = IdMap.of(
                true, IntStream.rangeClosed(1, items).mapToObj(i -> "i" + i).toList());
        var data = new io.attnrec.core.model.TrainingData(
                users, items, sequences, times, null, ids, ItemCatalog.empty(), validation);
        // the oracle puts the truth in its top 10 at a random place; the other 9 get random scores
        // above everything else
        Recommender oracle = new Recommender() {
            @Override
            public String name() {
                return "oracle";
            }

            @Override
            public int numItems() {
                return items;
            }

            @Override
            public void score(int user, int[] history, float[] scores) {
                SplittableRandom r = new SplittableRandom(user * 31L + history.length);
                for (int i = 1; i <= items; i++) {
                    scores[i] = (float) r.nextDouble();
                }
                scores[truth.get(key(user, history.length))] = 1.5f;
            }
        };
        try (TwoStageDin model = train(oracle, data, small("pop", 10))) {
            assertThat(ndcg10(model, data, test)).isGreaterThan(0.9);
        }
    }

    private static long key(int user, int length) {
        return ((long) user << 32) | length;
    }

    private static int pickNew(int[] history, int items, SplittableRandom rng) {
        while (true) {
            int c = 1 + rng.nextInt(items);
            if (Arrays.stream(history).noneMatch(h -> h == c)) {
                return c;
            }
        }
    }

    private static int[] sortedDistinct(int[] a) {
        return Arrays.stream(a).sorted().distinct().toArray();
    }

    @Test
    void refusesDataWhoseTrainingSequencesHoldTheValidationEvents() {
        CausalWorld world = new CausalWorld(20, 2, 5L);
        var d = world.data;
        // put user 0's validation event back into training: what a first stage fit on all data saw
        EvalCase v = d.validation().get(0);
        int[][] seqs = d.sequences().clone();
        int[] leaked = Arrays.copyOf(v.history(), v.history().length + 1);
        leaked[v.history().length] = v.targets()[0];
        seqs[0] = leaked;
        long[][] times = d.timestamps().clone();
        times[0] = new long[leaked.length];
        var leaky = new io.attnrec.core.model.TrainingData(
                d.numUsers(), d.numItems(), seqs, times, null, d.items(), d.catalog(), d.validation());
        ModelOptions options = new ModelOptions(small("pop", 10));
        assertThatThrownBy(() -> Models.require("din-rerank").train(leaky, options, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user 0's validation event")
                .hasMessageContaining("also in the training sequences");
        var noValidation = new io.attnrec.core.model.TrainingData(
                d.numUsers(), d.numItems(), d.sequences(), d.timestamps(), null, d.items(), d.catalog(), List.of());
        assertThatThrownBy(
                        () -> Models.require("din-rerank").train(noValidation, new ModelOptions(small("pop", 10)), 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has none");
        // the untouched split is accepted
        TwoStageTrainer.checkNoLeak(d);
    }

    @Test
    void badOptionsGetOneClearLine() {
        var provider = Models.require("din-rerank");
        Map<String, String> base = small("pop", 10);
        assertThatThrownBy(() -> provider.checkOptions(new ModelOptions(without(base, "first"))))
                .hasMessageContaining("first=MODEL is required");
        assertThatThrownBy(() -> provider.checkOptions(new ModelOptions(with(base, "candidates", "1"))))
                .hasMessageContaining("candidates must be >= 2");
        assertThatThrownBy(() -> provider.checkOptions(new ModelOptions(with(base, "first", "din"))))
                .hasMessageContaining("cannot generate candidates");
        assertThatThrownBy(() -> provider.checkOptions(new ModelOptions(with(base, "sasrec.epochs", "3"))))
                .hasMessageContaining("names model 'sasrec', but first=pop");
        assertThatThrownBy(() -> provider.checkOptions(new ModelOptions(with(base, "val_negatives", "100"))))
                .hasMessageContaining("val_negatives is not used");
        assertThatThrownBy(() -> provider.checkOptions(new ModelOptions(with(base, "holdout_percent", "0"))))
                .hasMessageContaining("holdout_percent must be in 1..90");
        assertThatThrownBy(() -> provider.checkOptions(new ModelOptions(with(base, "first", "no-such-model"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-model");
        assertThatThrownBy(() -> provider.checkOptions(new ModelOptions(with(base, "colour", "red"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> provider.checkOptions(new ModelOptions(with(base, "pop.dir", "x"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registeredModelSavesAndLoadsToTheSameFullRanking(@TempDir Path dir) throws Exception {
        CausalWorld world = new CausalWorld(120, 2, 5L);
        Map<String, String> o = small("pop", 15);
        o.put("epochs", "2");
        o.put("pretrain_epochs", "1");
        Recommender trained = Models.require("din-rerank").train(world.data, new ModelOptions(o), 3L);
        assertThat(trained).isInstanceOf(TwoStageDin.class);
        TwoStageDin model = (TwoStageDin) trained;
        assertThat(model.config().first().model()).isEqualTo("pop");
        model.save(dir);
        try (model;
                TwoStageDin loaded = (TwoStageDin) Models.require("din-rerank").load(dir)) {
            assertThat(loaded.config().toOptions()).isEqualTo(model.config().toOptions());
            int n = CausalWorld.NUM_ITEMS;
            for (int c = 0; c < 5; c++) {
                EvalCase ec = world.test.get(c);
                float[] base = new float[n + 1];
                model.first().score(ec.user(), ec.history(), base);
                float[] a = new float[n + 1];
                model.score(ec.user(), ec.history(), a);
                float[] b = new float[n + 1];
                loaded.score(ec.user(), ec.history(), b);
                assertThat(b).containsExactly(a);
                // the 15 re-ordered items sit above every other item, which keeps its first-stage score
                int[] top = DinReranker.topCandidates(ec.history(), base.clone(), 15);
                float lowestTop = Float.POSITIVE_INFINITY;
                for (int i : top) {
                    lowestTop = Math.min(lowestTop, a[i]);
                }
                for (int i = 1; i <= n; i++) {
                    final int item = i;
                    if (Arrays.stream(top).noneMatch(t -> t == item)) {
                        assertThat(a[i]).isEqualTo(base[i]).isLessThan(lowestTop);
                    }
                }
            }
        }
    }

    private static Map<String, String> with(Map<String, String> m, String k, String v) {
        Map<String, String> c = new HashMap<>(m);
        c.put(k, v);
        return c;
    }

    private static Map<String, String> without(Map<String, String> m, String k) {
        Map<String, String> c = new HashMap<>(m);
        c.remove(k);
        return c;
    }
}
