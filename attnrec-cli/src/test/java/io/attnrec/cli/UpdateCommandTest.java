package io.attnrec.cli;

import static io.attnrec.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.cli.CliTest.Run;
import io.attnrec.core.data.Event;
import io.attnrec.core.experiment.ModelUpdater;
import io.attnrec.core.experiment.UpdateOutcome;
import io.attnrec.core.experiment.UseCases;
import io.attnrec.core.model.Lineage;
import io.attnrec.core.model.Manifest;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.serve.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attnrec train --from} and {@code attnrec update} (issue 16) on a small walk. */
class UpdateCommandTest {

    private static final String SASREC =
            "sasrec:dim=16:blocks=1:heads=1:max_len=10:epochs=3:batch_size=32:lr=0.01:progress=false";

    @TempDir
    static Path tmp;

    private static Path data;
    private static Path model;

    @BeforeAll
    static void trainParent() throws Exception {
        data = CliTest.sequenceFile(Files.createDirectory(tmp.resolve("first")));
        model = tmp.resolve("model");
        Run train = run("train", "--data", data.toString(), "--model", SASREC, "--out", model.toString());
        assertThat(train.code()).as(train.err()).isZero();
    }

    @Test
    void trainFromGrowsTheModelAndRefusesOtherDataOrTooManyItems() throws Exception {
        Path grown = Files.createDirectory(tmp.resolve("grown")).resolve("walk.txt");
        List<String> lines = new ArrayList<>(Files.readAllLines(data));
        for (int u = 1; u <= 70; u += 3) {
            for (int i = 41; i <= 45; i++) {
                lines.add(u + " " + i);
            }
        }
        Files.write(grown, lines);
        Path out = tmp.resolve("warm");
        Run warm = run(
                "train",
                "--from",
                model.toString(),
                "--data",
                grown.toString(),
                "--warm-epochs",
                "1",
                "--out",
                out.toString());
        assertThat(warm.code()).as(warm.err()).isZero();
        assertThat(warm.out())
                .contains("warm-start sasrec")
                .contains("+5 items, +4 users")
                .contains("saved to");
        Lineage l = Manifest.read(out.resolve(Manifest.FILE)).lineage().orElseThrow();
        assertThat(l.parent()).isEqualTo(model.toString());

        // no warm-start flag: the chosen setting's step budget, the 170-step floor over 120 new events
        // (22 per 1,000 would be 3, and 48% of the root's few steps is less), run as a 60-step probe
        // and 110 more, each rounded up to whole 30-step validation intervals (60 + 120), at a
        // quarter of the model's rate, the saved options keeping the model's
        Path byDefault = tmp.resolve("default");
        Run plain = run("train", "--from", model.toString(), "--data", grown.toString(), "--out", byDefault.toString());
        assertThat(plain.code()).as(plain.err()).isZero();
        Manifest m = Manifest.read(byDefault.resolve(Manifest.FILE));
        assertThat(m.trainSteps()).isBetween(30L, 180L);
        long rootSteps = Manifest.read(model.resolve(Manifest.FILE)).trainSteps();
        assertThat(rootSteps).isBetween(1L, 349L);
        assertThat(m.lineage().orElseThrow().rootTrainSteps()).isEqualTo(rootSteps);
        assertThat(m.options()).containsEntry("lr", "0.01");
        assertThat(plain.out())
                .contains(String.format(
                        java.util.Locale.ROOT,
                        "fine-tuning: %d optimiser steps, %.0f%% of the %d its lineage's training from scratch ran",
                        m.trainSteps(),
                        100.0 * m.trainSteps() / rootSteps,
                        rootSteps));

        Run same = run(
                "train",
                "--from",
                model.toString(),
                "--data",
                data.toString(),
                "--out",
                tmp.resolve("same").toString());
        assertThat(same.code()).as(same.err()).isZero();
        assertThat(same.out()).startsWith("nothing to do");
        assertThat(tmp.resolve("same")).doesNotExist();

        Path other = tmp.resolve("grown").resolve("other.txt");
        Files.write(other, lines);
        Run foreign = run(
                "train",
                "--from",
                model.toString(),
                "--data",
                other.toString(),
                "--out",
                tmp.resolve("o").toString());
        assertThat(foreign.code()).isEqualTo(1);
        assertThat(lastLine(foreign.err())).contains("trained on data set 'walk', not 'other'");

        Run limit = run(
                "train",
                "--from",
                model.toString(),
                "--data",
                grown.toString(),
                "--max-items",
                "42",
                "--out",
                tmp.resolve("l").toString());
        assertThat(limit.code()).isEqualTo(1);
        assertThat(lastLine(limit.err())).contains("would grow to 43 items (38 known + 5 new), above the limit of 42");

        // a step budget: 120 new events at 100 steps per 1,000 are 12 steps, raised to the floor of 20
        Run steps = run(
                "train",
                "--from",
                model.toString(),
                "--data",
                grown.toString(),
                "--warm-steps-per-1k-events",
                "100",
                "--warm-max-steps",
                "30",
                "--warm-min-steps",
                "20",
                "--warm-validate-every",
                "10",
                "--warm-new-item-lr-scale",
                "4",
                "--warm-new-item-init",
                "preceding-rare",
                "--warm-lr-schedule",
                "cosine",
                // 20 steps: a bold probe of one interval (10), and 10 for the run it points to
                "--warm-bold-lr-scale",
                "20",
                "--warm-bold-probe",
                "10",
                "--warm-validate-on",
                "recent",
                "--warm-shrink",
                "0.8",
                "--warm-keep",
                "latest",
                "--out",
                tmp.resolve("steps").toString());
        assertThat(steps.code()).as(steps.err()).isZero();
        assertThat(Manifest.read(tmp.resolve("steps").resolve(Manifest.FILE))
                        .lineage()
                        .orElseThrow()
                        .mode())
                .isEqualTo("warm-start");
        assertWarmStartRefused(
                model,
                grown,
                "--warm-steps-per-1k-events",
                "-1",
                "attnrec: error: warm-start steps per 1,000 events must be >= 0 (0 = count in epochs), got -1.0");
        assertWarmStartRefused(
                model,
                grown,
                "--warm-validate-every",
                "0",
                "attnrec: error: warm-start validate-every must be >= 1 step, got 0");
        assertWarmStartRefused(
                model,
                grown,
                "--warm-min-steps",
                "-1",
                "attnrec: error: warm-start min steps must be >= 0 (0 = no floor), got -1");
        assertWarmStartRefused(
                model,
                grown,
                "--warm-new-item-lr-scale",
                "0",
                "attnrec: error: the new items' learning-rate scale must be > 0, got 0.0");
        assertWarmStartRefused(
                model,
                grown,
                "--warm-new-item-init",
                "zero",
                "attnrec: error: unknown new-item initialisation 'zero' (choose one of neighbours, neighbours-rare,"
                        + " preceding-rare)");
        assertWarmStartRefused(
                model,
                grown,
                "--warm-lr-schedule",
                "step",
                "attnrec: error: unknown fine-tuning schedule 'step' (choose one of constant, cosine)");
        assertWarmStartRefused(
                model,
                grown,
                "--warm-bold-probe",
                "-1",
                "attnrec: error: the bold probe's steps must be >= 0 (0 = split the budget), got -1");
        assertWarmStartRefused(
                model,
                grown,
                "--warm-validate-on",
                "newest",
                "attnrec: error: unknown fine-tuning validation 'newest' (choose one of trained, recent, none)");
        assertWarmStartRefused(
                model,
                grown,
                "--warm-keep",
                "last",
                "attnrec: error: unknown fine-tuning selection 'last' (choose one of best, latest)");
        assertWarmStartRefused(
                model,
                grown,
                "--warm-shrink",
                "0",
                "attnrec: error: the warm weights' shrink must be in (0, 1] (1 = none), got 0.0");
    }

