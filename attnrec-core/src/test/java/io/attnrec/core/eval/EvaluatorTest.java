package io.attnrec.core.eval;

import static io.attnrec.core.eval.Fixtures.config;
import static io.attnrec.core.eval.Fixtures.evalCase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.TrainingData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Every expected number below is worked out by hand in the comments. */
class EvaluatorTest {

    private static final Offset<Double> EPS = within(1e-9);
    private static final double LOG2_3 = Math.log(3) / Math.log(2);
    private static final double LOG2_5 = Math.log(5) / Math.log(2);

    @Test
    void singleTargetTiesRankTheTargetLastAndExcludedItemsDoNotCount() {
        // User 0, items 1..6 scored 0.9 0.5 0.7 0.5 0.1 0.5; target 2 (0.5); item 1 excluded.
        // Above the target: item 3. Tied: items 4 and 6. Rank = 1 + 1 + 2 = 4.
        // User 1: target 5 scored highest -> rank 1.
        Map<Integer, float[]> table = new HashMap<>();
        table.put(0, new float[] {0.9f, 0.5f, 0.7f, 0.5f, 0.1f, 0.5f});
        table.put(1, new float[] {0.1f, 0.2f, 0.3f, 0.4f, 1.0f, 0.0f});
        List<EvalCase> cases = List.of(evalCase(0, new int[] {2}, 1), evalCase(1, new int[] {5}));
        EvaluationResult r = new Evaluator(config(1, 1, 3, 5), Fixtures.empty(2, 6))
                .evaluate(new Fixtures.TableModel(6, table), cases);

        assertThat(r.users()).isEqualTo(2);
        assertThat(r.perUser().get("mrr@5")).containsExactly(0.25, 1.0);
        assertThat(r.metric("hr@1")).isCloseTo(0.5, EPS);
        assertThat(r.metric("hr@3")).isCloseTo(0.5, EPS);
        assertThat(r.metric("hr@5")).isCloseTo(1.0, EPS);
        assertThat(r.metric("recall@5")).isCloseTo(1.0, EPS);
        // ndcg@5: user 0 -> 1/log2(5); user 1 -> 1.
        assertThat(r.metric("ndcg@5")).isCloseTo((1 / LOG2_5 + 1) / 2, EPS);
        assertThat(r.metric("ndcg@3")).isCloseTo(0.5, EPS);
        assertThat(r.metric("mrr@5")).isCloseTo((0.25 + 1) / 2, EPS);
        assertThat(r.metric("mrr@3")).isCloseTo(0.5, EPS);
        // precision@5: (1/5 + 1/5) / 2; f1@5 per user: 2 * 0.2 * 1 / 1.2 = 1/3.
        assertThat(r.metric("precision@5")).isCloseTo(0.2, EPS);
        assertThat(r.metric("precision@1")).isCloseTo(0.5, EPS);
        assertThat(r.metric("f1@5")).isCloseTo(1.0 / 3, EPS);
        // map@k with one target = reciprocal rank within k.
        assertThat(r.metric("map@5")).isCloseTo(0.625, EPS);
        // auc: user 0 has 4 non-target candidates (3,4,5,6); 3 of them are at or above the
        // target (ties are errors) -> 1/4. User 1: 5/5.
        assertThat(r.perUser().get("auc")).containsExactly(0.25, 1.0);
        assertThat(r.metrics()).doesNotContainKeys("nan_scores", "skipped_users");
    }

