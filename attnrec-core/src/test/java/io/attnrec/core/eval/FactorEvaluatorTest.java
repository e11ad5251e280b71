package io.attnrec.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.FactorScorer;
import io.attnrec.core.model.FactorTable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The evaluator's fast path for {@link FactorScorer} models (users encoded per batch, scores from
 * the blocked kernel) against the metrics written from their definitions and against the same
 * evaluator reading the model's own {@code score}: single-vector and K-interest models, fused and
 * plain arithmetic with biases, coarse factors (many exact ties) and fine ones, 1 and 3 threads.
 */
class FactorEvaluatorTest {

    private static final int NUM_ITEMS = 150; // two full 64-item panels and a partial one
    private static final int[] KS = {1, 5, 10};

    @ParameterizedTest(name = "interests {0}, fused {1}, coarse {2}, threads {3}")
    @CsvSource({
        "1, true, true, 1",
        "1, true, false, 3",
        "3, true, true, 1",
        "3, true, false, 3",
        "1, false, true, 1",
        "1, false, false, 3"
    })
    void fastPathGivesTheReferenceMetrics(int interests, boolean fused, boolean coarse, int threads) {
        Random random = new Random(17 + interests);
        TrainingData train = training(random, 30);
        List<EvalCase> cases = cases(random, 400);
        FactorModel model = new FactorModel(NUM_ITEMS, 5, interests, fused, coarse, 99L);
        Evaluator evaluator = new Evaluator(new EvalConfig(KS, threads, 0, 1L), train);
        evaluator.minKernelWork = 0; // the kernel path even on this small pass
        EvaluationResult fast = evaluator.evaluate(model, cases);
        assertThat(model.encodings.get())
                .as("batches encoded through userFactors")
                .isPositive();

        Recommender plain = plain(model);
        EvaluationResult slow = new Evaluator(new EvalConfig(KS, 1, 0, 1L), train).evaluate(plain, cases);
        assertThat(fast.metrics()).isEqualTo(slow.metrics());
        for (String key : slow.perUser().keySet()) {
            assertThat(fast.perUser().get(key))
                    .as(key)
                    .containsExactly(slow.perUser().get(key));
        }
        Map<String, Double> want = EvaluatorReferenceTest.reference(plain, train, cases);
        for (Map.Entry<String, Double> e : want.entrySet()) {
            assertThat(fast.metric(e.getKey())).as(e.getKey()).isCloseTo(e.getValue(), within(1e-9));
        }
        if (coarse) {
            assertThat(model.ties(cases))
                    .as("the coarse factors must produce tied targets")
                    .isPositive();
        }
    }

    @org.junit.jupiter.api.Test
    void smallPassesUseTheModelsOwnScores() {
        Random random = new Random(3);
        TrainingData train = training(random, 10);
        List<EvalCase> cases = cases(random, 50);
        FactorModel model = new FactorModel(NUM_ITEMS, 5, 1, true, true, 1L);
        EvaluationResult r = new Evaluator(new EvalConfig(KS, 1, 0, 1L), train).evaluate(model, cases);
        assertThat(model.encodings.get())
                .as("no kernel warm-up for 50 x 150 x 5 multiply-adds")
                .isZero();
        assertThat(r.metrics())
                .isEqualTo(new Evaluator(new EvalConfig(KS, 1, 0, 1L), train)
                        .evaluate(plain(model), cases)
                        .metrics());
    }

    /** The same model seen only as a {@link Recommender} (the evaluator's general path). */
    private static Recommender plain(FactorModel m) {
        return new Recommender() {
            @Override
            public String name() {
                return m.name();
            }

            @Override
            public int numItems() {
                return m.numItems();
            }

            @Override
            public void score(int user, int[] history, float[] scores) {
                m.score(user, history, scores);
            }
        };
    }

    /**
     * Factors drawn from the user id (or the history for unknown users) and the item; {@code
     * score} is the straightforward loop in the table's arithmetic. Coarse factors are multiples
     * of 0.5 in [-1, 1], whose dot products are exact, so many items tie.
     */
    static final class FactorModel implements Recommender, FactorScorer {
        final int numItems;
        final int dim;
        final int interests;
        final boolean fused;
        final boolean coarse;
        final long seed;
        final float[][] items;
        final float[] bias;
        final AtomicInteger encodings = new AtomicInteger();

