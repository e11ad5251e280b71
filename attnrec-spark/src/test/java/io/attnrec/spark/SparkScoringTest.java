package io.attnrec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.data.DataLoaders;
import io.attnrec.core.data.Event;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.LoadOptions;
import io.attnrec.core.data.RawData;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.experiment.TrainedModel;
import io.attnrec.core.model.ArtifactInfo;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.TopK;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.prep.PrepConfig;
import io.attnrec.core.prep.Preparer;
import io.attnrec.core.split.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed evaluation equals the single-machine evaluator (every metric within 1e-9), and the
 * distributed top-K equals {@code TopK} on the loaded model, for saved models trained in the test.
 */
class SparkScoringTest {

    private static SparkSession spark;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkSessions.start("local[2]", 2);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** 120 users with 6..25 events on 50 items, a preference per user so that models differ from pop. */
    static Dataset syntheticData() {
        Random r = new Random(5);
        List<Event> events = new ArrayList<>();
        long t = 0;
        for (int u = 0; u < 120; u++) {
            int len = 6 + r.nextInt(20);
            int base = r.nextInt(50);
            for (int j = 0; j < len; j++) {
                int item = (base + (int) Math.abs(r.nextGaussian() * 6)) % 50;
                events.add(new Event("u" + u, "i" + item, t++, Float.NaN, null));
            }
        }
        return Preparer.prepare(
                new RawData("synthetic", "memory", events, ItemCatalog.empty(), 0),
                new PrepConfig(true, Double.NaN, 0, 4, 0));
    }

    /** Trains {@code spec} on the leave-one-out split of {@code d} and saves it. */
    private static Path save(Dataset d, Split split, String spec, Path dir) throws IOException {
        TrainedModel trained = Experiments.train(split, ModelSpec.parse(spec), 42);
        ArtifactInfo info = new ArtifactInfo(
                trained.spec().name(),
                Map.of(),
                42,
                d.name(),
                ModelArtifact.fingerprint(split.train()),
                Map.of(),
                trained.trainSeconds());
        ModelArtifact.save(dir, trained.model(), info, split.train(), d.users());
        return dir;
    }

    private static void assertSameEvaluation(Path modelDir, Dataset d, EvalConfig config) throws IOException {
        LoadedModel loaded = ModelArtifact.load(modelDir);
        Split split = Experiments.splitOf(loaded, d, "loo", d.name());
        Evaluator evaluator = new Evaluator(config, split.train());
        EvaluationResult single = evaluator.evaluate(loaded.model(), split.test());
        EvaluationResult distributed = SparkEvaluation.evaluate(spark, modelDir, evaluator, config, split.test(), 3);
        assertThat(distributed.users()).isEqualTo(single.users());
        assertThat(distributed.metrics().keySet())
                .containsExactlyElementsOf(single.metrics().keySet());
        single.metrics()
                .forEach((name, value) -> assertThat(distributed.metrics().get(name))
                        .as(loaded.info().model() + " " + name)
                        .isCloseTo(value, within(1e-9)));
    }

    @Test
    void evaluationAndTopKOnSyntheticDataMatchTheSingleMachine() throws IOException {
        Dataset d = syntheticData();
        Split split = Experiments.split(d, "loo", 42);
        EvalConfig config = new EvalConfig(new int[] {5, 10, 20}, 2, 0, 42);
        for (String spec : List.of("pop", "bpr:epochs=5", "sasrec:epochs=2:dim=16:blocks=1:max_len=20")) {
            Path dir = save(
                    d, split, spec, tmp.resolve("syn-" + spec.replace(':', '_').replace('=', '_')));
            assertSameEvaluation(dir, d, config);
        }
        // sampled negatives take the same seeded draws per case on any partition
        assertSameEvaluation(tmp.resolve("syn-pop"), d, new EvalConfig(new int[] {10}, 1, 20, 7));

        Path sasrec = tmp.resolve("syn-sasrec_epochs_2_dim_16_blocks_1_max_len_20");
        LoadedModel m = ModelArtifact.load(sasrec);
        List<Row> rows = SparkRecommend.topK(spark, sasrec, m.users().size(), 5, 3)
                .orderBy("user", "rank")
                .collectAsList();
        assertThat(rows).hasSize(5 * m.users().size());
        for (int u = 0; u < m.users().size(); u++) {
            float[] scores = new float[m.model().numItems() + 1];
            m.model().score(u, m.histories()[u], scores);
            int[] top = TopK.select(scores, 5, m.histories()[u]);
            String user = m.users().external(u);
            List<Row> mine =
                    rows.stream().filter(r -> r.getString(0).equals(user)).toList();
            assertThat(mine).hasSize(5);
            for (int r = 0; r < 5; r++) {
                assertThat(mine.get(r).getInt(1)).isEqualTo(r + 1);
                assertThat(mine.get(r).getString(2)).isEqualTo(m.items().external(top[r]));
                assertThat(mine.get(r).getFloat(3)).isCloseTo(scores[top[r]], within(1e-5f));
            }
        }
    }

