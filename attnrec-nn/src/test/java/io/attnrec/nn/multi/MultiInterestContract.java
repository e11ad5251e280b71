package io.attnrec.nn.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TopK;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.multi.DiversityAggregation;
import io.attnrec.core.multi.Interest;
import io.attnrec.core.multi.InterestScores;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.prep.PrepConfig;
import io.attnrec.core.prep.Preparer;
import io.attnrec.core.split.Split;
import io.attnrec.core.split.UserSplitter;
import io.attnrec.core.synth.SynthConfig;
import io.attnrec.core.synth.SyntheticWorld;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every multi-interest model must do (SPEC C5), on a tiny synthetic world with two topics
 * and users holding one or both of them, under ComiRec's user split: learn it clearly better than
 * random ranking, score as the max over its interests, give the same scores for the same seed and
 * after save and load (diversity categories included), explain with the interest that produced an
 * item, make lists more diverse with a diversity lambda, and reject bad options by name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class MultiInterestContract {

    protected static final Dataset DATA = Preparer.prepare(
            SyntheticWorld.generate(SynthConfig.defaults()
                            .withUsers(300)
                            .withItems(60)
                            .withInterests(2)
                            .withTopics(2)
                            .withEvents(8, 16)
                            .withSeed(5))
                    .toRawData(),
            PrepConfig.none());

    protected static final Split SPLIT = new UserSplitter(UserSplitter.Config.defaults(3)).split(DATA);

    private MultiInterestRecommender trained;

    /** The model trained once for the whole class (closed after it). */
    protected MultiInterestRecommender trained() {
        return trained;
    }

    /** Registered model name. */
    protected abstract String modelName();

    /** Model-specific small options (merged over {@link #sharedOptions()}). */
    protected Map<String, String> extraOptions() {
        return Map.of();
    }

    /** Small shared options under which every model learns the world in a few seconds. */
    protected Map<String, String> sharedOptions() {
        Map<String, String> m = new HashMap<>(Map.of(
                "dim", "16",
                "interests", "2",
                "max_len", "16",
                "epochs", "25",
                "batch_size", "32",
                "lr", "0.01",
                "negatives", "40",
                "val_users", "30",
                "patience", "25",
                "progress", "false"));
        m.put("retrieve", "20");
        m.putAll(extraOptions());
        return m;
    }

    protected ModelProvider provider() {
        return Models.require(modelName());
    }

    @BeforeAll
    void trainOnce() {
        trained = (MultiInterestRecommender) provider().train(SPLIT.train(), new ModelOptions(sharedOptions()), 5L);
    }

    @AfterAll
    void release() {
        trained.close();
    }

    @Test
    void beatsRandomRankingOnHeldOutUsers() {
        // random ranking: recall@10 = 10 / (items not excluded), averaged over cases
        double random = SPLIT.test().stream()
                .mapToDouble(c -> Math.min(1.0, 10.0 / (DATA.numItems() - c.excluded().length)))
                .average()
                .orElseThrow();
        double recall = new Evaluator(EvalConfig.defaults().withKs(10), SPLIT.train())
                .evaluate(trained, SPLIT.test())
                .metric("recall@10");
        assertThat(recall).as("recall@10 vs random %.3f", random).isGreaterThan(1.5 * random);
        assertThat(trained.name()).isEqualTo(modelName());
        assertThat(trained.numItems()).isEqualTo(DATA.numItems());
    }

    @Test
    void scoringLeavesNoArraysOnTheModel() {
        int before = trained.manager().getManagedArrays().size();
        float[] scores = new float[DATA.numItems() + 1];
        for (EvalCase c : SPLIT.test().subList(0, 5)) {
            trained.score(c.user(), c.history(), scores);
            trained.interests(c.user(), c.history());
        }
        // every forward pass's arrays belong to its own manager, closed after the call
        assertThat(trained.manager().getManagedArrays().size()).isEqualTo(before);
    }

    @Test
    void trainingLeavesNoArraysPerStep() {
        Map<String, String> one = new HashMap<>(sharedOptions());
        one.put("epochs", "1");
        Map<String, String> three = new HashMap<>(one);
        three.put("epochs", "3");
        int[] counts = new int[2];
        int i = 0;
        for (Map<String, String> options : List.of(one, three)) {
            try (MultiInterestRecommender model =
                    (MultiInterestRecommender) provider().train(SPLIT.train(), new ModelOptions(options), 5L)) {
                counts[i++] = model.manager().getManagedArrays().size();
            }
        }
        // parameters and optimiser state only: three times the steps and validations, same count
        assertThat(counts[1]).isEqualTo(counts[0]);
    }

    /**
     * Every item's score is its interests' scores merged as the model's {@code merge} says: the
     * largest dot product ({@code max}, ComiRec-SA's and DR's default), the largest per-interest
     * log-softmax ({@code logprob}) or the log of the mean per-interest softmax ({@code mixture},
     * MIND's default since issue 19, session 12).
     */
    @Test
    void scoresAreTheMergeOverInterests() {
        assertThat(trained.maxInterests()).isBetween(2, 3);
        float[][] table = trained.itemTable();
        assertThat(table).hasNumberOfRows(DATA.numItems() + 1);
        for (EvalCase c : SPLIT.test().subList(0, 5)) {
            float[][] interests = trained.interests(c.user(), c.history());
            // K = 2, plus one with an order-aware interest (context_mode=interest or both)
            assertThat(interests.length).isBetween(1, trained.maxInterests());
            assertThat(interests[0]).hasSize(16);
            float[] expected = merged(interests, table, trained.retrieval().merge());
            float[] scores = new float[table.length];
            trained.score(c.user(), c.history(), scores);
            for (int i = 1; i < table.length; i++) {
                assertThat(scores[i]).isCloseTo(expected[i], within(1e-4f));
            }
        }
    }

    /**
     * The merge computed by hand from the interests and the item table (the softmaxes run over
     * every row, padding included, as the model's do).
     */
    private static float[] merged(float[][] interests, float[][] table, AggregationConfig.Merge merge) {
        float[][] dots = InterestScores.perInterest(interests, table);
        int n = dots[0].length;
        float[] out = new float[n];
        if (merge == AggregationConfig.Merge.MAX) {
            InterestScores.max(dots, out);
            return out;
        }
        for (int k = 0; k < dots.length; k++) {
            double pad = 0;
            for (int x = 0; x < table[0].length; x++) {
                pad += (double) interests[k][x] * table[0][x];
            }
            dots[k][0] = (float) pad;
        }
        double[] lse = new double[dots.length];
        for (int k = 0; k < dots.length; k++) {
            double top = Double.NEGATIVE_INFINITY;
            for (float v : dots[k]) {
                top = Math.max(top, v);
            }
            double sum = 0;
            for (float v : dots[k]) {
                sum += Math.exp(v - top);
            }
            lse[k] = top + Math.log(sum);
        }
        for (int i = 0; i < n; i++) {
            double best = Double.NEGATIVE_INFINITY;
            double mean = 0;
            for (int k = 0; k < dots.length; k++) {
                double logp = dots[k][i] - lse[k];
                best = Math.max(best, logp);
                mean += Math.exp(logp) / dots.length;
            }
            out[i] = (float) (merge == AggregationConfig.Merge.LOGPROB ? best : Math.log(mean));
        }
        return out;
    }

    @Test
    void sameSeedSameScores() {
        Map<String, String> fast = new HashMap<>(sharedOptions());
        fast.put("epochs", "2");
        try (MultiInterestRecommender a =
                        (MultiInterestRecommender) provider().train(SPLIT.train(), new ModelOptions(fast), 9L);
                MultiInterestRecommender b =
                        (MultiInterestRecommender) provider().train(SPLIT.train(), new ModelOptions(fast), 9L)) {
            int[] h = SPLIT.test().get(0).history();
            float[] sa = new float[DATA.numItems() + 1];
            float[] sb = new float[DATA.numItems() + 1];
            a.score(-1, h, sa);
            b.score(-1, h, sb);
            assertThat(sb).containsExactly(sa);
        }
    }

    @Test
    void saveAndLoadScoreIdentically(@TempDir Path dir) throws Exception {
        trained.save(dir);
        try (MultiInterestRecommender loaded =
                (MultiInterestRecommender) provider().load(dir)) {
            assertThat(loaded.categories()).containsExactly(trained.categories());
            assertThat(loaded.categorySource()).isEqualTo("catalog");
            int n = 8;
            int[][] histories = new int[n][];
            for (int i = 0; i < n; i++) {
                histories[i] = SPLIT.test().get(i).history();
            }
            for (Recommender[] pair :
                    new Recommender[][] {{trained, loaded}, {trained.withDiversity(0.5), loaded.withDiversity(0.5)}}) {
                float[][] before = new float[n][DATA.numItems() + 1];
                float[][] after = new float[n][DATA.numItems() + 1];
                pair[0].scoreBatch(new int[n], histories, before);
                pair[1].scoreBatch(new int[n], histories, after);
                for (int u = 0; u < n; u++) {
                    assertThat(after[u]).containsExactly(before[u]);
                }
            }
        }
    }

    @Test
    void paddingNeverChangesScores() {
        int[] shortHistory = SPLIT.test().get(1).history();
        shortHistory = Arrays.copyOf(shortHistory, Math.min(3, shortHistory.length));
        float[] alone = new float[DATA.numItems() + 1];
        trained.score(-1, shortHistory, alone);
        float[][] batch = new float[2][DATA.numItems() + 1];
        trained.scoreBatch(new int[] {-1, -1}, new int[][] {SPLIT.test().get(0).history(), shortHistory}, batch);
        for (int i = 1; i <= DATA.numItems(); i++) {
            assertThat(batch[1][i]).isCloseTo(alone[i], within(1e-4f));
        }
    }

    @Test
    void explanationsNameTheInterestThatProducedTheItem() {
        EvalCase c = SPLIT.test().get(2);
        float[] scores = new float[DATA.numItems() + 1];
        trained.score(c.user(), c.history(), scores);
        int item = TopK.select(scores, 1, c.history())[0];
        Explanation e = trained.explain(c.user(), c.history(), item);
        float[][] per = InterestScores.perInterest(trained.interests(c.user(), c.history()), trained.itemTable());
        if (trained.retrieval().merge() != AggregationConfig.Merge.MAX) {
            // the other merges read each interest's log-softmax over every item, so the interest
            // that gives an item its score is the one that gives it the largest probability
            for (float[] row : per) {
                double[] wide = new double[row.length];
                for (int i = 0; i < row.length; i++) {
                    wide[i] = row[i];
                }
                float log = (float) InterestMergeTest.logSumExp(wide);
                for (int i = 0; i < row.length; i++) {
                    row[i] -= log;
                }
            }
        }
        assertThat(e.item()).isEqualTo(item);
        assertThat(e.interest()).isEqualTo(InterestScores.argmax(per, item));
        assertThat(e.contributions()).hasSize(Math.min(16, c.history().length));
        e.contributions().forEach(x -> {
            assertThat(c.history()[x.position()]).isEqualTo(x.item());
            assertThat(x.weight()).isBetween(0.0, 1.0 + 1e-6);
        });
        List<Interest> interests = trained.explainInterests(c.user(), c.history(), 5);
        assertThat(interests).hasSize(per.length);
        for (Interest in : interests) {
            assertThat(in.topItems()).hasSize(5).doesNotContain(c.history());
            assertThat(in.topScores()[0]).isGreaterThanOrEqualTo(in.topScores()[4]);
            assertThat(in.history()).hasSize(e.contributions().size());
        }
    }

    @Test
    void diversityLambdaMakesListsMoreDiverse() {
        int[] cats = trained.categories();
        double[] lambdas = {0, 1, 100};
        double[] diversity = new double[lambdas.length];
        for (int l = 0; l < lambdas.length; l++) {
            Recommender r = trained.withDiversity(lambdas[l]);
            for (EvalCase c : SPLIT.test()) {
                float[] s = new float[DATA.numItems() + 1];
                r.score(c.user(), c.history(), s);
                diversity[l] += DiversityAggregation.categoryDiversity(TopK.select(s, 10, c.history()), cats);
            }
        }
        assertThat(diversity[1]).isGreaterThanOrEqualTo(diversity[0]);
        assertThat(diversity[2]).isGreaterThan(diversity[0]);
        // lambda = 0 ranks exactly as the plain model
        float[] plain = new float[DATA.numItems() + 1];
        float[] zero = new float[DATA.numItems() + 1];
        int[] h = SPLIT.test().get(0).history();
        trained.score(-1, h, plain);
        trained.withDiversity(0).score(-1, h, zero);
        assertThat(zero).containsExactly(plain);
        assertThatThrownBy(() -> trained.withDiversity(-1)).hasMessageContaining("diversity");
    }

    @Test
    void rejectsUnknownAndInvalidOptions() {
        TrainingData data = SPLIT.train();
        assertThatThrownBy(() -> provider().train(data, ModelOptions.parsePairs("colour=blue"), 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("colour");
        for (String bad :
                List.of("interests=0", "max_len=0", "dim=0", "diversity=-1", "negatives=0", "epochs=0", "retrieve=0")) {
            String key = bad.substring(0, bad.indexOf('='));
            assertThatThrownBy(() -> provider().train(data, ModelOptions.parsePairs(bad), 1L))
                    .as(bad)
                    .hasMessageContaining(key);
        }
    }
}