    @Test
    void multipleTargetsGiveRecallPrecisionMapNdcgAndAuc() {
        // Items 1..8 scored 0.8 0.9 0.3 0.9 0.1 0.6 0.6 0.2; targets 4, 7, 5; item 2 excluded.
        // Candidates by score: 4 (0.9), 1 (0.8), 6 = 7 (0.6), 3, 8, 5. Ranks: 4 -> 1,
        // 7 -> 1 + 2 above + 1 tie = 4, 5 -> 7.
        Map<Integer, float[]> table = Map.of(0, new float[] {0.8f, 0.9f, 0.3f, 0.9f, 0.1f, 0.6f, 0.6f, 0.2f});
        List<EvalCase> cases = List.of(evalCase(0, new int[] {4, 7, 5}, 2));
        EvaluationResult r =
                new Evaluator(config(1, 3, 5), Fixtures.empty(1, 8)).evaluate(new Fixtures.TableModel(8, table), cases);

        double idcg3 = 1 + 1 / LOG2_3 + 0.5;
        // k = 3: one hit at rank 1.
        assertThat(r.metric("hr@3")).isCloseTo(1, EPS);
        assertThat(r.metric("recall@3")).isCloseTo(1.0 / 3, EPS);
        assertThat(r.metric("precision@3")).isCloseTo(1.0 / 3, EPS);
        assertThat(r.metric("f1@3")).isCloseTo(1.0 / 3, EPS);
        assertThat(r.metric("ndcg@3")).isCloseTo(1 / idcg3, EPS);
        assertThat(r.metric("mrr@3")).isCloseTo(1, EPS);
        assertThat(r.metric("map@3")).isCloseTo(1.0 / 3, EPS);
        // k = 5: hits at ranks 1 and 4.
        assertThat(r.metric("recall@5")).isCloseTo(2.0 / 3, EPS);
        assertThat(r.metric("precision@5")).isCloseTo(0.4, EPS);
        assertThat(r.metric("f1@5")).isCloseTo(2 * 0.4 * (2.0 / 3) / (0.4 + 2.0 / 3), EPS);
        assertThat(r.metric("ndcg@5")).isCloseTo((1 + 1 / LOG2_5) / idcg3, EPS);
        // AP@5 = (P@1 + P@4) / min(3, 5) = (1 + 2/4) / 3.
        assertThat(r.metric("map@5")).isCloseTo(0.5, EPS);
        // Non-targets 1, 3, 6, 8. Target 4 beats all 4, target 7 beats 3 and 8 (6 ties),
        // target 5 beats none: 6 / 12.
        assertThat(r.metric("auc")).isCloseTo(0.5, EPS);
    }

    @Test
    void targetsTiedWithEachOtherBothTakeTheLaterRank() {
        // Items 1..4 scored 0.5 0.5 0.5 0.1; targets 1 and 2. Each has 2 other items tied with
        // it (the other target and item 3) -> both rank 3.
        Map<Integer, float[]> table = Map.of(0, new float[] {0.5f, 0.5f, 0.5f, 0.1f});
        EvaluationResult r = new Evaluator(config(1, 2, 3), Fixtures.empty(1, 4))
                .evaluate(new Fixtures.TableModel(4, table), List.of(evalCase(0, new int[] {1, 2})));
        assertThat(r.metric("hr@2")).isCloseTo(0, EPS);
        assertThat(r.metric("recall@3")).isCloseTo(1, EPS);
        assertThat(r.metric("precision@3")).isCloseTo(2.0 / 3, EPS);
        // DCG = 2 / log2(4) = 1; IDCG over 2 positions = 1 + 1/log2(3).
        assertThat(r.metric("ndcg@3")).isCloseTo(1 / (1 + 1 / LOG2_3), EPS);
        // Both hits at rank 3 with 2 targets ranked <= 3: AP = (2/3 + 2/3) / 2.
        assertThat(r.metric("map@3")).isCloseTo(2.0 / 3, EPS);
        assertThat(r.metric("mrr@3")).isCloseTo(1.0 / 3, EPS);
        // Non-targets 3 (tied: error) and 4 (below): each target gets 1 of 2 pairs right.
        assertThat(r.metric("auc")).isCloseTo(0.5, EPS);
    }

