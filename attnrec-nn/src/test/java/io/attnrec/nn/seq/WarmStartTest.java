package io.attnrec.nn.seq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.attnrec.core.data.Event;
import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.experiment.UpdateOutcome;
import io.attnrec.core.experiment.UseCases;
import io.attnrec.core.experiment.UseCases.StoredEvents;
import io.attnrec.core.experiment.UseCases.UpdateConfig;
import io.attnrec.core.experiment.UseCases.WarmStarted;
import io.attnrec.core.model.FineTuneSchedule;
import io.attnrec.core.model.FineTuneSelection;
import io.attnrec.core.model.FineTuneValidation;
import io.attnrec.core.model.Lineage;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.Manifest;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.NewItemInit;
import io.attnrec.core.model.WarmStartConfig;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.split.HistoryMask;
import io.attnrec.nn.train.OptimizerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warm start of a sequential model (issue 16) on a small topic world that grows: four topics of
 * eight items, then four more items per topic, more events for half the users and new users.
 */
class WarmStartTest {

    private static final Map<String, String> SMALL = Map.of(
            "max_len", "12",
            "dim", "16",
            "blocks", "1",
            "heads", "1",
            "dropout", "0.1",
            "epochs", "6",
            "batch_size", "16",
            "lr", "0.01",
            "weight_decay", "0",
            "progress", "false");
    private static final EvalConfig EVAL = EvalConfig.defaults();
    private static final long SEED = 11L;

    @TempDir
    static Path dir;

    private static Path parentDir;

    @BeforeAll
    static void trainParent() throws Exception {
        Dataset first = world(8, 40, 0, 0);
        parentDir = dir.resolve("parent");
        UseCases.Saved saved = UseCases.trainAndSave(
                first,
                io.attnrec.core.experiment.Experiments.split(first, "loo", SEED),
                new ModelSpec("sasrec", new ModelOptions(SMALL), "sasrec"),
                SEED,
                EVAL,
                Map.of(),
                parentDir);
        ((AutoCloseable) saved.trained().model()).close();
    }

    /**
     * Users {@code u0..} each follow one topic's items in a cycle; topic t's items are {@code
     * t<t>-<k>} for k below {@code itemsPerTopic}. The first 40 users have 10 events; {@code
     * extended} of them have {@code 6} more; {@code newUsers} users follow after.
     */
    static Dataset world(int itemsPerTopic, int users, int extended, int newUsers) {
        Random rng = new Random(5);
        List<Event> events = new ArrayList<>();
        long t = 0;
        for (int u = 0; u < users + newUsers; u++) {
            int topic = u % 4;
            int start = rng.nextInt(8);
            int length = u < users ? 10 + (u < extended ? 6 : 0) : 10;
            int cycle = u < users && !(u < extended) ? 8 : itemsPerTopic;
            for (int k = 0; k < length; k++) {
                // the first ten events of an old user are the same in every phase
                int c = k < 10 && u < users ? 8 : cycle;
                events.add(new Event("u" + u, "t" + topic + "-" + ((start + k) % c), t++, Float.NaN, null));
            }
        }
        return dataset("topics", events);
    }

    static Dataset dataset(String name, List<Event> events) {
        IdMap users = new IdMap(false);
        IdMap items = new IdMap(true);
        List<List<Integer>> seqs = new ArrayList<>();
        List<List<Long>> times = new ArrayList<>();
        for (Event e : events) {
            int u = users.add(e.user());
            int i = items.add(e.item());
            if (u == seqs.size()) {
                seqs.add(new ArrayList<>());
                times.add(new ArrayList<>());
            }
            seqs.get(u).add(i);
            times.get(u).add(e.timestamp());
        }
        int[][] s = seqs.stream()
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
        long[][] ts = times.stream()
                .map(l -> l.stream().mapToLong(Long::longValue).toArray())
                .toArray(long[][]::new);
        return new Dataset(name, users, items, s, ts, null, ItemCatalog.empty());
    }

    private static WarmStarted warmStart(Dataset data, WarmStartConfig config, Path out) throws IOException {
        return warmStart(data, config, ModelOptions.empty(), out);
    }

    private static WarmStarted warmStart(Dataset data, WarmStartConfig config, ModelOptions options, Path out)
            throws IOException {
        return UseCases.warmStartAndSave(
                parentDir, data, "loo", HistoryMask.HISTORY, options, config, SEED, EVAL, Map.of(), out);
    }

    /** A warm start of the model in {@code parent} (not the shared parent), no option overridden. */
    private static WarmStarted warmStartFrom(Path parent, Dataset data, WarmStartConfig config, Path out)
            throws IOException {
        return UseCases.warmStartAndSave(
                parent, data, "loo", HistoryMask.HISTORY, ModelOptions.empty(), config, SEED, EVAL, Map.of(), out);
    }

    @Test
    void withZeroEpochsExistingItemsKeepTheirIndexAndScoresAndNewItemsAreScoreable() throws Exception {
        Path out = dir.resolve("zero");
        WarmStarted w =
                warmStart(world(12, 40, 20, 8), WarmStartConfig.defaults().withFineTune(false), out);
        ((AutoCloseable) w.saved().orElseThrow().trained().model()).close();
        LoadedModel parent = ModelArtifact.load(parentDir);
        LoadedModel child = ModelArtifact.load(out);
        try {
            int old = parent.items().size();
            assertThat(old).isEqualTo(32);
            assertThat(child.items().size()).isEqualTo(48);
            assertThat(child.items().externalIds().subList(0, old))
                    .isEqualTo(parent.items().externalIds());
            assertThat(child.users().externalIds().subList(0, parent.users().size()))
                    .isEqualTo(parent.users().externalIds());
            for (int u = 0; u < 5; u++) {
                int[] history = parent.histories()[u];
                float[] before = new float[old + 1];
                float[] after = new float[child.model().numItems() + 1];
                parent.model().score(u, history, before);
                child.model().score(u, history, after);
                for (int i = 1; i <= old; i++) {
                    assertThat(after[i]).isCloseTo(before[i], within(1e-5f));
                }
                for (int i = old + 1; i < after.length; i++) {
                    assertThat(after[i]).isFinite();
                }
            }
            // a history with new items is read too
            int[] withNew = {old + 1, old + 2, 3};
            float[] scores = new float[child.model().numItems() + 1];
            child.model().score(-1, withNew, scores);
            assertThat(scores[old + 3]).isFinite();
            // the table grew with spare rows, recorded and reloaded; scores cover real items only
            SequenceRecommender<?> seq = (SequenceRecommender<?>) child.model();
            assertThat(seq.network().capacity()).isEqualTo(60);
            assertThat(seq.numItems()).isEqualTo(48);
        } finally {
            ((AutoCloseable) parent.model()).close();
            ((AutoCloseable) child.model()).close();
        }
    }

