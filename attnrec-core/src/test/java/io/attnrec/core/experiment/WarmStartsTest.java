package io.attnrec.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.FineTuneValidation;
import io.attnrec.core.model.Lineage;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.Manifest;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.model.WarmStartConfig;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.split.HistoryMask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warm starts of the classical models (issue 16): BPR grows, item-kNN recomputes. */
class WarmStartsTest {

    private static final long SEED = 3L;

    @TempDir
    Path dir;

    /** Users follow a topic's items in a cycle; {@code itemsPerTopic} above 8 adds new items. */
    static Dataset world(int itemsPerTopic, int extended, int newUsers) {
        Random rng = new Random(5);
        IdMap users = new IdMap(false);
        IdMap items = new IdMap(true);
        List<int[]> seqs = new ArrayList<>();
        for (int u = 0; u < 40 + newUsers; u++) {
            int topic = u % 4;
            int start = rng.nextInt(8);
            boolean old = u < 40;
            int length = 10 + (old && u < extended ? 6 : 0);
            int[] seq = new int[length];
            users.add("u" + u);
            for (int k = 0; k < length; k++) {
                int c = old && k < 10 ? 8 : itemsPerTopic;
                seq[k] = items.add("t" + topic + "-" + ((start + k) % c));
            }
            seqs.add(seq);
        }
        int[][] s = seqs.toArray(new int[0][]);
        long[][] t = new long[s.length][];
        for (int u = 0; u < s.length; u++) {
            t[u] = new long[s[u].length];
        }
        return new Dataset("topics", users, items, s, t, null, ItemCatalog.empty());
    }

    private Path parent(String model) throws Exception {
        Dataset first = world(8, 0, 0);
        Path out = dir.resolve(model);
        UseCases.Saved saved = UseCases.trainAndSave(
                first,
                Experiments.split(first, "loo", SEED),
                ModelSpec.parse(model),
                SEED,
                EvalConfig.defaults(),
                Map.of(),
                out);
        if (saved.trained().model() instanceof AutoCloseable c) {
            c.close();
        }
        return out;
    }

    private static UseCases.WarmStarted grow(Path parent, WarmStartConfig config, Path out) throws Exception {
        return UseCases.warmStartAndSave(
                parent,
                world(12, 20, 8),
                "loo",
                HistoryMask.HISTORY,
                ModelOptions.empty(),
                config,
                SEED,
                EvalConfig.defaults(),
                Map.of(),
                out);
    }

    @Test
    void theFineTuningValidatesOnTheRecentUsersAloneWhenToldTo() throws Exception {
        LoadedModel parent = ModelArtifact.load(parent("pop"));
        Dataset aligned = WarmStarts.align(parent, world(12, 20, 8));
        TrainingData train = Experiments.split(aligned, "loo", SEED).train();
        int[] changed = WarmStarts.changedUsers(parent, train);
        // 20 old users extended, 8 new ones
        assertThat(changed).hasSize(28);
        WarmStartConfig config = WarmStartConfig.defaults().withReplayRatio(0.5);
        WarmStarts.Plan all = WarmStarts.plan(parent, train, config, SEED, 0);
        WarmStarts.Plan recent =
                WarmStarts.plan(parent, train, config.withValidation(FineTuneValidation.RECENT), SEED, 0);
        assertThat(all.replayedUsers()).isEqualTo(14);
        Set<Integer> changedSet = Arrays.stream(changed).boxed().collect(Collectors.toSet());
        Set<Integer> allUsers = users(all);
        Set<Integer> recentUsers = users(recent);
        // by default the replayed users' held-out events are validated on too
        assertThat(allUsers).hasSize(28 + 14).containsAll(changedSet);
        assertThat(recentUsers).isEqualTo(changedSet);
        // what is trained on does not change, only what is validated on
        assertThat(recent.increment().fineTune().sequences())
                .isDeepEqualTo(all.increment().fineTune().sequences());
        assertThat(recent.increment().steps()).isEqualTo(all.increment().steps());
    }

    private static Set<Integer> users(WarmStarts.Plan plan) {
        return plan.increment().fineTune().validation().stream()
                .map(EvalCase::user)
                .collect(Collectors.toSet());
    }

