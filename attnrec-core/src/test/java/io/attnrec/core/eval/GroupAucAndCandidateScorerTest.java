package io.attnrec.core.eval;

import static io.attnrec.core.eval.Fixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.model.CandidateScorer;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** {@code gauc} against hand-computed numbers, and the {@link CandidateScorer} path of the sampled mode. */
class GroupAucAndCandidateScorerTest {

    private static final Offset<Double> EPS = within(1e-12);

    @Test
    void gaucWeightsEachUsersAucByItsNumberOfTargets() {
        // User 0: items 1..6 scored 0.9 0.5 0.7 0.5 0.1 0.5, target 2, item 1 excluded. Non-targets
        // 3, 4, 5, 6; only item 5 is strictly below the target (ties are errors) -> AUC 1/4.
        // User 1: items scored 0.9 0.8 0.7 0.6 0.5 0.4, targets 1, 4, 6. Non-targets 2, 3, 5.
        // Target 1 beats 3 of them, target 4 beats item 5 (1), target 6 beats none -> AUC 4/9.
        // User 2 has no target: skipped, no weight.
        // auc = (1/4 + 4/9) / 2; gauc = (1 * 1/4 + 3 * 4/9) / (1 + 3) = (1/4 + 4/3) / 4.
        Map<Integer, float[]> table = Map.of(
                0, new float[] {0.9f, 0.5f, 0.7f, 0.5f, 0.1f, 0.5f},
                1, new float[] {0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f},
                2, new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f});
        List<EvalCase> cases = List.of(
                Fixtures.evalCase(0, new int[] {2}, 1),
                Fixtures.evalCase(1, new int[] {1, 4, 6}),
                Fixtures.evalCase(2, new int[0]));
        for (int threads : new int[] {1, 3}) {
            EvaluationResult r = new Evaluator(config(threads, 1, 3), Fixtures.empty(3, 6))
                    .evaluate(new Fixtures.TableModel(6, table), cases);
            assertThat(r.perUser().get("auc")).containsExactly(0.25, 4.0 / 9);
            assertThat(r.metric("auc")).isCloseTo((0.25 + 4.0 / 9) / 2, EPS);
            assertThat(r.metric("gauc")).isCloseTo((0.25 + 4.0 / 3) / 4, EPS);
        }
    }

    @Test
    void gaucEqualsAucWithOneTargetPerUserAndIsZeroWithoutCases() {
        Map<Integer, float[]> table = Map.of(
                0, new float[] {0.9f, 0.5f, 0.7f, 0.5f, 0.1f, 0.5f}, 1, new float[] {0.1f, 0.2f, 0.3f, 0.4f, 1f, 0f});
        List<EvalCase> cases = List.of(Fixtures.evalCase(0, new int[] {2}, 1), Fixtures.evalCase(1, new int[] {5}));
        EvaluationResult r =
                new Evaluator(config(1, 1), Fixtures.empty(2, 6)).evaluate(new Fixtures.TableModel(6, table), cases);
        // (1/4 + 5/5) / 2
        assertThat(r.metric("gauc")).isCloseTo(0.625, EPS).isCloseTo(r.metric("auc"), EPS);
        EvaluationResult none = new Evaluator(config(1, 1), Fixtures.empty(2, 6))
                .evaluate(new Fixtures.TableModel(6, table), List.of());
        assertThat(none.metric("gauc")).isZero();
    }

    @Test
    void sampledModeWithACandidateScorerNeverScoresTheCatalogueAndGivesTheSameNumbers() {
        int numItems = 60;
        Random random = new Random(11);
        int[][] seqs = new int[30][];
        List<EvalCase> cases = new ArrayList<>();
        for (int u = 0; u < seqs.length; u++) {
            int[] s = random.ints(1 + random.nextInt(6), 1, numItems + 1)
                    .distinct()
                    .toArray();
            seqs[u] = s;
            int target;
            do {
                target = 1 + random.nextInt(numItems);
            } while (contains(s, target));
            cases.add(new EvalCase(
                    u,
                    s,
                    new int[] {target},
                    java.util.Arrays.stream(s).sorted().toArray()));
        }
        TrainingData train = Fixtures.training(numItems, seqs);
        Fixtures.HashModel full = new Fixtures.HashModel(numItems, 50);
        CountingCandidateModel candidates = new CountingCandidateModel(numItems, 50);
        for (int threads : new int[] {1, 2}) {
            EvalConfig sampled = new EvalConfig(new int[] {1, 5, 10}, threads, 20, 7L);
            EvaluationResult a = new Evaluator(sampled, train).evaluate(full, cases);
            EvaluationResult b = new Evaluator(sampled, train).evaluate(candidates, cases);
            assertThat(b.metrics()).isEqualTo(a.metrics());
            assertThat(b.perUser().get("auc")).containsExactly(a.perUser().get("auc"));
        }
        assertThat(candidates.fullScores.get()).isZero();
        // 30 cases x 2 runs, each one call with the target and 20 drawn items.
        assertThat(candidates.candidateCalls.get()).isEqualTo(60);
        assertThat(candidates.candidatesScored.get()).isEqualTo(60 * 21);
        // Full ranking does not use the candidate path.
        new Evaluator(new EvalConfig(new int[] {10}, 1, 0, 7L), train).evaluate(candidates, cases);
        assertThat(candidates.fullScores.get()).isEqualTo(30);
    }

    private static boolean contains(int[] a, int x) {
        for (int v : a) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }

    /** The hash model's scores, also through {@link CandidateScorer}; counts the calls of each path. */
    private static final class CountingCandidateModel extends Fixtures.HashModel implements CandidateScorer {
        final AtomicInteger fullScores = new AtomicInteger();
        final AtomicInteger candidateCalls = new AtomicInteger();
        final AtomicInteger candidatesScored = new AtomicInteger();
        private final int numItems;

        CountingCandidateModel(int numItems, int levels) {
            super(numItems, levels);
            this.numItems = numItems;
        }

        @Override
        public void score(int user, int[] history, float[] scores) {
            fullScores.incrementAndGet();
            super.score(user, history, scores);
        }

        @Override
        public void scoreCandidates(int user, int[] history, int[] items, float[] out) {
            candidateCalls.incrementAndGet();
            candidatesScored.addAndGet(items.length);
            float[] all = new float[numItems + 1];
            super.score(user, history, all);
            for (int j = 0; j < items.length; j++) {
                out[j] = all[items[j]];
            }
        }
    }
}
