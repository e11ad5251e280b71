package io.attnrec.core.experiment;

import io.attnrec.core.data.Event;
import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.model.ArtifactInfo;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.Lineage;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.Manifest;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.model.WarmStartConfig;
import io.attnrec.core.model.WarmStartable;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.report.ComparisonReport;
import io.attnrec.core.report.ModelResult;
import io.attnrec.core.split.HistoryMask;
import io.attnrec.core.split.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the commands do, as plain methods: train a model and save it, evaluate a saved model,
 * compare models and keep the one validation prefers. The CLI parses flags, calls one of these
 * and prints; benchmarks and a Java team embedding attnrec call the same code.
 */
public final class UseCases {

    private UseCases() {}

    /**
     * A model trained and saved.
     *
     * @param trained the model (still open: the caller closes it)
     * @param validation its metrics on the split's validation cases, saved in the manifest
     */
    public record Saved(TrainedModel trained, EvaluationResult validation) {}

    /**
     * Trains {@code spec} on the split and saves it to {@code out} with its provenance: the data
     * set's specification ({@code dataSpec}, so that {@code evaluate} can load it again) and the
     * split's protocol.
     */
    public static Saved trainAndSave(
            Dataset data,
            Split split,
            ModelSpec spec,
            long seed,
            EvalConfig eval,
            Map<String, String> dataSpec,
            Path out)
            throws IOException {
        TrainedModel trained = Experiments.train(split, spec, seed);
        EvaluationResult val = new Evaluator(eval, split.train()).evaluate(trained.model(), split.validation());
        ArtifactInfo info = new ArtifactInfo(
                spec.name(),
                spec.options().asMap(),
                seed,
                data.name(),
                ModelArtifact.fingerprint(split.train()),
                val.metrics(),
                trained.trainSeconds(),
                dataSpec,
                protocolOf(split));
        ModelArtifact.save(out, trained.model(), info, split.train(), data.users());
        return new Saved(trained, val);
    }

    /**
     * Test metrics of a saved model on {@code split}, which must be the split it was trained on
     * (checked by the training data's fingerprint).
     *
     * @throws IllegalArgumentException when the split's training data differs from the model's
     */
    public static ComparisonReport evaluateSaved(LoadedModel loaded, Dataset data, Split split, EvalConfig eval) {
        Experiments.requireTrainedOn(loaded, split, data.name());
        EvaluationResult r = new Evaluator(eval, split.train()).evaluate(loaded.model(), split.test());
        // the same report as `attnrec spark evaluate` writes
        return Experiments.savedModelReport(data, split, loaded, r);
    }

    /**
     * A comparison and the model that validation prefers.
     *
     * @param best the model with the highest validation {@code metric} (open: the caller closes
     *     it; the others are closed)
     * @param bestValidation its validation figure
     */
    public record Choice(ComparisonReport report, TrainedModel best, double bestValidation) {}

    /**
     * Trains and tests every model, keeping the one with the best validation {@code metric}
     * (never the test figures).
     */
    public static Choice compareAndChoose(
            Dataset data,
            Split split,
            List<ModelSpec> specs,
            EvalConfig eval,
            long seed,
            String metric,
            Consumer<String> log) {
        List<ModelResult> results = new ArrayList<>();
        TrainedModel best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (ModelSpec spec : specs) {
            log.accept("training " + spec.text() + " ...");
            TrainedModel trained = Experiments.train(split, spec, seed);
            results.add(Experiments.test(split, trained, eval));
            double value = Experiments.validate(split, trained, eval).metric(metric);
            if (value > bestValue) {
                close(best);
                best = trained;
                bestValue = value;
            } else {
                close(trained);
            }
        }
        ComparisonReport report = new ComparisonReport(
                Experiments.describe(data), Experiments.protocolSection(split, eval, seed), results);
        return new Choice(report, best, bestValue);
    }

    /**
     * A model grown from a parent.
     *
     * @param saved the model and its validation metrics (empty when there was nothing to do)
     * @param plan what the warm start learnt from
     * @param lineage what the manifest records (empty when there was nothing to do)
     */
    public record WarmStarted(Optional<Saved> saved, WarmStarts.Plan plan, Optional<Lineage> lineage) {

        /** Nothing changed since the parent: no model was written. */
        public boolean nothingToDo() {
            return saved.isEmpty();
        }
    }