    /** {@code train --from} with one bad warm-start flag: a non-zero exit, one line, no model written. */
    private void assertWarmStartRefused(Path model, Path data, String flag, String value, String message) {
        Path out = tmp.resolve("refused" + flag);
        Run r = run(
                "train", "--from", model.toString(), "--data", data.toString(), flag, value, "--out", out.toString());
        assertThat(r.code()).isNotZero();
        assertThat(lastLine(r.err())).isEqualTo(message);
        assertThat(out).doesNotExist();
    }

    @Test
    void updateReadsTheStoreSinceTheModelTwiceAndSaysWhenThereIsNothingToDo() throws Exception {
        Path db = tmp.resolve("events.db");
        try (EventStore store = EventStore.open("sqlite:" + db)) {
            store.append(newItemEvents(1, 13, 41, 1000));
        }
        Path u1 = tmp.resolve("u1");
        Run first = update(model, "sqlite:" + db, u1, "--warm-epochs", "2");
        assertThat(first.code()).as(first.err() + first.out()).isZero();
        long firstSteps = Manifest.read(u1.resolve(Manifest.FILE)).trainSteps();
        assertThat(firstSteps).isPositive();
        assertThat(first.out())
                .startsWith("accepted: ndcg@10")
                .contains("generation 1")
                .contains("store position 36")
                .contains("fine-tuning: " + firstSteps + " optimiser steps, ");

        Run again = update(u1, "sqlite:" + db, tmp.resolve("u1b"));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).startsWith("nothing to do");

