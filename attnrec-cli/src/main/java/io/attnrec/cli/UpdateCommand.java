package io.attnrec.cli;

import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.experiment.UpdateOutcome;
import io.attnrec.core.experiment.UseCases;
import io.attnrec.core.experiment.UseCases.StoredEvents;
import io.attnrec.core.experiment.UseCases.UpdateConfig;
import io.attnrec.core.model.Manifest;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.serve.store.EventStore;
import io.attnrec.serve.store.EventStoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code attnrec update}: the loop of issue 16. Reads the events the server stored since the
 * model was made, grows the model with them, and writes the result only when it is not worse than
 * its parent on the newest events.
 */
@Command(
        name = "update",
        mixinStandardHelpOptions = true,
        description = {
            "Continue a saved model on the events stored since it (by `attnrec serve --db`), and save the result"
                    + " only when validation on each user's newest event is not worse than the parent's beyond"
                    + " --tolerance.",
            "Exit code 0: updated, or nothing to do; 3: the new model was worse and was not written."
        })
final class UpdateCommand implements Callable<Integer> {

    /** Exit code of an update whose model was worse than its parent. */
    static final int REJECTED = 3;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The saved model to continue.")
    Path model;

    @Mixin
    DatabaseOption database;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Directory to write the new model into.")
    Path out;

    @Option(
            names = "--tolerance",
            defaultValue = "0.02",
            paramLabel = "T",
            description = "Keep the new model when its metric is at least the parent's times 1 - T (default:"
                    + " ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(
            names = "--metric",
            defaultValue = "ndcg@10",
            paramLabel = "NAME",
            description = "Validation metric compared (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the fine-tuning and the replay sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Evaluation threads (default: all cores).")
    Integer threads;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "A training option of the fine-tuning that replaces the parent's, e.g. --set lr=0.0005"
                    + " (repeatable; the network's shape cannot change). The recommended step budget fine-tunes"
                    + " SASRec at lr=0.0005 (issue 16).")
    Map<String, String> set = new LinkedHashMap<>();

    @Mixin
    WarmStartOptions warm;

    @Override
    public Integer call() throws Exception {
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        EvalConfig eval = new EvalConfig(new int[] {5, 10, 20}, t, 0, seed);
        UpdateConfig config = new UpdateConfig(warm.toConfig(), tolerance, metric, eval, seed, new ModelOptions(set));
        UpdateOutcome outcome = update(model, database.db, out, config);
        System.out.println(outcome.message());
        outcome.lineage()
                .ifPresent(l -> System.out.printf(
                        Locale.ROOT,
                        "lineage: generation %d from %s (%s), +%d items, +%d users, %d events, %d recent + %d replayed"
                                + " users, store position %d; %.1f s%n",
                        l.generation(),
                        l.parent(),
                        l.mode(),
                        l.itemsAdded(),
                        l.usersAdded(),
                        l.eventsAdded(),
                        l.recentUsers(),
                        l.replayedUsers(),
                        l.storeSeq(),
                        outcome.seconds()));
        if (outcome.status() == UpdateOutcome.Status.ACCEPTED
                && outcome.lineage().isPresent()) {
            Manifest child = Manifest.read(outcome.model().resolve(Manifest.FILE));
            WarmStartOptions.fineTuningLine(child.trainSteps(), child.rootTrainSteps())
                    .ifPresent(System.out::println);
        }
        return outcome.status() == UpdateOutcome.Status.REJECTED ? REJECTED : 0;
    }

    /** One update of the model in {@code model} from the events {@code db} stored since it. */
    static UpdateOutcome update(Path model, String db, Path out, UpdateConfig config) throws IOException {
        return UseCases.update(
                model,
                after -> {
                    StoredEvents events = readEvents(db, after);
                    Cli.info(String.format(
                            Locale.ROOT,
                            "%d event(s) in %s after position %d; updating %s",
                            events.events().size(),
                            db,
                            after,
                            model));
                    return events;
                },
                out,
                config);
    }

    /**
     * The events stored after position {@code after} and the item metadata, read from the
     * server's store opened read-only (it may be running: this never writes its database).
     */
    static StoredEvents readEvents(String url, long after) {
        try (EventStore store = EventStore.openReadOnly(url)) {
            return store.storedAfter(after);
        } catch (EventStoreException e) {
            throw new IllegalArgumentException("cannot read the events of " + url + ": " + e.getMessage(), e);
        }
    }
}