        FactorModel(int numItems, int dim, int interests, boolean fused, boolean coarse, long seed) {
            this.numItems = numItems;
            this.dim = dim;
            this.interests = interests;
            this.fused = fused;
            this.coarse = coarse;
            this.seed = seed;
            Random r = new Random(seed);
            items = new float[numItems + 1][dim];
            for (float[] row : items) {
                for (int d = 0; d < dim; d++) {
                    row[d] = value(r);
                }
            }
            if (fused && interests > 1) {
                bias = null;
            } else {
                bias = new float[numItems + 1];
                for (int i = 0; i <= numItems; i++) {
                    bias[i] = coarse ? r.nextInt(3) * 0.5f : (float) r.nextGaussian() * 0.1f;
                }
            }
        }

        private float value(Random r) {
            return coarse ? (r.nextInt(5) - 2) * 0.5f : (float) r.nextGaussian();
        }

        @Override
        public String name() {
            return "factor";
        }

        @Override
        public int numItems() {
            return numItems;
        }

        float[][] rows(int user, int[] history) {
            long key = user >= 0 ? user : 1000 + Arrays.hashCode(history);
            Random r = new Random(seed * 31 + key);
            // between 1 and `interests` active rows
            int k = 1 + r.nextInt(interests);
            float[][] rows = new float[k][dim];
            for (float[] row : rows) {
                for (int d = 0; d < dim; d++) {
                    row[d] = value(r);
                }
            }
            return rows;
        }

        @Override
        public void score(int user, int[] history, float[] scores) {
            float[][] rows = rows(user, history);
            for (int i = 0; i <= numItems; i++) {
                float best = Float.NEGATIVE_INFINITY;
                for (float[] u : rows) {
                    float acc = bias == null ? 0f : bias[i];
                    for (int d = 0; d < dim; d++) {
                        acc = fused ? Math.fma(u[d], items[i][d], acc) : acc + u[d] * items[i][d];
                    }
                    best = Math.max(best, acc);
                }
                scores[i] = best;
            }
        }

        @Override
        public FactorTable factorTable() {
            return new FactorTable(items, bias, fused);
        }

        @Override
        public float[][][] userFactors(int[] users, int[][] histories) {
            encodings.incrementAndGet();
            float[][][] out = new float[users.length][][];
            for (int b = 0; b < users.length; b++) {
                out[b] = rows(users[b], histories[b]);
            }
            return out;
        }

        /** Cases whose first target ties with some other item. */
        int ties(List<EvalCase> cases) {
            int n = 0;
            float[] s = new float[numItems + 1];
            for (EvalCase c : cases) {
                if (c.targets().length == 0) {
                    continue;
                }
                score(c.user(), c.history(), s);
                int t = c.targets()[0];
                for (int i = 1; i <= numItems; i++) {
                    if (i != t && s[i] == s[t]) {
                        n++;
                        break;
                    }
                }
            }
            return n;
        }
    }

    static TrainingData training(Random random, int numUsers) {
        int[][] seqs = new int[numUsers][];
        for (int u = 0; u < numUsers; u++) {
            seqs[u] = IntStream.range(0, random.nextInt(8))
                    .map(x -> 1 + (int) (NUM_ITEMS * Math.pow(random.nextDouble(), 3)))
                    .toArray();
        }
        return Fixtures.training(NUM_ITEMS, seqs);
    }

    static List<EvalCase> cases(Random random, int n) {
        List<EvalCase> out = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            int user = random.nextInt(10) == 0 ? -1 : random.nextInt(30);
            List<Integer> perm =
                    new ArrayList<>(IntStream.rangeClosed(1, NUM_ITEMS).boxed().toList());
            java.util.Collections.shuffle(perm, random);
            int numTargets = random.nextInt(12) == 0 ? 0 : 1 + (random.nextBoolean() ? 0 : random.nextInt(4));
            int numExcluded = random.nextInt(8);
            int[] targets = perm.subList(0, numTargets).stream()
                    .mapToInt(Integer::intValue)
                    .toArray();
            int[] excluded = perm.subList(numTargets, numTargets + numExcluded).stream()
                    .mapToInt(Integer::intValue)
                    .sorted()
                    .toArray();
            int[] history = IntStream.concat(Arrays.stream(excluded), IntStream.of(perm.get(NUM_ITEMS - 1)))
                    .toArray();
            out.add(new EvalCase(user, history, targets, excluded));
        }
        return out;
    }
}