    @Test
    void nanScoresCountAsMinusInfinityAndAreCounted() {
        // Items 1..4 scored NaN 0.5 NaN 0.2; target 1 (NaN -> -inf); item 2 excluded.
        // Above: item 4. Tied at -inf: item 3 (the excluded item 2 does not count) -> rank 3.
        float nan = Float.NaN;
        Map<Integer, float[]> table = new HashMap<>();
        table.put(0, new float[] {nan, 0.5f, nan, 0.2f});
        table.put(1, new float[] {nan, 0.5f, nan, 0.2f});
        List<EvalCase> cases = List.of(
                evalCase(0, new int[] {1}, 2),
                // Two NaN targets 1 and 3: above each is item 4, tied the other target -> 3, 3.
                evalCase(1, new int[] {1, 3}, 2));
        EvaluationResult r =
                new Evaluator(config(1, 2, 3), Fixtures.empty(2, 4)).evaluate(new Fixtures.TableModel(4, table), cases);
        assertThat(r.perUser().get("mrr@3")).containsExactly(1.0 / 3, 1.0 / 3);
        assertThat(r.perUser().get("hr@2")).containsExactly(0.0, 0.0);
        assertThat(r.metric("nan_scores")).isEqualTo(4.0);
        assertThat(r.metrics().values()).allMatch(v -> !v.isNaN());
        // The excluded item is never listed even when scores are -inf: lists are [4, 1] and
        // [4, 1] (NaN ties broken by lower id), coverage@2 = 2 / 4.
        assertThat(r.metric("coverage@2")).isCloseTo(0.5, EPS);
    }

    @Test
    void usersWithoutTargetsAreSkippedAndEmptyCaseListsGiveZeros() {
        Map<Integer, float[]> table = Map.of(0, new float[] {0.3f, 0.2f, 0.1f}, 1, new float[] {0.3f, 0.2f, 0.1f});
        List<EvalCase> cases = List.of(evalCase(0, new int[0]), evalCase(1, new int[] {2}));
        EvaluationResult r =
                new Evaluator(config(1, 1, 2), Fixtures.empty(2, 3)).evaluate(new Fixtures.TableModel(3, table), cases);
        assertThat(r.users()).isEqualTo(1);
        assertThat(r.metric("skipped_users")).isEqualTo(1.0);
        assertThat(r.metric("hr@2")).isCloseTo(1, EPS);
        assertThat(r.perUser().get("hr@2")).containsExactly(1.0);

        EvaluationResult empty = new Evaluator(config(2, 1, 2), Fixtures.empty(2, 3))
                .evaluate(new Fixtures.TableModel(3, table), List.of());
        assertThat(empty.users()).isZero();
        assertThat(empty.metrics()).containsKeys("hr@1", "ndcg@2", "auc", "coverage@2", "gini@2", "diversity@2");
        assertThat(empty.metrics().values()).allMatch(v -> v == 0.0);
    }

    /**
     * Training: user 0 [1, 2], user 1 [1, 3], user 2 [1], user 3 nothing; items 1..5. Counts
     * 3 1 1 0 0; users with training U = 3; self-information -log2((u+1)/4) = 0 1 1 2 2. Cosine
     * of user sets: sim(1,2) = sim(1,3) = 1/sqrt(3), everything else 0.
     */
    private static TrainingData catalogueTraining(ItemCatalog catalog) {
        return Fixtures.training(5, new int[][] {{1, 2}, {1, 3}, {1}, {}}, catalog);
    }

    /** Top-2 lists: user 0 [1, 2], user 1 [1, 4], user 2 [4, 5]. */
    private static EvaluationResult catalogueRun(TrainingData train, int threads) {
        Map<Integer, float[]> table = new HashMap<>();
        table.put(0, new float[] {0.9f, 0.8f, 0.1f, 0.0f, 0.0f});
        table.put(1, new float[] {0.9f, 0.1f, 0.2f, 0.8f, 0.3f});
        table.put(2, new float[] {0.1f, 0.0f, 0.0f, 0.8f, 0.7f});
        List<EvalCase> cases =
                List.of(evalCase(0, new int[] {3}), evalCase(1, new int[] {5}), evalCase(2, new int[] {1}));
        return new Evaluator(config(threads, 1, 2), train).evaluate(new Fixtures.TableModel(5, table), cases);
    }

