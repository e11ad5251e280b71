package io.attnrec.nn.din;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.nn.Djl;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DinTest {

    static final CausalWorld WORLD = new CausalWorld(200, 3, 7L);

    private Din trained;

    static Map<String, String> small() {
        Map<String, String> m = new HashMap<>();
        m.put("dim", "16");
        m.put("att_hidden", "16");
        m.put("mlp_hidden", "32");
        m.put("max_len", "20");
        m.put("epochs", "12");
        m.put("patience", "20");
        m.put("lr", "0.01");
        m.put("batch_size", "64");
        m.put("val_negatives", "0");
        m.put("progress", "false");
        return m;
    }

    @BeforeAll
    void trainOnce() {
        trained = (Din) Models.require("din").train(WORLD.data, new ModelOptions(small()), 3L);
    }

    @AfterAll
    void release() {
        trained.close();
    }

    private static EvaluationResult evaluate(Recommender model, List<EvalCase> cases, int negatives) {
        return new Evaluator(new EvalConfig(new int[] {10}, 2, negatives, 1L), WORLD.data).evaluate(model, cases);
    }

    @Test
    void attentionToTheCausalItemBeatsPopularity() {
        Recommender pop = Models.require("pop").train(WORLD.data, ModelOptions.empty(), 1L);
        double popHr = evaluate(pop, WORLD.test, 0).metric("hr@10");
        double dinHr = evaluate(trained, WORLD.test, 0).metric("hr@10");
        assertThat(dinHr).as("din hr@10 (pop %.3f)", popHr).isGreaterThan(0.7).isGreaterThan(popHr + 0.5);
        // The explanation of the answer points at the key that caused it: a new user's history
        // is a key and then noise; the key's weight must be the largest.
        java.util.SplittableRandom rng = new java.util.SplittableRandom(17);
        int pointsAtKey = 0;
        int trials = 100;
        for (int c = 0; c < trials; c++) {
            int key = 1 + rng.nextInt(CausalWorld.KEYS);
            int[] history = new int[1 + CausalWorld.NOISE_PER_EPISODE];
            history[0] = key;
            for (int j = 1; j < history.length; j++) {
                history[j] = 2 * CausalWorld.KEYS + 1 + rng.nextInt(CausalWorld.NOISE);
            }
            Explanation e = trained.explain(-1, history, CausalWorld.answer(key));
            assertThat(e.item()).isEqualTo(CausalWorld.answer(key));
            assertThat(e.contributions()).hasSize(history.length);
            Explanation.Contribution top = e.contributions().get(0);
            assertThat(top.item()).isEqualTo(history[top.position()]);
            assertThat(e.contributions().get(1).weight()).isLessThanOrEqualTo(top.weight());
            if (top.position() == 0) {
                pointsAtKey++;
            }
        }
        assertThat(pointsAtKey).isGreaterThanOrEqualTo(90);
    }

    @Test
    void gaucThroughCandidateScoringMatchesFullScoring() {
        EvaluationResult fast = evaluate(trained, WORLD.test, 20);
        // the same model without the CandidateScorer side: the evaluator scores every item
        Recommender fullOnly = new Recommender() {
            @Override
            public String name() {
                return "din";
            }

            @Override
            public int numItems() {
                return trained.numItems();
            }

            @Override
            public void score(int user, int[] history, float[] scores) {
                trained.score(user, history, scores);
            }
        };
        EvaluationResult full = evaluate(fullOnly, WORLD.test, 20);
        assertThat(fast.metric("gauc")).isGreaterThan(0.9).isCloseTo(full.metric("gauc"), within(1e-3));
        assertThat(fast.metric("gauc")).isCloseTo(fast.metric("auc"), within(1e-12));
        assertThat(fast.metric("ndcg@10")).isCloseTo(full.metric("ndcg@10"), within(1e-3));
    }

    @Test
    void candidateScoresEqualFullScores() {
        EvalCase ec = WORLD.test.get(3);
        float[] all = new float[CausalWorld.NUM_ITEMS + 1];
        trained.score(ec.user(), ec.history(), all);
        int[] candidates = {41, 5, 100, 1, 5, 77};
        float[] some = new float[candidates.length + 2];
        trained.scoreCandidates(ec.user(), ec.history(), candidates, some);
        for (int j = 0; j < candidates.length; j++) {
            assertThat(some[j]).isCloseTo(all[candidates[j]], within(1e-5f));
        }
        assertThat(some[1]).isCloseTo(some[4], within(1e-5f));
        assertThat(some[6]).isZero();
    }

    @Test
    void paddingGetsZeroWeightAndBothForwardPathsAgree() {
        DinNetwork net = trained.network();
        int[] history = WORLD.test.get(0).history();
        long[] window = trained.window(history);
        int t = window.length;
        int pad = 5;
        long[] padded = new long[t + pad];
        System.arraycopy(window, 0, padded, pad, t);
        long[] candidates = {21, 22, 50};
        Djl.noGrad();
        try (NDManager m = trained.manager().newSubManager()) {
            NDList out = net.forward(
                    new ParameterStore(m, false),
                    new NDList(m.create(padded, new Shape(1, t + pad)), m.create(candidates, new Shape(1, 3))),
                    false);
            float[] logits = out.get(0).toFloatArray();
            NDArray weights = out.get(1);
            assertThat(weights.getShape()).isEqualTo(new Shape(1, 3, t + pad));
            float[] w = weights.toFloatArray();
            NDList fast = net.scoreCandidates(m, window, candidates, true);
            float[] fastLogits = fast.get(0).toFloatArray();
            float[] fastWeights = fast.get(1).toFloatArray();
            for (int c = 0; c < 3; c++) {
                for (int j = 0; j < pad; j++) {
                    assertThat(w[c * (t + pad) + j]).isZero();
                }
                for (int j = 0; j < t; j++) {
                    assertThat(w[c * (t + pad) + pad + j]).isCloseTo(fastWeights[c * t + j], within(1e-4f));
                }
                assertThat(logits[c]).isCloseTo(fastLogits[c], within(1e-4f));
            }
        }
        // padding in a given history is skipped, not scored
        int[] withZeros = new int[history.length + 2];
        System.arraycopy(history, 0, withZeros, 2, history.length);
        float[] a = new float[CausalWorld.NUM_ITEMS + 1];
        float[] b = new float[CausalWorld.NUM_ITEMS + 1];
        trained.score(0, history, a);
        trained.score(0, withZeros, b);
        assertThat(b).containsExactly(a);
    }

    @Test
    void emptyHistoryScoresWithoutAttention() {
        float[] s = new float[CausalWorld.NUM_ITEMS + 1];
        trained.score(-1, new int[0], s);
        for (int i = 1; i < s.length; i++) {
            assertThat(Float.isFinite(s[i])).isTrue();
        }
        assertThat(trained.explain(-1, new int[0], 3).contributions()).isEmpty();
    }

    @Test
    void sameSeedSameScores() {
        Map<String, String> fast = new HashMap<>(small());
        fast.put("epochs", "1");
        Din a = (Din) Models.require("din").train(WORLD.data, new ModelOptions(fast), 9L);
        Din b = (Din) Models.require("din").train(WORLD.data, new ModelOptions(fast), 9L);
        Din c = (Din) Models.require("din").train(WORLD.data, new ModelOptions(fast), 10L);
        float[] sa = new float[CausalWorld.NUM_ITEMS + 1];
        float[] sb = new float[CausalWorld.NUM_ITEMS + 1];
        float[] sc = new float[CausalWorld.NUM_ITEMS + 1];
        int[] h = WORLD.test.get(1).history();
        a.score(1, h, sa);
        b.score(1, h, sb);
        c.score(1, h, sc);
        assertThat(sb).containsExactly(sa);
        assertThat(sc).isNotEqualTo(sa);
        a.close();
        b.close();
        c.close();
    }

    @Test
    void saveAndLoadGiveIdenticalScores(@TempDir Path dir) throws Exception {
        trained.save(dir);
        try (Din loaded = (Din) Models.require("din").load(dir)) {
            assertThat(loaded.config().toOptions()).isEqualTo(trained.config().toOptions());
            for (int c = 0; c < 5; c++) {
                EvalCase ec = WORLD.test.get(c);
                float[] before = new float[CausalWorld.NUM_ITEMS + 1];
                float[] after = new float[CausalWorld.NUM_ITEMS + 1];
                trained.score(ec.user(), ec.history(), before);
                loaded.score(ec.user(), ec.history(), after);
                assertThat(after).containsExactly(before);
                assertThat(loaded.explain(ec.user(), ec.history(), 25))
                        .isEqualTo(trained.explain(ec.user(), ec.history(), 25));
            }
        }
    }

    @Test
    void badOptionsAreRejectedWithTheKeyName() {
        var din = Models.require("din");
        assertThatThrownBy(() -> din.train(WORLD.data, new ModelOptions(Map.of("bogus", "1")), 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bogus");
        assertThatThrownBy(() -> din.train(WORLD.data, new ModelOptions(Map.of("loss", "ce")), 1L))
                .hasMessageContaining("loss must be bce");
        assertThatThrownBy(() -> din.train(WORLD.data, new ModelOptions(Map.of("candidates", "5")), 1L))
                .hasMessageContaining("only used with rerank");
        assertThatThrownBy(() -> din.train(WORLD.data, new ModelOptions(Map.of("sasrec.epochs", "5")), 1L))
                .hasMessageContaining("sasrec.epochs");
        assertThatThrownBy(() -> din.train(WORLD.data, new ModelOptions(Map.of("rerank", "din")), 1L))
                .hasMessageContaining("rerank=din");
        assertThatThrownBy(() -> din.train(WORLD.data, new ModelOptions(Map.of("att_hidden", "8+x")), 1L))
                .hasMessageContaining("att_hidden");
    }

    @Test
    void negativesAreUniformOverOtherItems() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        long[] out = new long[40000];
        DinTrainer.negatives(3, 5, rng, out, 0, out.length);
        int[] counts = new int[6];
        for (long v : out) {
            counts[(int) v]++;
        }
        assertThat(counts[0]).isZero();
        assertThat(counts[3]).isZero();
        for (int i : new int[] {1, 2, 4, 5}) {
            assertThat(counts[i]).isBetween(9500, 10500);
        }
        // pairs: every index >= 1, or only the newest ones
        assertThat(DinTrainer.pairs(new int[][] {{1, 2, 3}, {4}, {5, 6}}, 0)).containsExactly(1L, 2L, (2L << 32) | 1);
        assertThat(DinTrainer.pairs(new int[][] {{1, 2, 3}, {4}, {5, 6}}, 1)).containsExactly(2L, (2L << 32) | 1);
    }
}