    @Test
    void alignKeepsTheParentsIdsAndAppendsNewOnes() throws Exception {
        Path p = parent("pop");
        LoadedModel parent = ModelArtifact.load(p);
        Dataset grown = world(12, 20, 8);
        Dataset aligned = WarmStarts.align(parent, grown);
        assertThat(aligned.items().externalIds().subList(0, 32))
                .isEqualTo(parent.items().externalIds());
        assertThat(aligned.numItems()).isEqualTo(48);
        assertThat(aligned.users().externalIds().subList(0, 40))
                .isEqualTo(parent.users().externalIds());
        // the same events, under the aligned ids
        for (int u = 0; u < grown.numUsers(); u++) {
            int v = aligned.users().get(grown.users().external(u)).getAsInt();
            for (int k = 0; k < grown.sequences()[u].length; k++) {
                assertThat(aligned.items().external(aligned.sequences()[v][k]))
                        .isEqualTo(grown.items().external(grown.sequences()[u][k]));
            }
        }
    }

    @Test
    void bprGrowsWithItsFactorsKeptAndItemKnnIsRecomputed() throws Exception {
        Path p = parent("bpr:dim=8:epochs=5");
        Path out = dir.resolve("bpr-zero");
        UseCases.WarmStarted w = grow(p, WarmStartConfig.defaults().withFineTune(false), out);
        assertThat(w.lineage().orElseThrow().mode()).isEqualTo("warm-start");
        LoadedModel parent = ModelArtifact.load(p);
        LoadedModel child = ModelArtifact.load(out);
        float[] before = new float[33];
        float[] after = new float[49];
        for (int u = 0; u < 40; u += 7) {
            parent.model().score(u, parent.histories()[u], before);
            child.model().score(u, parent.histories()[u], after);
            for (int i = 1; i <= 32; i++) {
                assertThat(after[i]).isCloseTo(before[i], within(1e-6f));
            }
        }
        UseCases.WarmStarted tuned = grow(p, WarmStartConfig.defaults().withEpochs(3), dir.resolve("bpr-tuned"));
        assertThat(tuned.saved()).isPresent();

        Path knn = parent("itemknn");
        UseCases.WarmStarted k = grow(knn, WarmStartConfig.defaults(), dir.resolve("knn"));
        Lineage l = Manifest.read(dir.resolve("knn").resolve(Manifest.FILE))
                .lineage()
                .orElseThrow();
        assertThat(l.mode()).isEqualTo("retrain");
        assertThat(l.itemsAdded()).isEqualTo(16);
        assertThat(k.saved().orElseThrow().trained().model().numItems()).isEqualTo(48);
    }

    @Test
    void anUpdateWorseThanItsParentIsRejectedAndNothingIsWritten() throws Exception {
        // users have read the first five items of their topic's cycle; they go on with the next
        // three, which the parent predicts well
        Dataset full = world(8, 0, 0);
        int[][] firstFive = new int[full.numUsers()][];
        long[][] times = new long[full.numUsers()][];
        for (int u = 0; u < full.numUsers(); u++) {
            firstFive[u] = java.util.Arrays.copyOf(full.sequences()[u], 5);
            times[u] = new long[5];
        }
        Dataset first = new Dataset("topics", full.users(), full.items(), firstFive, times, null, ItemCatalog.empty());
        Path p = dir.resolve("bpr-five");
        UseCases.Saved saved = UseCases.trainAndSave(
                first,
                Experiments.split(first, "loo", SEED),
                ModelSpec.parse("bpr:dim=8:epochs=40"),
                SEED,
                EvalConfig.defaults(),
                Map.of(),
                p);
        List<io.attnrec.core.data.Event> events = new ArrayList<>();
        long t = 100;
        for (int u = 0; u < 24; u++) {
            for (int k = 5; k < 8; k++) {
                events.add(new io.attnrec.core.data.Event(
                        full.users().external(u), full.items().external(full.sequences()[u][k]), t++, Float.NaN, null));
            }
        }
        // a learning rate that wrecks the factors in one pass: the child must lose
        UseCases.UpdateConfig wrecking = new UseCases.UpdateConfig(
                WarmStartConfig.defaults().withEpochs(1),
                0.0,
                "ndcg@10",
                EvalConfig.defaults(),
                SEED,
                ModelOptions.parsePairs("lr=500,reg=0"));
        Path out = dir.resolve("rejected");
        UpdateOutcome o = UseCases.update(p, new UseCases.StoredEvents(events, 72), out, wrecking);
        assertThat(o.parentMetric()).isGreaterThan(0.1);
        assertThat(o.status()).as(o.message()).isEqualTo(UpdateOutcome.Status.REJECTED);
        assertThat(o.message()).startsWith("rejected: ndcg@10").endsWith("nothing written");
        assertThat(o.childMetric()).isLessThan(o.parentMetric());
        assertThat(out).doesNotExist();
        assertThat(saved.validation().metrics()).containsKey("ndcg@10");
    }
}