    @Test
    void catalogueMetricsMatchHandComputedValues() {
        EvaluationResult r = catalogueRun(catalogueTraining(ItemCatalog.empty()), 1);
        // Exposure@1: item 1 twice, item 4 once -> coverage 2/5; sorted counts 0 0 0 1 2:
        // Gini = ((2*4-6)*1 + (2*5-6)*2) / (5 * 3) = 10/15.
        assertThat(r.metric("coverage@1")).isCloseTo(0.4, EPS);
        assertThat(r.metric("gini@1")).isCloseTo(10.0 / 15, EPS);
        // Exposure@2: 2 1 0 2 1 -> coverage 4/5; sorted 0 1 1 2 2: (-2 + 0 + 4 + 8) / (5 * 6).
        assertThat(r.metric("coverage@2")).isCloseTo(0.8, EPS);
        assertThat(r.metric("gini@2")).isCloseTo(10.0 / 30, EPS);
        // Novelty@1: (0 + 0 + 2) / 3; @2: ((0+1)/2 + (0+2)/2 + (2+2)/2) / 3.
        assertThat(r.metric("novelty@1")).isCloseTo(2.0 / 3, EPS);
        assertThat(r.metric("novelty@2")).isCloseTo(3.5 / 3, EPS);
        // ARP@1: (3 + 3 + 0) / 3; @2: ((3+1)/2 + (3+0)/2 + 0) / 3.
        assertThat(r.metric("arp@1")).isCloseTo(2.0, EPS);
        assertThat(r.metric("arp@2")).isCloseTo(3.5 / 3, EPS);
        // Diversity@2: (1 - 1/sqrt 3) + (1 - 0) + (1 - 0), over 3 users; @1: single items -> 0.
        assertThat(r.metric("diversity@2")).isCloseTo((3 - 1 / Math.sqrt(3)) / 3, EPS);
        assertThat(r.metric("diversity@1")).isCloseTo(0, EPS);
        assertThat(r.perUser().get("diversity@2")).hasSize(3);

        EvaluationResult parallel = catalogueRun(catalogueTraining(ItemCatalog.empty()), 3);
        assertThat(parallel.metrics()).isEqualTo(r.metrics());
    }

    @Test
    void diversityUsesCategoryJaccardWhenTheCatalogueHasCategories() {
        // Categories: 1 {x,y}, 2 {y}, 3 {z}, 4 {x,y,z}, 5 none.
        // Jaccard(1,2) = 1/2, Jaccard(1,4) = 2/3, Jaccard(4,5) = 0 (5 has no category).
        ItemCatalog catalog = new ItemCatalog(Map.of(
                "i1", new ItemMeta("i1", null, List.of("x", "y"), Map.of()),
                "i2", new ItemMeta("i2", null, List.of("y"), Map.of()),
                "i3", new ItemMeta("i3", null, List.of("z"), Map.of()),
                "i4", new ItemMeta("i4", null, List.of("x", "y", "z", "x"), Map.of())));
        EvaluationResult r = catalogueRun(catalogueTraining(catalog), 1);
        assertThat(r.metric("diversity@2")).isCloseTo((0.5 + 1.0 / 3 + 1) / 3, EPS);
    }

    @Test
    void topListBreaksTiesByLowerItemId() {
        // All six items tie; top-2 lists are [1, 2] for every user: coverage@2 = 2/6, and
        // with item 1 excluded for user 1 its list is [2, 3] -> coverage 3/6.
        Map<Integer, float[]> table = Map.of(0, new float[6], 1, new float[6]);
        List<EvalCase> cases = List.of(evalCase(0, new int[] {6}), evalCase(1, new int[] {6}, 1));
        EvaluationResult r =
                new Evaluator(config(1, 2), Fixtures.empty(2, 6)).evaluate(new Fixtures.TableModel(6, table), cases);
        assertThat(r.metric("coverage@2")).isCloseTo(3.0 / 6, EPS);
        // Target 6 ties with everything: rank = number of candidates.
        assertThat(r.perUser().get("auc")).containsExactly(0.0, 0.0);
    }