    @Test
    void evaluationOnMovieLens100kMatchesTheSingleMachine() throws IOException {
        Path ml = SparkPrepareTest.sharedData("ml-100k");
        Dataset d = Preparer.prepare(DataLoaders.load(ml, "auto", LoadOptions.strict()), PrepConfig.none());
        Split split = Experiments.split(d, "loo", 42);
        EvalConfig config = new EvalConfig(new int[] {5, 10, 20}, 2, 0, 42);
        for (String spec : List.of("pop", "ease")) {
            assertSameEvaluation(save(d, split, spec, tmp.resolve("ml-" + spec)), d, config);
        }
    }

    @Test
    void topKForTheUsersOfAnotherDataSetScoresTheirHistoriesThere() throws IOException {
        Dataset d = syntheticData();
        Split split = Experiments.split(d, "loo", 42);
        Path sasrec = save(d, split, "sasrec:epochs=1:dim=8:blocks=1:max_len=20", tmp.resolve("other-sasrec"));
        LoadedModel m = ModelArtifact.load(sasrec);
        // today's log: every known user's whole history (test items included), plus events on an item
        // the model never saw, a new user with known items and one whose only item is new
        StringBuilder csv = new StringBuilder("user,item,timestamp\n");
        long t = 0;
        int newEvents = 0;
        for (int u = 0; u < d.users().size(); u++) {
            for (int item : d.sequences()[u]) {
                csv.append(d.users().external(u))
                        .append(',')
                        .append(d.items().external(item))
                        .append(',')
                        .append(t++)
                        .append('\n');
                if (u < 5 && item % 3 == 0) {
                    csv.append(d.users().external(u))
                            .append(",brand-new,")
                            .append(t++)
                            .append('\n');
                    newEvents++;
                }
            }
        }
        for (String item : List.of("i1", "i2", "i3")) {
            csv.append("stranger,").append(item).append(',').append(t++).append('\n');
        }
        csv.append("ghost,brand-new,").append(t++).append('\n');
        newEvents++;
        Path log = tmp.resolve("today.csv");
        java.nio.file.Files.writeString(log, csv);
        SparkEvents.Raw events = SparkEvents.read(spark, log, "csv", io.attnrec.core.data.LoadOptions.strict());
        Path prepared = tmp.resolve("today-prepared");
        PreparedData.write(
                events, SparkPreparer.prepare(events.events(), PrepConfig.none()), PrepConfig.none(), prepared);

        SparkRecommend.DataScored scored = SparkRecommend.topK(spark, sasrec, prepared, 5, 3);
        List<Row> rows = scored.rows().orderBy("user", "rank").collectAsList();
        assertThat(scored.knownItems()).isEqualTo(m.model().numItems());
        assertThat(scored.dataItems()).isEqualTo(m.model().numItems() + 1);
        assertThat(scored.droppedEvents()).isEqualTo(newEvents);
        assertThat(scored.coldUsers()).isEqualTo(1);
        assertThat(rows).hasSize(5 * (d.users().size() + 2));

        List<int[]> expectedHistories = new ArrayList<>();
        List<Integer> expectedIds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int u = 0; u < d.users().size(); u++) {
            // a known user keeps its id, and its history is today's (one more item than it trained on)
            expectedIds.add(u);
            expectedHistories.add(d.sequences()[u]);
            names.add(d.users().external(u));
        }
        expectedIds.add(-1);
        expectedHistories.add(new int[] {
            m.items().get("i1").getAsInt(),
            m.items().get("i2").getAsInt(),
            m.items().get("i3").getAsInt()
        });
        names.add("stranger");
        expectedIds.add(-1);
        expectedHistories.add(new int[0]);
        names.add("ghost");
        for (int j = 0; j < names.size(); j++) {
            float[] scores = new float[m.model().numItems() + 1];
            m.model().score(expectedIds.get(j), expectedHistories.get(j), scores);
            int[] top = TopK.select(scores, 5, expectedHistories.get(j));
            String user = names.get(j);
            List<Row> mine =
                    rows.stream().filter(r -> r.getString(0).equals(user)).toList();
            assertThat(mine).as(user).hasSize(5);
            for (int r = 0; r < 5; r++) {
                assertThat(mine.get(r).getString(2))
                        .as(user + " rank " + (r + 1))
                        .isEqualTo(m.items().external(top[r]));
                assertThat(mine.get(r).getFloat(3)).isCloseTo(scores[top[r]], within(1e-5f));
            }
        }
    }

    @Test
    void topKForAnotherDataSetRefusesAFolderThatIsNotPrepared() {
        assertThatThrownBy(() -> SparkRecommend.topK(spark, tmp.resolve("syn-pop"), tmp, 5, 2))
                .hasMessageContaining("not a prepared data set");
    }
}