    /**
     * {@code attnrec train --from}: continues the model in {@code parentDir} on {@code data} (all
     * the data to date, the parent's included), split with {@code protocol}, and saves it to {@code
     * out} with its lineage. Ids are append-only ({@link WarmStarts#align}); the fine-tuning passes
     * over the users whose training sequences changed and a replayed sample of the others.
     *
     * @param overrides options that replace the parent's (training settings; the network's shape
     *     must stay)
     * @return the outcome; {@link WarmStarted#nothingToDo} when no user's training data changed
     * @throws IllegalArgumentException for a model of another data set or an item table above the
     *     limit
     */
    public static WarmStarted warmStartAndSave(
            Path parentDir,
            Dataset data,
            String protocol,
            HistoryMask mask,
            ModelOptions overrides,
            WarmStartConfig config,
            long seed,
            EvalConfig eval,
            Map<String, String> dataSpec,
            Path out)
            throws IOException {
        Manifest manifest = Manifest.read(parentDir.resolve(Manifest.FILE));
        LoadedModel parent = ModelArtifact.load(parentDir, manifest);
        try {
            Dataset aligned = WarmStarts.align(parent, data);
            Split split = Experiments.split(aligned, protocol, seed, mask);
            TrainingData train = split.train();
            WarmStarts.requireSameData(parent, parentDir.toString(), data.name(), train, config);
            WarmStarts.Plan plan = WarmStarts.plan(parent, train, config, seed, manifest.rootTrainSteps());
            if (plan.empty()) {
                return new WarmStarted(Optional.empty(), plan, Optional.empty());
            }
            Grown grown = grow(parent, manifest, parentDir, plan, overrides, seed, -1);
            EvaluationResult val = new Evaluator(eval, train).evaluate(grown.model, split.validation());
            ArtifactInfo info = new ArtifactInfo(
                    parent.info().model(),
                    grown.options.asMap(),
                    seed,
                    data.name(),
                    ModelArtifact.fingerprint(train),
                    val.metrics(),
                    grown.seconds,
                    dataSpec,
                    protocolOf(split));
            ModelArtifact.save(out, grown.model, info, train, aligned.users(), Optional.of(grown.lineage));
            TrainedModel trained = new TrainedModel(
                    new ModelSpec(
                            parent.info().model(), grown.options, parent.info().model()),
                    grown.model,
                    grown.seconds);
            return new WarmStarted(Optional.of(new Saved(trained, val)), plan, Optional.of(grown.lineage));
        } finally {
            closeQuietly(parent.model());
        }
    }

    /**
     * What an event store holds for an update.
     *
     * @param events the events stored since the parent, in the order they were stored
     * @param items item metadata sent to the store (new items' titles and categories: a model with
     *     content features starts a new item's row from them); it replaces the parent's entry of
     *     the same item
     * @param lastSeq the store position of the last event read
     */
    public record StoredEvents(List<Event> events, List<ItemMeta> items, long lastSeq) {

        public StoredEvents {
            events = List.copyOf(events);
            items = List.copyOf(items);
        }

        public StoredEvents(List<Event> events, long lastSeq) {
            this(events, List.of(), lastSeq);
        }
    }

    /**
     * Settings of {@code attnrec update}.
     *
     * @param warmStart how the model grows and fine-tunes
     * @param tolerance the child is kept when its validation {@code metric} is at least the
     *     parent's times {@code 1 - tolerance}
     * @param metric the validation metric compared, e.g. {@code ndcg@10}
     * @param eval evaluation settings (cut-offs, threads)
     * @param seed every random choice
     * @param overrides options that replace the parent's (training settings)
     */
    public record UpdateConfig(
            WarmStartConfig warmStart,
            double tolerance,
            String metric,
            EvalConfig eval,
            long seed,
            ModelOptions overrides) {

        public UpdateConfig {
            if (!(tolerance >= 0 && tolerance < 1)) {
                throw new IllegalArgumentException("tolerance must be in [0, 1), got " + tolerance);
            }
        }

        public static UpdateConfig defaults() {
            return new UpdateConfig(
                    WarmStartConfig.defaults(), 0.02, "ndcg@10", EvalConfig.defaults(), 42L, ModelOptions.empty());
        }
    }

    /**
     * {@code attnrec update}: grows the model in {@code parentDir} with {@code events} (those stored
     * since it, see {@link Lineage#storeSeq}) and writes it to {@code out} only when it is not worse
     * than its parent beyond the tolerance. Each user's newest new event is held out; parent and
     * child are compared on those (the parent ranks the items it does not know last, so a child
     * that learnt the new items wins on them).
     *
     * @throws IllegalArgumentException for events of another data set, or an item table above the
     *     limit
     */
    public static UpdateOutcome update(Path parentDir, StoredEvents events, Path out, UpdateConfig config)
            throws IOException {
        return update(parentDir, after -> events, out, config);
    }

    /**
     * Where {@link #update} reads the events stored since its parent: an event store, asked for
     * the events after a store position.
     */
    @FunctionalInterface
    public interface EventSource {
        /** The events stored after position {@code after}, and the item metadata. */
        StoredEvents after(long after) throws IOException;
    }