    @Test
    void listsShorterThanKUseWhatIsLeft() {
        // Three items, two excluded: the only list is [3]; k = 5 still counts one exposure.
        Map<Integer, float[]> table = Map.of(0, new float[] {0.3f, 0.2f, 0.1f});
        EvaluationResult r = new Evaluator(new EvalConfig(new int[] {5, 2, 5}, 1, 0, 1L), Fixtures.empty(1, 3))
                .evaluate(new Fixtures.TableModel(3, table), List.of(evalCase(0, new int[] {3}, 1, 2)));
        assertThat(r.metric("hr@2")).isCloseTo(1, EPS);
        assertThat(r.metric("precision@5")).isCloseTo(0.2, EPS);
        assertThat(r.metric("coverage@5")).isCloseTo(1.0 / 3, EPS);
        assertThat(r.metric("diversity@5")).isCloseTo(0, EPS);
        // No non-target candidate is left: AUC counts 0.5.
        assertThat(r.metric("auc")).isCloseTo(0.5, EPS);
        // Cut-offs are sorted and de-duplicated.
        assertThat(r.metrics().keySet()).filteredOn(k -> k.startsWith("hr@")).containsExactly("hr@2", "hr@5");
    }

    @Test
    void invalidCasesAreRejectedWithTheCaseIndex() {
        Map<Integer, float[]> table = Map.of(0, new float[] {0.3f, 0.2f, 0.1f});
        Evaluator ev = new Evaluator(config(1, 1), Fixtures.empty(1, 3));
        Fixtures.TableModel model = new Fixtures.TableModel(3, table);
        assertThatThrownBy(() -> ev.evaluate(model, List.of(evalCase(0, new int[] {4}))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("case 0: target item 4 is outside 1..3");
        assertThatThrownBy(() -> ev.evaluate(model, List.of(evalCase(0, new int[] {2, 2}))))
                .hasMessage("case 0: target item 2 is listed twice");
        assertThatThrownBy(() -> ev.evaluate(new Fixtures.TableModel(4, Map.of()), List.of()))
                .hasMessageContaining("scores 4 items but the training data has 3");
    }

    @Test
    void anExcludedTargetIsAMissAtEveryCutOffAndStillCounts() {
        // Issue 18: target 2 repeats a history item and the whole history is masked. Items 1..5
        // scored 0.9 0.8 0.7 0.6 0.5, items 1 and 2 excluded. Single target: a miss everywhere,
        // AUC 0 (before issue 18 such a case was rejected; the splitters built masks that spared
        // the target instead, which handed it rank 1 here).
        Map<Integer, float[]> table = Map.of(0, new float[] {0.9f, 0.8f, 0.7f, 0.6f, 0.5f});
        Fixtures.TableModel model = new Fixtures.TableModel(5, table);
        Evaluator ev = new Evaluator(config(1, 1, 5), Fixtures.empty(1, 5));
        EvaluationResult miss = ev.evaluate(model, List.of(evalCase(0, new int[] {2}, 1, 2)));
        assertThat(miss.users()).isEqualTo(1);
        for (String m : List.of("hr@5", "recall@5", "ndcg@5", "mrr@5", "map@5", "precision@5", "f1@5", "auc")) {
            assertThat(miss.metric(m)).as(m).isCloseTo(0, EPS);
        }
        // The same case with only item 1 masked (repeat-aware): target 2 is rank 1.
        EvaluationResult reachable = ev.evaluate(model, List.of(evalCase(0, new int[] {2}, 1)));
        assertThat(reachable.metric("hr@1")).isCloseTo(1, EPS);
        assertThat(reachable.metric("auc")).isCloseTo(1, EPS);

        // Two targets, 3 rankable and 2 excluded: 3 is rank 1 among {3, 4, 5}; recall@5 = 1/2,
        // NDCG@5 = 1 / (1 + 1/log2(3)), MAP@5 = (1/1) / 2, AUC = (2 of 2 pairs + 0) / 2 targets.
        EvaluationResult mixed = ev.evaluate(model, List.of(evalCase(0, new int[] {3, 2}, 1, 2)));
        assertThat(mixed.metric("hr@1")).isCloseTo(1, EPS);
        assertThat(mixed.metric("recall@5")).isCloseTo(0.5, EPS);
        assertThat(mixed.metric("ndcg@5")).isCloseTo(1 / (1 + 1 / LOG2_3), EPS);
        assertThat(mixed.metric("map@5")).isCloseTo(0.5, EPS);
        assertThat(mixed.metric("mrr@5")).isCloseTo(1, EPS);
        assertThat(mixed.metric("auc")).isCloseTo(0.5, EPS);
        // Catalogue metrics still see the case's list (items 3, 4, 5).
        assertThat(mixed.metric("coverage@5")).isCloseTo(3.0 / 5, EPS);

        // Sampled mode: the excluded target is a miss too; the rankable one beats the draws.
        EvaluationResult sampled = new Evaluator(new EvalConfig(new int[] {1, 5}, 1, 100, 3L), Fixtures.empty(1, 5))
                .evaluate(model, List.of(new EvalCase(0, new int[] {1, 2}, new int[] {3, 2}, new int[] {1, 2})));
        assertThat(sampled.metric("hr@1")).isCloseTo(1, EPS);
        assertThat(sampled.metric("recall@5")).isCloseTo(0.5, EPS);
        assertThat(sampled.metric("auc")).isCloseTo(0.5, EPS);
    }

    @Test
    void sampledModeRanksAmongTargetAndFreeItemsOnly() {
        // Items 1..6 scored 9 9 0.5 0.7 0.5 0.1; history [1, 2], item 1 excluded, target 3.
        // Free items: 4, 5, 6 (2 is in the history): all of them are drawn when 100 are asked.
        // Among {3, 4, 5, 6}: above the target 4, tied 5 -> rank 3; AUC beats 6 only -> 1/3.
        Map<Integer, float[]> table = Map.of(0, new float[] {9f, 9f, 0.5f, 0.7f, 0.5f, 0.1f});
        EvalCase c = new EvalCase(0, new int[] {1, 2}, new int[] {3}, new int[] {1});
        EvaluationResult r = new Evaluator(new EvalConfig(new int[] {2, 3}, 1, 100, 9L), Fixtures.empty(1, 6))
                .evaluate(new Fixtures.TableModel(6, table), List.of(c));
        assertThat(r.metric("hr@2")).isCloseTo(0, EPS);
        assertThat(r.metric("mrr@3")).isCloseTo(1.0 / 3, EPS);
        assertThat(r.metric("auc")).isCloseTo(1.0 / 3, EPS);
    }

    @Test
    void sampledNegativesNeverIncludeHistoryItems() {
        // History items 1..10 score highest, the target 11 next, the rest 0. Drawing from the
        // 39 free items (12..50) the target always ranks first, for a sparse and a dense draw.
        float[] row = new float[50];
        for (int i = 0; i < 10; i++) {
            row[i] = 1f;
        }
        row[10] = 0.5f;
        Map<Integer, float[]> table = new HashMap<>();
        List<EvalCase> cases = new java.util.ArrayList<>();
        for (int u = 0; u < 40; u++) {
            table.put(u, row);
            cases.add(new EvalCase(u, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new int[] {11}, new int[0]));
        }
        for (int negatives : new int[] {10, 30}) {
            EvaluationResult r = new Evaluator(new EvalConfig(new int[] {1}, 2, negatives, 1L), Fixtures.empty(40, 50))
                    .evaluate(new Fixtures.TableModel(50, table), cases);
            assertThat(r.metric("hr@1")).as("negatives=" + negatives).isCloseTo(1, EPS);
            assertThat(r.metric("auc")).isCloseTo(1, EPS);
        }
        // Full ranking puts the ten history items first.
        EvaluationResult full = new Evaluator(new EvalConfig(new int[] {1}, 1, 0, 1L), Fixtures.empty(40, 50))
                .evaluate(new Fixtures.TableModel(50, table), cases);
        assertThat(full.metric("mrr@1")).isCloseTo(0, EPS);
    }
}