    @Test
    void spareRowsNeverReceiveAGradientSoAreNeverScoredNorSampled() throws Exception {
        Dataset grown = world(12, 40, 20, 8);
        WarmStarted frozen = warmStart(grown, WarmStartConfig.defaults().withFineTune(false), dir.resolve("f"));
        WarmStarted tuned = warmStart(grown, WarmStartConfig.defaults().withEpochs(2), dir.resolve("t"));
        SequenceRecommender<?> a =
                (SequenceRecommender<?>) frozen.saved().orElseThrow().trained().model();
        SequenceRecommender<?> b =
                (SequenceRecommender<?>) tuned.saved().orElseThrow().trained().model();
        try {
            NDArray ta = a.network().block().getParameters().get(0).getValue().getArray();
            NDArray tb = b.network().block().getParameters().get(0).getValue().getArray();
            assertThat(ta.getShape().get(0)).isEqualTo(61);
            NDIndex spare = new NDIndex("49:");
            NDIndex real = new NDIndex("1:49");
            // same seed, same initialisation: the spare rows are untouched by two epochs of
            // training with a full softmax, while the real rows moved
            assertThat(tb.get(spare).toFloatArray()).isEqualTo(ta.get(spare).toFloatArray());
            assertThat(tb.get(real).toFloatArray()).isNotEqualTo(ta.get(real).toFloatArray());
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void aStepBudgetFollowsTheNewEventsAndLearnsTheNewItems() throws Exception {
        Dataset grown = world(12, 40, 20, 8);
        // 184 new events at 50 steps per 1,000: 10 steps, validated every 5
        WarmStartConfig budget = WarmStartConfig.defaults().withSteps(50, 0);
        WarmStarted frozen = warmStart(grown, WarmStartConfig.defaults().withFineTune(false), dir.resolve("s0"));
        WarmStarted tuned = warmStart(grown, budget, dir.resolve("s1"));
        try {
            assertThat(tuned.plan().eventsAdded()).isEqualTo(184);
            assertThat(tuned.plan().increment().steps()).isEqualTo(10);
            assertThat(frozen.plan().increment().steps()).isZero();
            // the grown users' validation targets are new items, which only the fine-tuning learns
            double before = frozen.saved().orElseThrow().validation().metric("ndcg@10");
            double after = tuned.saved().orElseThrow().validation().metric("ndcg@10");
            assertThat(after).isGreaterThan(before);
            // the outcome is reported: the budget, the steps taken, and a validated step beyond
            // the parent's weights (it learnt, so the parent was not kept)
            SequenceRecommender.FineTuning outcome = ((SequenceRecommender<?>)
                            tuned.saved().orElseThrow().trained().model())
                    .fineTuning()
                    .orElseThrow();
            assertThat(outcome.budget()).isEqualTo(10);
            assertThat(outcome.stepsRun()).isIn(5, 10);
            assertThat(outcome.bestStep()).isIn(5, 10);
            assertThat(outcome.keptParent()).isFalse();
            assertThat(((SequenceRecommender<?>)
                                    frozen.saved().orElseThrow().trained().model())
                            .fineTuning())
                    .isEmpty();
        } finally {
            ((AutoCloseable) frozen.saved().orElseThrow().trained().model()).close();
            ((AutoCloseable) tuned.saved().orElseThrow().trained().model()).close();
        }
    }

    @Test
    void aLargerRateForTheNewItemsRowsMovesThemFurtherFromWhereTheyStarted() throws Exception {
        Dataset grown = world(12, 40, 20, 8);
        WarmStartConfig budget = WarmStartConfig.defaults().withSteps(50, 0);
        WarmStarted frozen = warmStart(grown, budget.withFineTune(false), dir.resolve("r0"));
        WarmStarted same = warmStart(grown, budget, dir.resolve("r1"));
        WarmStarted faster = warmStart(grown, budget.withNewItemLrScale(10), dir.resolve("r10"));
        try {
            // the parent's 32 items keep ids 1..32; the 16 new ones are 33..48
            double moved1 = distance(frozen, same, 33, 49);
            double moved10 = distance(frozen, faster, 33, 49);
            assertThat(moved10).isGreaterThan(3 * moved1);
        } finally {
            ((AutoCloseable) frozen.saved().orElseThrow().trained().model()).close();
            ((AutoCloseable) same.saved().orElseThrow().trained().model()).close();
            ((AutoCloseable) faster.saved().orElseThrow().trained().model()).close();
        }
    }

    @Test
    void aStepBudgetsRateScaleIsTheModelsRateScaledAndTheSavedOptionsKeepTheModelsRate() throws Exception {
        // the parent trained at lr 0.01: a quarter of it must be the same fine-tuning as lr 0.0025 set
        assertScaleIsTheOptionSet(c -> c.withLrScale(0.25), "lr", "0.0025", "0.01", "q");
    }

    @Test
    void aStepBudgetsBatchScaleIsTheModelsBatchScaledAndTheSavedOptionsKeepTheModelsBatch() throws Exception {
        // the parent trained at batch 16: half of it must be the same fine-tuning as batch 8 set
        assertScaleIsTheOptionSet(c -> c.withBatchScale(0.5), "batch_size", "8", "16", "h");
    }

    /**
     * A step budget under {@code scale} fine-tunes exactly as the option {@code key=direct} set on
     * the fine-tuning, differs from the unscaled budget, leaves budgets in epochs unchanged, and
     * saves the model's own {@code key=modelValue}.
     */
    private static void assertScaleIsTheOptionSet(
            java.util.function.UnaryOperator<WarmStartConfig> scale,
            String key,
            String direct,
            String modelValue,
            String tag)
            throws Exception {
        Dataset grown = world(12, 40, 20, 8);
        WarmStartConfig budget = WarmStartConfig.defaults().withSteps(50, 0);
        WarmStarted scaled = warmStart(grown, scale.apply(budget), dir.resolve(tag + "1"));
        WarmStarted set = warmStart(grown, budget, new ModelOptions(Map.of(key, direct)), dir.resolve(tag + "2"));
        WarmStarted model = warmStart(grown, budget, dir.resolve(tag + "3"));
        // budgets in epochs keep the model's setting: the scale changes nothing there
        WarmStarted epochs = warmStart(grown, WarmStartConfig.defaults().withEpochs(1), dir.resolve(tag + "4"));
        WarmStarted epochsScaled =
                warmStart(grown, scale.apply(WarmStartConfig.defaults().withEpochs(1)), dir.resolve(tag + "5"));
        try {
            assertThat(distance(scaled, set, 1, 49)).isZero();
            assertThat(distance(scaled, model, 1, 49)).isGreaterThan(1e-4);
            assertThat(distance(epochs, epochsScaled, 1, 49)).isZero();
            assertThat(Manifest.read(dir.resolve(tag + "1").resolve(Manifest.FILE))
                            .options())
                    .containsEntry(key, modelValue);
            assertThat(Manifest.read(dir.resolve(tag + "2").resolve(Manifest.FILE))
                            .options())
                    .containsEntry(key, direct);
        } finally {
            for (WarmStarted w : List.of(scaled, set, model, epochs, epochsScaled)) {
                ((AutoCloseable) w.saved().orElseThrow().trained().model()).close();
            }
        }
    }

    @Test
    void aCosineScheduleIsWhatTheFineTuningFollowsAndItRepeatsToTheBit() throws Exception {
        Dataset grown = world(12, 40, 20, 8);
        // 10 steps: with the schedule the rate warms up over the first and decays to 0 at the tenth
        WarmStartConfig budget = WarmStartConfig.defaults().withSteps(50, 0);
        WarmStarted constant = warmStart(grown, budget, dir.resolve("c0"));
        WarmStarted cosine = warmStart(grown, budget.withSchedule(FineTuneSchedule.COSINE), dir.resolve("c1"));
        WarmStarted again = warmStart(grown, budget.withSchedule(FineTuneSchedule.COSINE), dir.resolve("c2"));
        try {
            assertThat(cosine.plan().increment().config().schedule()).isEqualTo(FineTuneSchedule.COSINE);
            // the known items' rows (ids 1..32) moved differently under the two schedules...
            assertThat(distance(constant, cosine, 1, 33)).isGreaterThan(1e-4);
            // ...and the scheduled run is reproducible: the same seed gives the same weights
            assertThat(distance(cosine, again, 1, 49)).isZero();
        } finally {
            ((AutoCloseable) constant.saved().orElseThrow().trained().model()).close();
            ((AutoCloseable) cosine.saved().orElseThrow().trained().model()).close();
            ((AutoCloseable) again.saved().orElseThrow().trained().model()).close();
        }
    }

    @Test
    void withABoldRateTheRunThatValidatesBetterIsKeptEitherWay() throws Exception {
        Dataset grown = world(12, 40, 20, 8);
        // 184 new events at 100 steps per 1,000: 19 steps, two runs of 10 (validated every 5)
        WarmStartConfig budget = WarmStartConfig.defaults().withSteps(100, 0);
        WarmStarted frozen = warmStart(grown, budget.withFineTune(false), dir.resolve("b0"));
        // the fine-tuning's own rate barely moves the weights; the bold run, at 10,000x it, is
        // the model's rate (0.01), which learns the new items
        WarmStarted boldWins = warmStart(
                grown, budget.withBoldLrScale(10_000), new ModelOptions(Map.of("lr", "0.000001")), dir.resolve("b1"));
        // the other way round: the bold run's rate is too small to move, the steady run learns
        WarmStarted steadyWins = warmStart(grown, budget.withBoldLrScale(0.0001), dir.resolve("b2"));
        try {
            SequenceRecommender.FineTuning bold = fineTuning(boldWins);
            assertThat(bold.budget()).isEqualTo(19);
            assertThat(bold.stepsRun()).isBetween(10, 20);
            assertThat(bold.bold()).isTrue();
            assertThat(bold.keptParent()).isFalse();
            SequenceRecommender.FineTuning steady = fineTuning(steadyWins);
            assertThat(steady.bold()).isFalse();
            assertThat(steady.keptParent()).isFalse();
            // either way the kept weights learnt the new items: validation above the parent's
            double before = frozen.saved().orElseThrow().validation().metric("ndcg@10");
            assertThat(boldWins.saved().orElseThrow().validation().metric("ndcg@10"))
                    .isGreaterThan(before);
            assertThat(steadyWins.saved().orElseThrow().validation().metric("ndcg@10"))
                    .isGreaterThan(before);
        } finally {
            ((AutoCloseable) frozen.saved().orElseThrow().trained().model()).close();
            ((AutoCloseable) boldWins.saved().orElseThrow().trained().model()).close();
            ((AutoCloseable) steadyWins.saved().orElseThrow().trained().model()).close();
        }
    }

    @Test
    void aBoldProbeGivesTheRestOfTheBudgetToTheRunItPointsTo() throws Exception {
        Dataset grown = world(12, 40, 20, 8);
        // 184 new events at 100 steps per 1,000: 19 steps, a probe of one interval (5) and 14 after it
        WarmStartConfig budget = WarmStartConfig.defaults().withSteps(100, 0).withBoldProbe(5);
        WarmStarted frozen = warmStart(grown, budget.withFineTune(false), dir.resolve("p0"));
        // the probe at the model's rate (0.01) learns the new items and beats the parent: the bold
        // run goes on; the fine-tuning's own rate (1e-6) could not have moved the weights
        WarmStarted boldLeads = warmStart(
                grown, budget.withBoldLrScale(10_000), new ModelOptions(Map.of("lr", "0.000001")), dir.resolve("p1"));
        // a probe at 1e-8 moves nothing and cannot beat the parent: the steady run takes the rest
        WarmStarted steadyLeads = warmStart(grown, budget.withBoldLrScale(0.000001), dir.resolve("p2"));
        try {
            SequenceRecommender.FineTuning bold = fineTuning(boldLeads);
            assertThat(bold.budget()).isEqualTo(19);
            assertThat(bold.bold()).isTrue();
            // kept weights after the probe's first interval, within the probe and the run after it
            assertThat(bold.bestStep()).isBetween(5, 20);
            // the probe and the rest in whole intervals: 5 + 15, not two runs of the whole budget
            assertThat(bold.stepsRun()).isBetween(5, 20);
            SequenceRecommender.FineTuning steady = fineTuning(steadyLeads);
            assertThat(steady.bold()).isFalse();
            assertThat(steady.keptParent()).isFalse();
            assertThat(steady.stepsRun()).isBetween(5, 20);
            double before = frozen.saved().orElseThrow().validation().metric("ndcg@10");
            assertThat(boldLeads.saved().orElseThrow().validation().metric("ndcg@10"))
                    .isGreaterThan(before);
            assertThat(steadyLeads.saved().orElseThrow().validation().metric("ndcg@10"))
                    .isGreaterThan(before);
        } finally {
            ((AutoCloseable) frozen.saved().orElseThrow().trained().model()).close();
            ((AutoCloseable) boldLeads.saved().orElseThrow().trained().model()).close();
            ((AutoCloseable) steadyLeads.saved().orElseThrow().trained().model()).close();
        }
    }

    @Test
    void aShrunkStartIsKeptOnlyWhenItsFineTuningValidatesAboveTheParent() throws Exception {
        Dataset grown = world(12, 40, 20, 8);
        WarmStartConfig budget = WarmStartConfig.defaults().withSteps(100, 0).withShrink(0.5);
        WarmStarted frozen = warmStart(grown, budget.withFineTune(false), dir.resolve("shrunk-parent"));
        // at the model's rate the shrunk weights are trained back above the parent
        WarmStarted learnt = warmStart(grown, budget, dir.resolve("shrunk-learnt"));
        // at 1e-8 nothing moves: the shrunk weights validate below the parent, whose come back
        WarmStarted stuck =
                warmStart(grown, budget, new ModelOptions(Map.of("lr", "0.00000001")), dir.resolve("shrunk-stuck"));
        SequenceRecommender<?> parent =
                (SequenceRecommender<?>) frozen.saved().orElseThrow().trained().model();
        SequenceRecommender<?> a =
                (SequenceRecommender<?>) learnt.saved().orElseThrow().trained().model();
        SequenceRecommender<?> b =
                (SequenceRecommender<?>) stuck.saved().orElseThrow().trained().model();
        try {
            double before = frozen.saved().orElseThrow().validation().metric("ndcg@10");
            assertThat(fineTuning(learnt).keptParent()).isFalse();
            assertThat(learnt.saved().orElseThrow().validation().metric("ndcg@10"))
                    .isGreaterThan(before);
            assertThat(a.itemVector(1)).isNotEqualTo(parent.itemVector(1));
            assertThat(fineTuning(stuck).keptParent()).isTrue();
            assertThat(fineTuning(stuck).stepsRun()).isPositive();
            for (int i = 1; i <= 48; i++) {
                assertThat(b.itemVector(i)).as("item %d", i).isEqualTo(parent.itemVector(i));
            }
            assertThat(stuck.saved().orElseThrow().validation().metric("ndcg@10"))
                    .isEqualTo(before);
        } finally {
            ((AutoCloseable) parent).close();
            ((AutoCloseable) a).close();
            ((AutoCloseable) b).close();
        }
    }

    @Test
    void withoutValidationOrKeepingTheLatestWithinNoiseTheBudgetsLastWeightsStay() throws Exception {
        Dataset grown = world(12, 40, 20, 8);
        WarmStartConfig budget = WarmStartConfig.defaults().withSteps(100, 0);
        WarmStarted frozen = warmStart(grown, budget.withFineTune(false), dir.resolve("none-parent"));
        // at 1e-8 a validated run finds nothing better and keeps the parent; an unvalidated one
        // runs its whole budget and keeps where it ends, however little it moved
        ModelOptions still = new ModelOptions(Map.of("lr", "0.00000001"));
        WarmStarted judged = warmStart(grown, budget, still, dir.resolve("none-judged"));
        WarmStarted trusted =
                warmStart(grown, budget.withValidation(FineTuneValidation.NONE), still, dir.resolve("none-trusted"));
        // keeping the latest weights within noise: every interval is within noise of the parent,
        // so the last one stays, as without validation
        WarmStarted latest =
                warmStart(grown, budget.withSelection(FineTuneSelection.LATEST), still, dir.resolve("none-latest"));
        SequenceRecommender<?> parent =
                (SequenceRecommender<?>) frozen.saved().orElseThrow().trained().model();
        SequenceRecommender<?> last =
                (SequenceRecommender<?>) trusted.saved().orElseThrow().trained().model();
        try {
            assertThat(trusted.plan().increment().fineTune().validation()).isEmpty();
            assertThat(judged.plan().increment().fineTune().validation()).isNotEmpty();
            assertThat(fineTuning(judged).keptParent()).isTrue();
            assertThat(fineTuning(trusted).keptParent()).isFalse();
            int budgetSteps = trusted.plan().increment().steps();
            assertThat(budgetSteps).isGreaterThanOrEqualTo(2 * WarmStartConfig.VALIDATE_EVERY);
            // whole validation intervals, rounded up, as a validated run would take them
            int every = WarmStartConfig.VALIDATE_EVERY;
            int wholeIntervals = (budgetSteps + every - 1) / every * every;
            assertThat(fineTuning(trusted).stepsRun()).isEqualTo(wholeIntervals);
            assertThat(fineTuning(trusted).bestStep()).isEqualTo(wholeIntervals);
            assertThat(latest.plan().increment().fineTune().validation()).isNotEmpty();
            assertThat(fineTuning(latest).keptParent()).isFalse();
            assertThat(fineTuning(latest).bestStep()).isEqualTo(wholeIntervals);
            boolean moved = false;
            for (int i = 1; i <= 32; i++) {
                moved |= !java.util.Arrays.equals(last.itemVector(i), parent.itemVector(i));
            }
            assertThat(moved).as("some known item's row moved").isTrue();
        } finally {
            ((AutoCloseable) parent).close();
            ((AutoCloseable) last).close();
            ((AutoCloseable) judged.saved().orElseThrow().trained().model()).close();
            ((AutoCloseable) latest.saved().orElseThrow().trained().model()).close();
        }
    }

    private static SequenceRecommender.FineTuning fineTuning(WarmStarted w) {
        return ((SequenceRecommender<?>) w.saved().orElseThrow().trained().model())
                .fineTuning()
                .orElseThrow();
    }

    @Test
    void withNeighboursRareANewRowKeepsTheDefaultsDirectionAtAKnownRowsLengthAndTheKnownRowsStay() throws Exception {
        Dataset grown = world(12, 40, 20, 8);
        WarmStartConfig copy = WarmStartConfig.defaults().withFineTune(false);
        WarmStarted plain = warmStart(grown, copy, dir.resolve("i0"));
        WarmStarted rare = warmStart(grown, copy.withNewItemInit(NewItemInit.NEIGHBOURS_RARE), dir.resolve("i1"));
        SequenceRecommender<?> a =
                (SequenceRecommender<?>) plain.saved().orElseThrow().trained().model();
        SequenceRecommender<?> b =
                (SequenceRecommender<?>) rare.saved().orElseThrow().trained().model();
        try {
            // every user is fine-tuned here (28 recent + the 20 others), so the default's
            // neighbours and the rule's (all users) are the same: only the length differs
            assertThat(plain.plan().recentUsers() + plain.plan().replayedUsers())
                    .isEqualTo(48);
            double[] known = new double[32];
            for (int i = 1; i <= 32; i++) {
                assertThat(b.itemVector(i)).isEqualTo(a.itemVector(i));
                known[i - 1] = length(b.itemVector(i));
            }
            java.util.Arrays.sort(known);
            int set = 0;
            for (int n = 33; n <= 48; n++) {
                float[] x = a.itemVector(n);
                float[] y = b.itemVector(n);
                if (java.util.Arrays.equals(x, y)) {
                    // no known item within two positions (its company is new too): under both
                    // rules it keeps the fresh initialisation (same seed, same draw)
                    continue;
                }
                set++;
                assertThat(dot(x, y) / (length(x) * length(y))).isCloseTo(1.0, within(1e-5));
                // a median of known rows' lengths: inside their range, and not the default's
                assertThat(length(y)).isBetween(known[0] - 1e-6, known[31] + 1e-6);
                assertThat(Math.abs(length(y) - length(x))).isGreaterThan(1e-4);
            }
            assertThat(set).isGreaterThanOrEqualTo(8);
        } finally {
            a.close();
            b.close();
        }
    }

    private static double dot(float[] u, float[] v) {
        double s = 0;
        for (int j = 0; j < u.length; j++) {
            s += u[j] * (double) v[j];
        }
        return s;
    }

    private static double length(float[] u) {
        return Math.sqrt(dot(u, u));
    }

    /** Euclidean distance between two models' item vectors of ids {@code [from, to)}. */
    private static double distance(WarmStarted a, WarmStarted b, int from, int to) {
        SequenceRecommender<?> x =
                (SequenceRecommender<?>) a.saved().orElseThrow().trained().model();
        SequenceRecommender<?> y =
                (SequenceRecommender<?>) b.saved().orElseThrow().trained().model();
        double d = 0;
        for (int i = from; i < to; i++) {
            float[] u = x.itemVector(i);
            float[] v = y.itemVector(i);
            for (int j = 0; j < u.length; j++) {
                d += (u[j] - v[j]) * (double) (u[j] - v[j]);
            }
        }
        return Math.sqrt(d);
    }

    @Test
    void theOptimiserIsSavedWithTheModelAndAResumedFineTuningGoesOnFromTheParents() throws Exception {
        // the parent's training left its AdamW state beside its weights: one update per step
        OptimizerState parent = OptimizerState.read(parentDir.resolve("model").resolve(OptimizerState.FILE));
        assertThat(parent.steps()).isEqualTo(18);
        Dataset grown = world(12, 40, 20, 8);
        // 184 new events at 50 steps per 1,000: 10 steps
        WarmStartConfig budget = WarmStartConfig.defaults().withSteps(50, 0);
        WarmStarted fresh = warmStart(grown, budget, dir.resolve("opt-fresh"));
        WarmStarted resumed = warmStart(grown, budget.withResumeOptimizer(true), dir.resolve("opt-resumed"));
        try {
            SequenceRecommender.FineTuning f = fineTuning(fresh);
            SequenceRecommender.FineTuning r = fineTuning(resumed);
            assertThat(f.keptParent()).isFalse();
            assertThat(r.keptParent()).isFalse();
            OptimizerState freshState = OptimizerState.read(
                    dir.resolve("opt-fresh").resolve("model").resolve(OptimizerState.FILE));
            OptimizerState resumedState = OptimizerState.read(
                    dir.resolve("opt-resumed").resolve("model").resolve(OptimizerState.FILE));
            // a fresh optimiser counts the fine-tuning's steps alone, a resumed one goes on from the
            // parent's count
            assertThat(freshState.steps()).isEqualTo(f.stepsRun());
            assertThat(resumedState.steps()).isEqualTo(18 + r.stepsRun());
            // the state follows the grown table (32 known items, 16 new, spare rows), the other
            // parameters keep their shapes
            long rows = ((SequenceRecommender<?>)
                            resumed.saved().orElseThrow().trained().model())
                    .network()
                    .block()
                    .getParameters()
                    .get(0)
                    .getValue()
                    .getArray()
                    .getShape()
                    .get(0);
            assertThat(resumedState.params().get(0).shape()[0]).isEqualTo(rows).isGreaterThan(49);
            assertThat(resumedState.params())
                    .extracting(OptimizerState.Moments::name)
                    .containsExactlyElementsOf(parent.params().stream()
                            .map(OptimizerState.Moments::name)
                            .toList());
            // the same seed and batches, another optimiser: the known items' rows end elsewhere
            assertThat(distance(fresh, resumed, 1, 33)).isGreaterThan(1e-3);
        } finally {
            ((AutoCloseable) fresh.saved().orElseThrow().trained().model()).close();
            ((AutoCloseable) resumed.saved().orElseThrow().trained().model()).close();
        }
    }

    @Test
    void aShorterWindowTrainsOnTheNewestTransitionsAndOneAboveMaxLenChangesNothing() throws Exception {
        Dataset grown = world(12, 40, 20, 8);
        WarmStartConfig budget = WarmStartConfig.defaults().withSteps(50, 0);
        WarmStarted whole = warmStart(grown, budget, dir.resolve("win0"));
        WarmStarted above = warmStart(grown, budget.withWindow(100), dir.resolve("win100"));
        WarmStarted newest = warmStart(grown, budget.withWindow(3), dir.resolve("win3"));
        try {
            // max_len is 12: a window of 100 trains on the same batches, to the bit
            assertThat(distance(whole, above, 1, 49)).isZero();
            // the newest 3 transitions per user are other batches: other weights, still learnt
            assertThat(distance(whole, newest, 1, 33)).isGreaterThan(1e-3);
            assertThat(fineTuning(newest).keptParent()).isFalse();
        } finally {
            for (WarmStarted w : List.of(whole, above, newest)) {
                ((AutoCloseable) w.saved().orElseThrow().trained().model()).close();
            }
        }
        assertThatThrownBy(() -> WarmStartConfig.defaults().withWindow(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the fine-tuning's window must be >= 0 transitions (0 = the model's max_len), got -1");
    }

    @Test
    void theManifestRecordsTheLineage() throws Exception {
        Path out = dir.resolve("lineage");
        WarmStarted w =
                warmStart(world(12, 40, 20, 8), WarmStartConfig.defaults().withEpochs(1), out);
        ((AutoCloseable) w.saved().orElseThrow().trained().model()).close();
        Manifest m = Manifest.read(out.resolve(Manifest.FILE));
        Manifest p = Manifest.read(parentDir.resolve(Manifest.FILE));
        Lineage l = m.lineage().orElseThrow();
        assertThat(l.parent()).isEqualTo(parentDir.toString());
        assertThat(l.parentChecksum()).isEqualTo(p.checksum());
        assertThat(l.parentFingerprint()).isEqualTo(p.data().fingerprint());
        assertThat(l.generation()).isEqualTo(1);
        assertThat(l.mode()).isEqualTo("warm-start");
        assertThat(l.itemsAdded()).isEqualTo(16);
        assertThat(l.usersAdded()).isEqualTo(8);
        assertThat(l.recentUsers()).isEqualTo(28);
        assertThat(l.replayedUsers()).isEqualTo(20); // all the unchanged users: fewer than 28
        assertThat(l.eventsAdded()).isEqualTo(20 * 6 + 8 * 8L);
        assertThat(l.storeSeq()).isEqualTo(-1);
        assertThat(m.data().fingerprint()).isNotEqualTo(p.data().fingerprint());
        assertThat(p.lineage()).isEmpty();
    }

    @Test
    void theManifestCountsTheTrainingStepsAndAShareFloorFollowsTheLineagesRoot() throws Exception {
        Manifest p = Manifest.read(parentDir.resolve(Manifest.FILE));
        // 40 trainable users in batches of 16: 3 steps an epoch, 6 epochs (the automatic minimum
        // of 200 steps is above the 6 epochs, so none stops early)
        assertThat(p.trainSteps()).isEqualTo(18);
        assertThat(p.rootTrainSteps()).isEqualTo(18);
        // 184 new events at 1 step per 1,000: 1 step; twice the root's 18 steps: 36
        WarmStartConfig shared = WarmStartConfig.defaults().withSteps(1, 0).withMinStepShare(2);
        Path childDir = dir.resolve("share1");
        WarmStarted child = warmStart(world(12, 40, 20, 8), shared, childDir);
        SequenceRecommender.FineTuning outcome;
        try {
            assertThat(child.plan().increment().steps()).isEqualTo(36);
            outcome = ((SequenceRecommender<?>)
                            child.saved().orElseThrow().trained().model())
                    .fineTuning()
                    .orElseThrow();
        } finally {
            ((AutoCloseable) child.saved().orElseThrow().trained().model()).close();
        }
        Manifest c = Manifest.read(childDir.resolve(Manifest.FILE));
        // the child's own steps are its fine-tuning's; the root's come down the lineage
        assertThat(c.trainSteps()).isEqualTo(outcome.stepsRun()).isPositive();
        assertThat(c.lineage().orElseThrow().rootTrainSteps()).isEqualTo(18);

        // a grandchild's floor is still twice the root's steps, not the child's fine-tuning's
        WarmStarted grandchild = warmStartFrom(childDir, world(16, 40, 30, 12), shared, dir.resolve("share2"));
        ((AutoCloseable) grandchild.saved().orElseThrow().trained().model()).close();
        assertThat(grandchild.plan().increment().steps()).isEqualTo(36);
        Lineage l2 = Manifest.read(dir.resolve("share2").resolve(Manifest.FILE))
                .lineage()
                .orElseThrow();
        assertThat(l2.generation()).isEqualTo(2);
        assertThat(l2.rootTrainSteps()).isEqualTo(18);
        // without the share the same increment gets one validation interval
        assertThat(WarmStartConfig.defaults().withSteps(1, 0).stepBudget(184, 18))
                .isEqualTo(5);
    }

    @Test
    void theSameDataIsNothingToDo() throws Exception {
        WarmStarted w = warmStart(world(8, 40, 0, 0), WarmStartConfig.defaults(), dir.resolve("same"));
        assertThat(w.nothingToDo()).isTrue();
        assertThat(Files.exists(dir.resolve("same"))).isFalse();
    }

    @Test
    void anotherDataSetOrAnItemTableAboveTheLimitIsRefused() {
        Dataset renamed = dataset("other", events(world(12, 40, 20, 8)));
        assertThatThrownBy(() -> warmStart(renamed, WarmStartConfig.defaults(), dir.resolve("x1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trained on data set 'topics', not 'other'");
        List<Event> foreign = new ArrayList<>();
        for (Event e : events(world(12, 40, 20, 8))) {
            foreign.add(new Event("x" + e.user(), "x" + e.item(), e.timestamp(), e.rating(), null));
        }
        assertThatThrownBy(() -> warmStart(dataset("topics", foreign), WarmStartConfig.defaults(), dir.resolve("x2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is from another data set: only 0% of the new data's interactions");
        assertThatThrownBy(() -> warmStart(
                        world(12, 40, 20, 8), WarmStartConfig.defaults().withMaxItems(40), dir.resolve("x3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the item table would grow to 48 items (32 known + 16 new), above the limit of 40"
                        + " (--max-items)");
    }

    private static List<Event> events(Dataset d) {
        List<Event> out = new ArrayList<>();
        for (int u = 0; u < d.numUsers(); u++) {
            for (int k = 0; k < d.sequences()[u].length; k++) {
                out.add(new Event(
                        d.users().external(u),
                        d.items().external(d.sequences()[u][k]),
                        d.timestamps()[u][k],
                        Float.NaN,
                        null));
            }
        }
        return out;
    }

    @Test
    void updateGrowsFromStoredEventsTwiceAndRefusesNothingOrAForeignStore() throws Exception {
        UpdateConfig config = new UpdateConfig(
                WarmStartConfig.defaults().withEpochs(3), 0.05, "ndcg@10", EVAL, SEED, ModelOptions.empty());
        UpdateOutcome none = UseCases.update(parentDir, new StoredEvents(List.of(), 0), dir.resolve("u0"), config);
        assertThat(none.status()).isEqualTo(UpdateOutcome.Status.NOTHING_TO_DO);
        assertThat(none.message()).startsWith("nothing to do");
        assertThat(Files.exists(dir.resolve("u0"))).isFalse();

        // twelve users each read four new items of their topic, in order
        List<Event> batch1 = newEvents(0, 12, 1000);
        UpdateOutcome first = UseCases.update(parentDir, new StoredEvents(batch1, 48), dir.resolve("u1"), config);
        assertThat(first.status()).as(first.message()).isEqualTo(UpdateOutcome.Status.ACCEPTED);
        assertThat(first.childMetric()).isGreaterThanOrEqualTo(first.parentMetric() * 0.95);
        assertThat(first.validationEvents()).isEqualTo(12);
        Lineage l1 = Manifest.read(dir.resolve("u1").resolve(Manifest.FILE))
                .lineage()
                .orElseThrow();
        assertThat(l1.storeSeq()).isEqualTo(48);
        assertThat(l1.itemsAdded()).isEqualTo(16);
        assertThat(l1.generation()).isEqualTo(1);

        List<Event> batch2 = newEvents(12, 24, 2000);
        UpdateOutcome second =
                UseCases.update(dir.resolve("u1"), new StoredEvents(batch2, 96), dir.resolve("u2"), config);
        assertThat(second.status()).as(second.message()).isEqualTo(UpdateOutcome.Status.ACCEPTED);
        Manifest m2 = Manifest.read(dir.resolve("u2").resolve(Manifest.FILE));
        Lineage l2 = m2.lineage().orElseThrow();
        assertThat(l2.generation()).isEqualTo(2);
        assertThat(l2.parent()).isEqualTo(dir.resolve("u1").toString());
        assertThat(l2.itemsAdded()).isZero();
        assertThat(l2.storeSeq()).isEqualTo(96);
        // the saved histories keep every event read, the held-out newest ones too
        LoadedModel u2 = ModelArtifact.load(dir.resolve("u2"));
        try {
            int user = u2.users().get("u0").getAsInt();
            int[] h = u2.histories()[user];
            assertThat(u2.items().external(h[h.length - 1]))
                    .isEqualTo(batch1.get(3).item());
        } finally {
            ((AutoCloseable) u2.model()).close();
        }

        List<Event> foreign =
                List.of(new Event("zz", "zz1", 5000, Float.NaN, null), new Event("zz", "zz2", 5001, Float.NaN, null));
        assertThatThrownBy(() -> UseCases.update(parentDir, new StoredEvents(foreign, 2), dir.resolve("u3"), config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is from another data set: only 0% of the 2 new events are on items or by users");
    }

    @Test
    void aMultiInterestModelGrowsWithItsScoresKept() throws Exception {
        growsWithItsScoresKept("comirec-sa:dim=16:interests=2:max_len=12:epochs=2:progress=false");
    }

    @Test
    void aDinGrowsWithItsScoresKept() throws Exception {
        growsWithItsScoresKept("din:dim=16:max_len=12:epochs=2:progress=false");
    }

    private static void growsWithItsScoresKept(String spec) throws Exception {
        Dataset first = world(8, 40, 0, 0);
        Path parent = dir.resolve(spec.substring(0, spec.indexOf(':')));
        UseCases.Saved saved = UseCases.trainAndSave(
                first,
                io.attnrec.core.experiment.Experiments.split(first, "loo", SEED),
                ModelSpec.parse(spec),
                SEED,
                EVAL,
                Map.of(),
                parent);
        ((AutoCloseable) saved.trained().model()).close();
        Path out = dir.resolve(parent.getFileName() + "-zero");
        WarmStarted w = warmStartFrom(
                parent, world(12, 40, 20, 8), WarmStartConfig.defaults().withFineTune(false), out);
        ((AutoCloseable) w.saved().orElseThrow().trained().model()).close();
        LoadedModel p = ModelArtifact.load(parent);
        LoadedModel c = ModelArtifact.load(out);
        try {
            assertThat(c.model().numItems()).isEqualTo(48);
            float[] before = new float[33];
            float[] after = new float[49];
            p.model().score(0, p.histories()[0], before);
            c.model().score(0, p.histories()[0], after);
            for (int i = 1; i <= 32; i++) {
                assertThat(after[i]).isCloseTo(before[i], within(1e-5f));
            }
            UseCases.WarmStarted tuned = warmStartFrom(
                    parent,
                    world(12, 40, 20, 8),
                    WarmStartConfig.defaults().withEpochs(1),
                    dir.resolve(parent.getFileName() + "-tuned"));
            ((AutoCloseable) tuned.saved().orElseThrow().trained().model()).close();
            assertThat(tuned.lineage().orElseThrow().mode()).isEqualTo("warm-start");
        } finally {
            ((AutoCloseable) p.model()).close();
            ((AutoCloseable) c.model()).close();
        }
    }

    @Test
    void withContentANewItemStartsFromItsContentSoItsTopicsUsersRankItFirst() throws Exception {
        // every item's metadata names its topic; the parent sees only its own items' metadata
        Dataset first = withCatalog(world(8, 40, 0, 0));
        Path parent = dir.resolve("content");
        Map<String, String> options = new java.util.HashMap<>(SMALL);
        options.put("content", "true");
        options.put("content_buckets", "256");
        options.put("epochs", "8");
        options.put("dim", "32");
        UseCases.Saved saved = UseCases.trainAndSave(
                first,
                io.attnrec.core.experiment.Experiments.split(first, "loo", SEED),
                new ModelSpec("sasrec", new ModelOptions(options), "sasrec"),
                SEED,
                EVAL,
                Map.of(),
                parent);
        ((AutoCloseable) saved.trained().model()).close();
        Path out = dir.resolve("content-zero");
        WarmStarted w = warmStartFrom(
                parent,
                withCatalog(world(12, 40, 20, 8)),
                WarmStartConfig.defaults().withFineTune(false),
                out);
        ((AutoCloseable) w.saved().orElseThrow().trained().model()).close();
        LoadedModel c = ModelArtifact.load(out);
        try {
            int right = 0;
            int users = 0;
            float[] scores = new float[c.model().numItems() + 1];
            for (int u = 20; u < 40; u++) { // users whose sequences did not reach the new items
                int[] history = c.histories()[u];
                c.model().score(u, history, scores);
                int best = -1;
                for (int i = 33; i <= c.model().numItems(); i++) {
                    if (best < 0 || scores[i] > scores[best]) {
                        best = i;
                    }
                }
                String topic = "t" + (u % 4) + "-";
                users++;
                right += c.items().external(best).startsWith(topic) ? 1 : 0;
            }
            // four topics: a random new row would be right a quarter of the time
            assertThat(right).isGreaterThanOrEqualTo(users * 8 / 10);
        } finally {
            ((AutoCloseable) c.model()).close();
        }
    }

    /** {@code d} with each of its items' metadata: a title and a category naming its topic. */
    private static Dataset withCatalog(Dataset d) {
        Map<String, io.attnrec.core.data.ItemMeta> meta = new java.util.LinkedHashMap<>();
        for (String id : d.items().externalIds()) {
            String topic = id.substring(0, id.indexOf('-'));
            meta.put(id, new io.attnrec.core.data.ItemMeta(id, "kind " + topic, List.of("topic " + topic), Map.of()));
        }
        return new Dataset(d.name(), d.users(), d.items(), d.sequences(), d.timestamps(), null, new ItemCatalog(meta));
    }

    /** Users {@code from..to-1} each read the four new items of their topic (k = 8..11). */
    private static List<Event> newEvents(int from, int to, long t0) {
        List<Event> out = new ArrayList<>();
        long t = t0;
        for (int u = from; u < to; u++) {
            for (int k = 8; k < 12; k++) {
                out.add(new Event("u" + u, "t" + (u % 4) + "-" + k, t++, Float.NaN, null));
            }
        }
        return out;
    }
}