        try (EventStore store = EventStore.open("sqlite:" + db)) {
            store.append(newItemEvents(13, 25, 44, 2000));
        }
        Path u2 = tmp.resolve("u2");
        Run second = update(u1, "sqlite:" + db, u2, "--warm-epochs", "2", "--set", "lr=0.005");
        assertThat(second.code()).as(second.err() + second.out()).isZero();
        assertThat(second.out()).contains("generation 2 from " + u1).contains("store position 72");
        // --set replaces the parent's training option, and the child records what it was tuned with
        assertThat(Manifest.read(u1.resolve(Manifest.FILE)).options()).containsEntry("lr", "0.01");
        assertThat(Manifest.read(u2.resolve(Manifest.FILE)).options()).containsEntry("lr", "0.005");

        Run missing = update(u1, "sqlite:" + tmp.resolve("nope.db"), tmp.resolve("x"));
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("attnrec: error: no event store at " + tmp.resolve("nope.db"));

        Run typo = update(u1, "sqlite:" + db, tmp.resolve("typo"), "--set", "lrr=0.005");
        assertThat(typo.code()).isNotZero();
        assertThat(lastLine(typo.err())).contains("lrr");
        assertThat(tmp.resolve("typo")).doesNotExist();
    }

    /** {@code attnrec update --model MODEL --db DB --out OUT} with {@code more} flags after them. */
    private static Run update(Path model, String db, Path out, String... more) {
        List<String> args =
                new ArrayList<>(List.of("update", "--model", model.toString(), "--db", db, "--out", out.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /** The error line, after checking that no stack trace came with it. */
    private static String lastLine(String err) {
        assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
        List<String> lines = err.strip().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertThat(last).startsWith("attnrec: error: ");
        return last;
    }

    /** Users {@code from..to-1} each read a known item then the new items {@code first..first+1}. */
    private static List<Event> newItemEvents(int from, int to, int first, long t0) {
        List<Event> out = new ArrayList<>();
        long t = t0;
        for (int u = from; u < to; u++) {
            out.add(new Event(Integer.toString(u), Integer.toString(1 + u % 40), t++, Float.NaN, null));
            out.add(new Event(Integer.toString(u), Integer.toString(first), t++, Float.NaN, null));
            out.add(new Event(Integer.toString(u), Integer.toString(first + 1), t++, Float.NaN, null));
        }
        return out;
    }

    @Test
    void theServersScheduledUpdaterIsTheUpdateCommand() throws Exception {
        // attnrec serve --update-every finds this updater through the service registry
        ModelUpdater updater = ModelUpdater.forDatabase(
                        "sqlite:" + tmp.resolve("scheduled.db"), UseCases.UpdateConfig.defaults())
                .orElseThrow();
        Path db = tmp.resolve("scheduled.db");
        try (EventStore store = EventStore.open("sqlite:" + db)) {
            // an empty store: nothing to learn from, nothing written
            assertThat(updater.update(model, tmp.resolve("scheduled-0")).status())
                    .isEqualTo(UpdateOutcome.Status.NOTHING_TO_DO);
            store.append(newItemEvents(1, 13, 41, 1000));
        }
        UpdateOutcome outcome = updater.update(model, tmp.resolve("scheduled-1"));
        assertThat(outcome.status()).as(outcome.message()).isNotEqualTo(UpdateOutcome.Status.NOTHING_TO_DO);
        assertThat(outcome.lineage()).isPresent();
        assertThat(outcome.lineage().orElseThrow().itemsAdded()).isEqualTo(2); // items 41 and 42
        assertThat(outcome.metrics()).containsKeys("ndcg@10", "parent_ndcg@10");
        assertThat(Files.exists(tmp.resolve("scheduled-1"))).isEqualTo(outcome.accepted());

        // serve's flags reach the updater: a training option the model lacks is refused, nothing written
        UseCases.UpdateConfig d = UseCases.UpdateConfig.defaults();
        ModelUpdater typo = ModelUpdater.forDatabase(
                        "sqlite:" + db,
                        new UseCases.UpdateConfig(
                                d.warmStart(),
                                d.tolerance(),
                                d.metric(),
                                d.eval(),
                                d.seed(),
                                new ModelOptions(Map.of("lrr", "0.1"))))
                .orElseThrow();
        assertThatThrownBy(() -> typo.update(model, tmp.resolve("scheduled-typo")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lrr");
        assertThat(tmp.resolve("scheduled-typo")).doesNotExist();
    }
}