    /**
     * {@code attnrec update} on an event store: reads from {@code store} the events after the
     * store position the parent's lineage records (all events for a model that has none), then as
     * {@link #update(Path, StoredEvents, Path, UpdateConfig)}.
     */
    public static UpdateOutcome update(Path parentDir, EventSource store, Path out, UpdateConfig config)
            throws IOException {
        long start = System.nanoTime();
        Manifest manifest = Manifest.read(parentDir.resolve(Manifest.FILE));
        long position = Math.max(manifest.lineage().map(Lineage::storeSeq).orElse(-1L), 0);
        StoredEvents events = store.after(position);
        if (events.events().isEmpty()) {
            return UpdateOutcome.nothingToDo("nothing to do: no events since the model in " + parentDir);
        }
        LoadedModel parent = ModelArtifact.load(parentDir, manifest);
        try {
            Map<String, ItemMeta> meta = new LinkedHashMap<>();
            parent.catalog().items().forEach(m -> meta.put(m.itemId(), m));
            events.items().forEach(m -> meta.put(m.itemId(), m));
            Appended appended = append(parent, events.events(), new ItemCatalog(meta));
            int parentItems = parent.items().size();
            // an event on a new item by a known user belongs to the parent's world too: a batch
            // of new items only must not look foreign
            long known = events.events().stream()
                    .filter(e -> parent.items().get(e.item()).isPresent()
                            || parent.users().get(e.user()).isPresent())
                    .count();
            if (known < config.warmStart().minKnownShare() * events.events().size()) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "model %s is from another data set: only %.0f%% of the %d new events are on items or by users it"
                                + " knows"
                                + " (at least %.0f%% expected)",
                        parentDir,
                        100.0 * known / events.events().size(),
                        events.events().size(),
                        100 * config.warmStart().minKnownShare()));
            }
            WarmStarts.requireWithinLimit(parentItems, appended.items.size(), config.warmStart());
            TrainingData train = appended.training();
            WarmStarts.Plan plan =
                    WarmStarts.plan(parent, train, config.warmStart(), config.seed(), manifest.rootTrainSteps());
            if (plan.empty()) {
                return new UpdateOutcome(
                        UpdateOutcome.Status.NOTHING_TO_DO,
                        null,
                        "nothing to do: the " + events.events().size()
                                + " new event(s) are each user's newest, all held out for validation",
                        null,
                        Double.NaN,
                        Double.NaN,
                        Optional.empty(),
                        appended.validation.size(),
                        (System.nanoTime() - start) / 1e9);
            }
            Grown grown = grow(parent, manifest, parentDir, plan, config.overrides(), config.seed(), events.lastSeq());
            try {
                Evaluator evaluator = new Evaluator(config.eval(), train);
                EvaluationResult child = evaluator.evaluate(grown.model, appended.validation);
                EvaluationResult before = evaluator.evaluate(
                        new ParentScorer(parent.model(), parent.users().size(), train.numItems()), appended.validation);
                double c = child.metric(config.metric());
                double p = before.metric(config.metric());
                double seconds = (System.nanoTime() - start) / 1e9;
                if (c < p * (1 - config.tolerance())) {
                    return new UpdateOutcome(
                            UpdateOutcome.Status.REJECTED,
                            null,
                            String.format(
                                    Locale.ROOT,
                                    "rejected: %s %.4f against the parent's %.4f (tolerance %.0f%%); nothing written",
                                    config.metric(),
                                    c,
                                    p,
                                    100 * config.tolerance()),
                            config.metric(),
                            p,
                            c,
                            Optional.of(grown.lineage),
                            appended.validation.size(),
                            seconds);
                }
                // the saved histories hold every event read, the held-out ones too: the next
                // update starts after them
                TrainingData all = appended.all();
                Map<String, String> protocol = new LinkedHashMap<>();
                protocol.put("name", "update");
                protocol.put("validation", "each changed user's newest event");
                ArtifactInfo info = new ArtifactInfo(
                        parent.info().model(),
                        grown.options.asMap(),
                        config.seed(),
                        parent.info().dataName(),
                        ModelArtifact.fingerprint(all),
                        child.metrics(),
                        grown.seconds,
                        Map.of(),
                        protocol);
                ModelArtifact.save(out, grown.model, info, all, appended.users, Optional.of(grown.lineage));
                return new UpdateOutcome(
                        UpdateOutcome.Status.ACCEPTED,
                        out,
                        String.format(
                                Locale.ROOT,
                                "accepted: %s %.4f against the parent's %.4f; +%d items, +%d users, %d events;"
                                        + " written to %s",
                                config.metric(),
                                c,
                                p,
                                grown.lineage.itemsAdded(),
                                grown.lineage.usersAdded(),
                                events.events().size(),
                                out),
                        config.metric(),
                        p,
                        c,
                        Optional.of(grown.lineage),
                        appended.validation.size(),
                        (System.nanoTime() - start) / 1e9);
            } finally {
                closeQuietly(grown.model);
            }
        } finally {
            closeQuietly(parent.model());
        }
    }

    /** The parent's histories with the new events appended (ids append-only), newest held out. */
    private record Appended(
            IdMap users,
            IdMap items,
            int[][] sequences,
            int[][] trainSequences,
            List<EvalCase> validation,
            ItemCatalog catalog) {

        TrainingData training() {
            return data(trainSequences);
        }

        TrainingData all() {
            return data(sequences);
        }

        private TrainingData data(int[][] seqs) {
            long[][] ts = new long[seqs.length][];
            for (int u = 0; u < seqs.length; u++) {
                ts[u] = new long[seqs[u].length];
            }
            return new TrainingData(users.size(), items.size(), seqs, ts, null, items, catalog, validation);
        }
    }

    private static Appended append(LoadedModel parent, List<Event> events, ItemCatalog catalog) {
        IdMap items = IdMap.of(true, parent.items().externalIds());
        IdMap users = IdMap.of(false, parent.users().externalIds());
        // stable by time: events of the same second keep the order they were stored in
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(Event::timestamp));
        List<List<Integer>> added = new ArrayList<>();
        for (Event e : sorted) {
            int u = users.add(e.user());
            int i = items.add(e.item());
            while (added.size() <= u) {
                added.add(new ArrayList<>());
            }
            added.get(u).add(i);
        }
        int n = users.size();
        int[][] sequences = new int[n][];
        int[][] train = new int[n][];
        List<EvalCase> validation = new ArrayList<>();
        int[][] before = parent.histories();
        for (int u = 0; u < n; u++) {
            int[] old = u < before.length ? before[u] : new int[0];
            List<Integer> add = u < added.size() ? added.get(u) : List.of();
            int[] seq = new int[old.length + add.size()];
            System.arraycopy(old, 0, seq, 0, old.length);
            for (int k = 0; k < add.size(); k++) {
                seq[old.length + k] = add.get(k);
            }
            sequences[u] = seq;
            if (!add.isEmpty() && seq.length >= 2) {
                int[] history = java.util.Arrays.copyOf(seq, seq.length - 1);
                train[u] = history;
                validation.add(new EvalCase(
                        u, history, new int[] {seq[seq.length - 1]}, HistoryMask.HISTORY.excluded(history)));
            } else {
                train[u] = seq;
            }
        }
        return new Appended(users, items, sequences, train, validation, catalog);
    }

    /** A grown model, its options, its lineage and the time it took. */
    private record Grown(Recommender model, ModelOptions options, Lineage lineage, double seconds) {}

    private static Grown grow(
            LoadedModel parent,
            Manifest manifest,
            Path parentDir,
            WarmStarts.Plan plan,
            ModelOptions overrides,
            long seed,
            long storeSeq) {
        TrainingData all = plan.increment().all();
        int parentItems = parent.items().size();
        WarmStarts.requireWithinLimit(
                parentItems, all.numItems(), plan.increment().config());
        ModelOptions options = new ModelOptions(parent.info().options()).with(overrides.asMap());
        ModelProvider provider = Models.require(parent.info().model());
        long start = System.nanoTime();
        Recommender model;
        String mode;
        if (provider instanceof WarmStartable w) {
            model = w.warmStart(parent.model(), plan.increment(), options, seed);
            mode = "warm-start";
        } else {
            // item-kNN, EASE, popularity: a retraining on the grown data is what they would
            // compute from scratch, with the parent's ids kept
            model = provider.train(all, options, seed);
            mode = "retrain";
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Lineage lineage = new Lineage(
                parentDir.toString(),
                manifest.checksum(),
                manifest.data().fingerprint(),
                manifest.lineage().map(l -> l.generation() + 1).orElse(1),
                mode,
                all.numItems() - parentItems,
                all.numUsers() - parent.users().size(),
                plan.eventsAdded(),
                plan.recentUsers(),
                plan.replayedUsers(),
                storeSeq,
                manifest.rootTrainSteps());
        return new Grown(model, options, lineage, seconds);
    }

    private static void closeQuietly(Object model) {
        if (model instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // freeing native memory failed: nothing left to do with the model
            }
        }
    }

    /** The split's protocol as a model's manifest records it: its name and settings as text. */
    public static Map<String, String> protocolOf(Split split) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", split.protocol());
        split.settings().forEach((k, v) -> m.put(k, String.valueOf(v)));
        return m;
    }

    private static void close(TrainedModel trained) {
        if (trained != null && trained.model() instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(
                        "could not free " + trained.spec().text() + ": " + e.getMessage(), e);
            }
        }
    }
}
