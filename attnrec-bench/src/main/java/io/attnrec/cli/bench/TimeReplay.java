package io.attnrec.cli.bench;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.experiment.UseCases;
import io.attnrec.core.model.FineTuneSchedule;
import io.attnrec.core.model.FineTuneSelection;
import io.attnrec.core.model.FineTuneValidation;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.NewItemInit;
import io.attnrec.core.model.WarmStartConfig;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.split.HistoryMask;
import io.attnrec.nn.seq.SequenceRecommender;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The time replay of issue 16: a model trained on the first 70% of the data (by time span, or by
 * event count), then six equal windows of the rest. Before window k (k = 1..6) three models are
 * ready: the incremental one (warm-started from the previous incremental model with everything
 * before the window), one retrained from scratch on the same data with the first model's settings,
 * and the frozen first model. Each is measured on window k's events, in time order: for each event
 * the history is everything the user did before it, the target its item (full ranking over the
 * model's items, the history masked). Items first seen in the window itself are known to no model
 * and skipped; items first seen after the cut and before the window are "new items" (the frozen
 * model cannot rank them). At most {@code per_user} events of a user count in a window, so heavy
 * raters do not dominate.
 *
 * <p>Several seeds (each its own first model, retrains and updates) give mean ± sd per step; the
 * incremental and the retrain are compared pairwise across users (each user's mean over its cases
 * and the seeds, a paired t-test). Time is wall-clock and process CPU time of the whole use-case
 * call (load, align, split, train, validate, save), both measured side by side in one process.
 *
 * <p>Selection ({@code select=...}): before the replay, each candidate fine-tuning setting is
 * tried in one replay step, or a chain of them ({@code select_chain}), placed inside the first 70%
 * (see {@link #select}): validation data only, never a test window; the best whose CPU time is
 * within {@code select_time} of the retrain's is kept for every step and seed.
 *
 * <p>Arguments, {@code key=value}: {@code data} (required), {@code out} (required), {@code
 * model}, {@code seeds} (comma list, default 42), {@code per_user} (30), {@code cut} ({@code
 * time} or {@code events}), {@code steps} (fine-tuning steps per 1,000 new events; 0 = epochs),
 * {@code max_steps}, {@code warm_epochs}, {@code replay} (replayed users per changed user), {@code
 * warm_options} (training overrides of the fine-tuning, e.g. {@code lr=0.0005,patience=2}; {@code
 * new_item_lr=X} there is the warm start's learning-rate multiple for the new items' rows, {@code
 * new_item_init=RULE} where their rows start ({@code neighbours}, {@code neighbours-rare}, {@code
 * preceding-rare}: {@link NewItemInit}), {@code min_steps=N} the step budget's floor, {@code min_step_share=F} a floor of F times the first model's training steps, {@code validate_every=N} the steps between two
 * validations, {@code lr_schedule=constant|cosine} how the rate moves over the budget ({@link
 * FineTuneSchedule}), {@code bold_lr=X} a second run at X times the rate ({@link
 * WarmStartConfig#boldLrScale}), {@code bold_share=F} its share of the budget (0.5), {@code bold_probe=N} a probe of N steps instead of a split, {@code validate_on=recent} validation on the recent users alone ({@code none}: no validation), {@code shrink=X} the warm weights pulled toward a fresh initialisation and {@code keep=latest} the latest validated weights within noise of the best ({@link FineTuneSelection}), all warm-start settings too), {@code
 * select} (candidates separated by {@code ;}, each {@code steps/replay/warm_options} with the
 * options' pairs separated by {@code +}; {@code max_steps} applies to each), {@code select_time}
 * (0.2), {@code select_seeds} (comma list, default the first of {@code seeds}: the selection step
 * is run once per seed and the candidates compared on the mean), {@code select_chain} (how many
 * updates the selection chains before the cut, each measured on its next window; 1, a single
 * step, by default; {@link #selectionBounds}), {@code select_only} ({@code true}: stop after the selection, so that one setting can be
 * chosen on several data sets' selection steps before any replay).
 */
public final class TimeReplay {

    private TimeReplay() {}

    private record Ev(String user, String item, long ts) {}

    /** One ranking case: the user, its history and target as external ids, whether the target is new. */
    private record Case(String user, List<String> history, String target, boolean fresh) {}

    /** Per-case figures of one model on a list of cases. */
    private record Scores(double[] ndcg10, double[] hit20) {
        double ndcg() {
            return Arrays.stream(ndcg10).average().orElse(0);
        }

        double recall() {
            return Arrays.stream(hit20).average().orElse(0);
        }

        double recallWhere(boolean[] mask) {
            double s = 0;
            int n = 0;
            for (int i = 0; i < mask.length; i++) {
                if (mask[i]) {
                    s += hit20[i];
                    n++;
                }
            }
            return n == 0 ? Double.NaN : s / n;
        }
    }

    /** A fine-tuning setting: budget, replay and training overrides. */
    record Warm(WarmStartConfig config, ModelOptions options, String label) {}

    /** Wall and process CPU seconds of one call. */
    private record Cost(double wall, double cpu) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("arguments are key=value, got '" + arg + "'");
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Path data = Path.of(require(a, "data"));
        Path out = Path.of(require(a, "out"));
        String model = a.getOrDefault(
                "model",
                "sasrec:dim=32:blocks=1:heads=1:max_len=30:dropout=0.2:loss=sampled:negatives=128:epochs=200"
                        + ":patience=10:batch_size=128:lr=0.002:progress=false");
        long[] seeds = Arrays.stream(a.getOrDefault("seeds", "42").split(","))
                .mapToLong(Long::parseLong)
                .toArray();
        int perUser = Integer.parseInt(a.getOrDefault("per_user", "30"));
        String cutMode = a.getOrDefault("cut", "time");
        if (!cutMode.equals("time") && !cutMode.equals("events")) {
            throw new IllegalArgumentException("cut must be time or events, got '" + cutMode + "'");
        }
        Warm warm = warm(
                Double.parseDouble(a.getOrDefault("steps", "0")),
                Integer.parseInt(a.getOrDefault("max_steps", "0")),
                Integer.parseInt(a.getOrDefault("warm_epochs", "0")),
                Double.parseDouble(a.getOrDefault("replay", "1")),
                a.getOrDefault("warm_options", ""));
        double selectTime = Double.parseDouble(a.getOrDefault("select_time", "0.2"));
        Files.createDirectories(out);

        Dataset all = Experiments.load(DataSpec.of(data), System.err::println);
        List<Ev> events = new ArrayList<>();
        for (int u = 0; u < all.numUsers(); u++) {
            for (int k = 0; k < all.sequences()[u].length; k++) {
                events.add(new Ev(
                        all.users().external(u), all.items().external(all.sequences()[u][k]), all.timestamps()[u][k]));
            }
        }
        events.sort(Comparator.comparingLong(Ev::ts)); // stable: a user's ties keep their order
        long[] bounds = new long[8]; // bounds[0] = cut, bounds[k] = start of window k, bounds[7] = end
        long t0 = events.get(0).ts();
        long t1 = events.get(events.size() - 1).ts() + 1;
        if (cutMode.equals("time")) {
            long cut = t0 + (long) (0.7 * (t1 - t0));
            long width = (t1 - cut) / 6;
            for (int k = 1; k <= 6; k++) {
                bounds[k] = cut + (k - 1) * width;
            }
        } else {
            // equal event counts: 70% of the events before the cut, 5% in each window
            for (int k = 1; k <= 6; k++) {
                bounds[k] = events.get((int) ((0.70 + 0.05 * (k - 1)) * events.size()))
                        .ts();
            }
        }
        bounds[0] = bounds[1];
        bounds[7] = t1;
        Map<String, Long> firstSeen = new HashMap<>();
        for (Ev e : events) {
            firstSeen.putIfAbsent(e.item(), e.ts());
        }
        ModelSpec spec = ModelSpec.parse(model);
        // the first model's items: a diagnostic ranks every model over these alone, on the cases
        // whose target is one of them, so the effect of the new items' rows on the known items'
        // ranking is seen apart from the new items' own hits (replay-raw.tsv: *_known_ndcg10 ranks
        // the first model's items only, *_old_ndcg10 the full ranking, both on those cases)
        Set<String> known = new java.util.HashSet<>();
        firstSeen.forEach((item, ts) -> {
            if (ts < bounds[0]) {
                known.add(item);
            }
        });
        EvalConfig eval =
                new EvalConfig(new int[] {10, 20}, Runtime.getRuntime().availableProcessors(), 0, seeds[0]);
        long cut = bounds[0];
        StringBuilder head = new StringBuilder(String.format(
                Locale.ROOT,
                "data %s: %d events; cut by %s: %d events before it; windows (days): ",
                all.name(),
                events.size(),
                cutMode,
                events.stream().filter(e -> e.ts() < cut).count()));
        for (int k = 1; k <= 6; k++) {
            head.append(String.format(Locale.ROOT, "%.1f ", (bounds[k + 1] - bounds[k]) / 86400.0));
        }
        System.out.println(head);
        System.out.println("model " + model + "; seeds " + Arrays.toString(seeds) + "; load " + loadAverage());

        if (a.containsKey("select")) {
            long[] selectSeeds = a.containsKey("select_seeds")
                    ? Arrays.stream(a.get("select_seeds").split(","))
                            .mapToLong(Long::parseLong)
                            .toArray()
                    : new long[] {seeds[0]};
            warm = select(
                    a.get("select"),
                    all,
                    events,
                    bounds,
                    cutMode,
                    spec,
                    selectSeeds,
                    eval,
                    out,
                    selectTime,
                    perUser,
                    Integer.parseInt(a.getOrDefault("max_steps", "0")),
                    Integer.parseInt(a.getOrDefault("select_chain", "1")));
        }
        if (warm == null && !Boolean.parseBoolean(a.getOrDefault("select_only", "false"))) {
            System.err.println("bench: no candidate of select= is within the CPU-time limit; nothing to replay");
            System.exit(2);
        }
        if (Boolean.parseBoolean(a.getOrDefault("select_only", "false"))) {
            // the choice alone: a setting chosen on several data sets' selection steps together
            System.out.println("select_only: no replay; load " + loadAverage());
            return;
        }
        System.out.println("fine-tuning: " + warm.label() + " (kept for every step and seed)");

        // per seed, per step: the three models' per-case figures, and the costs
        List<Case>[] cases = new List[7];
        for (int k = 1; k <= 6; k++) {
            cases[k] = windowCases(events, bounds[k], bounds[k + 1], cut, firstSeen, perUser);
        }
        Scores[][][] scores = new Scores[seeds.length][7][3];
        Cost[][][] costs = new Cost[seeds.length][7][2];
        int[][] budget = new int[seeds.length][7];
        // per seed and step: the fine-tuning's steps taken and its best step (0: the parent kept)
        int[][][] tuned = new int[seeds.length][7][];
        StringBuilder raw = new StringBuilder(
                "seed\tstep\tcases\tnew_cases\tinc_ndcg10\tretrain_ndcg10\tfrozen_ndcg10"
                        + "\tinc_recall20\tretrain_recall20\tfrozen_recall20\tinc_new_recall20\tretrain_new_recall20"
                        + "\tinc_wall_s\tretrain_wall_s\tinc_cpu_s\tretrain_cpu_s\tinc_steps\tinc_steps_run\tinc_best_step"
                        + "\tload\tinc_known_ndcg10\tretrain_known_ndcg10\tfrozen_known_ndcg10\tinc_old_ndcg10\tretrain_old_ndcg10\n");
        for (int si = 0; si < seeds.length; si++) {
            long seed = seeds[si];
            Path base = out.resolve("base-" + seed);
            Cost baseCost = timed(() -> train(dataset(all, events, cut), spec, seed, eval, base));
            System.out.printf(
                    Locale.ROOT,
                    "seed %d: base trained in %.1f s (%.1f CPU s)%n",
                    seed,
                    baseCost.wall(),
                    baseCost.cpu());
            Path previous = base;
            for (int k = 1; k <= 6; k++) {
                Path inc = base;
                Path re = base;
                if (k > 1) {
                    Dataset sofar = dataset(all, events, bounds[k]);
                    Path incDir = out.resolve("inc-" + seed + "-" + k);
                    Path from = previous;
                    UseCases.WarmStarted[] w = new UseCases.WarmStarted[1];
                    Warm ws = warm;
                    int[][] outcome = new int[1][];
                    costs[si][k][0] = timed(() -> {
                        w[0] = UseCases.warmStartAndSave(
                                from,
                                sofar,
                                "loo",
                                HistoryMask.HISTORY,
                                ws.options(),
                                ws.config(),
                                seed,
                                eval,
                                Map.of(),
                                incDir);
                        outcome[0] = outcome(w[0]);
                        w[0].saved().ifPresent(s -> close(s.trained().model()));
                    });
                    tuned[si][k] = outcome[0];
                    inc = w[0].nothingToDo() ? previous : incDir;
                    budget[si][k] = w[0].plan().increment().steps();
                    re = out.resolve("retrain-" + seed + "-" + k);
                    Path reDir = re;
                    costs[si][k][1] = timed(() -> train(sofar, spec, seed, eval, reDir));
                    System.out.printf(
                            Locale.ROOT,
                            "seed %d step %d: incremental %.1f s (%.1f CPU s; %d recent + %d replayed users, %d new"
                                    + " events, budget %d steps, %s), retrain %.1f s (%.1f CPU s); load %s%n",
                            seed,
                            k,
                            costs[si][k][0].wall(),
                            costs[si][k][0].cpu(),
                            w[0].plan().recentUsers(),
                            w[0].plan().replayedUsers(),
                            w[0].plan().eventsAdded(),
                            budget[si][k],
                            describe(tuned[si][k]),
                            costs[si][k][1].wall(),
                            costs[si][k][1].cpu(),
                            loadAverage());
                    if (!previous.equals(base)) {
                        deleteTree(previous);
                    }
                    previous = inc;
                } else {
                    costs[si][k][0] = new Cost(0, 0);
                    costs[si][k][1] = new Cost(0, 0);
                }
                scores[si][k][0] = measure(inc, cases[k]);
                scores[si][k][1] = measure(re, cases[k]);
                scores[si][k][2] = measure(base, cases[k]);
                boolean[] fresh = freshMask(cases[k]);
                boolean[] old = new boolean[fresh.length];
                for (int i = 0; i < old.length; i++) {
                    old[i] = !fresh[i];
                }
                double incKnown = mean(measure(inc, cases[k], known).ndcg10(), old);
                double reKnown = mean(measure(re, cases[k], known).ndcg10(), old);
                double frozenKnown = mean(scores[si][k][2].ndcg10(), old);
                if (k > 1) {
                    deleteTree(re);
                }
                raw.append(String.format(
                        Locale.ROOT,
                        "%d\t%d\t%d\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%d\t%d\t%s"
                                + "\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f%n",
                        seed,
                        k,
                        cases[k].size(),
                        count(fresh),
                        scores[si][k][0].ndcg(),
                        scores[si][k][1].ndcg(),
                        scores[si][k][2].ndcg(),
                        scores[si][k][0].recall(),
                        scores[si][k][1].recall(),
                        scores[si][k][2].recall(),
                        scores[si][k][0].recallWhere(fresh),
                        scores[si][k][1].recallWhere(fresh),
                        costs[si][k][0].wall(),
                        costs[si][k][1].wall(),
                        costs[si][k][0].cpu(),
                        costs[si][k][1].cpu(),
                        budget[si][k],
                        tuned[si][k] == null ? -1 : tuned[si][k][0],
                        tuned[si][k] == null ? -1 : tuned[si][k][1],
                        loadAverage(),
                        incKnown,
                        reKnown,
                        frozenKnown,
                        mean(scores[si][k][0].ndcg10(), old),
                        mean(scores[si][k][1].ndcg10(), old)));
                System.out.print(raw.substring(raw.lastIndexOf("\n", raw.length() - 2) + 1));
                Files.writeString(out.resolve("replay-raw.tsv"), raw.toString());
            }
            if (!previous.equals(base)) {
                deleteTree(previous);
            }
            deleteTree(base);
        }
        String summary = summary(cases, scores, costs, tuned, seeds.length);
        Files.writeString(out.resolve("replay.md"), summary);
        System.out.print(summary);
        plot(scores, costs, seeds.length, out.resolve("replay.png"), all.name());
        System.out.println(
                "wrote " + out.resolve("replay-raw.tsv") + ", replay.md and replay.png; load " + loadAverage());
    }

    /**
     * The step-budget fine-tuning's steps taken and best step (0: no interval validated better than
     * the parent, whose weights were kept), or null when the model reports none (nothing to do, a
     * budget in epochs, another family).
     */
    private static int[] outcome(UseCases.WarmStarted w) {
        return w.saved()
                .map(s -> s.trained().model() instanceof SequenceRecommender<?> m ? m : null)
                .flatMap(SequenceRecommender::fineTuning)
                .map(f -> new int[] {f.stepsRun(), f.bestStep(), f.bold() ? 1 : 0})
                .orElse(null);
    }

    private static String describe(int[] outcome) {
        if (outcome == null) {
            return "no step-budget outcome";
        }
        return outcome[1] == 0
                ? String.format(Locale.ROOT, "%d steps run, the parent kept", outcome[0])
                : String.format(
                        Locale.ROOT,
                        "%d steps run, best at step %d%s",
                        outcome[0],
                        outcome[1],
                        outcome[2] == 1 ? " of the bold run" : "");
    }

    private static String require(Map<String, String> a, String key) {
        String v = a.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing argument " + key + "=...");
        }
        return v;
    }

    /**
     * A fine-tuning setting from the command line: {@code new_item_lr}, {@code new_item_init},
     * {@code min_steps}, {@code min_step_share}, {@code validate_every}, {@code lr_schedule}, {@code bold_lr}, {@code bold_share}, {@code bold_probe}, {@code validate_on}, {@code shrink}, {@code keep}, {@code optimizer} ({@code fresh} or {@code resume}), {@code window}, {@code ema} (the weight average's decay) and {@code max_steps} (over {@code commonMaxSteps}) in {@code options} are the warm start's own settings, the other pairs
     * training overrides of the fine-tuning.
     */
    static Warm warm(double steps, int commonMaxSteps, int epochs, double replay, String options) {
        ModelOptions o = options.isBlank() ? ModelOptions.empty() : ModelOptions.parsePairs(options);
        // new_item_lr is the warm start's own setting (the new rows' learning-rate multiple), not a
        // training option of the model
        // as are min_steps (the budget's floor) and validate_every (steps between validations)
        Map<String, String> training = new LinkedHashMap<>(o.asMap());
        double newItemLr = Double.parseDouble(training.getOrDefault("new_item_lr", "1"));
        int minSteps = Integer.parseInt(training.getOrDefault("min_steps", "0"));
        double minStepShare = Double.parseDouble(training.getOrDefault("min_step_share", "0"));
        int validateEvery = Integer.parseInt(training.getOrDefault(
                "validate_every", Integer.toString(WarmStartConfig.defaults().validateEvery())));
        NewItemInit init = NewItemInit.parse(training.getOrDefault("new_item_init", NewItemInit.NEIGHBOURS.key()));
        FineTuneSchedule schedule =
                FineTuneSchedule.parse(training.getOrDefault("lr_schedule", FineTuneSchedule.CONSTANT.key()));
        training.remove("new_item_init");
        training.remove("lr_schedule");
        double bold = Double.parseDouble(training.getOrDefault("bold_lr", "0"));
        training.remove("bold_lr");
        double boldShare = Double.parseDouble(training.getOrDefault("bold_share", "0.5"));
        training.remove("bold_share");
        int boldProbe = Integer.parseInt(training.getOrDefault("bold_probe", "0"));
        training.remove("bold_probe");
        FineTuneValidation validation =
                FineTuneValidation.parse(training.getOrDefault("validate_on", FineTuneValidation.TRAINED.key()));
        training.remove("validate_on");
        double shrink = Double.parseDouble(training.getOrDefault("shrink", "1"));
        training.remove("shrink");
        FineTuneSelection keep = FineTuneSelection.parse(training.getOrDefault("keep", FineTuneSelection.BEST.key()));
        training.remove("keep");
        boolean resumeOptimizer = switch (training.getOrDefault("optimizer", "fresh")) {
            case "fresh" -> false;
            case "resume" -> true;
            default ->
                throw new IllegalArgumentException(
                        "optimizer must be fresh or resume, got " + training.get("optimizer"));
        };
        training.remove("optimizer");
        int window = Integer.parseInt(training.getOrDefault("window", "0"));
        training.remove("window");
        double average = Double.parseDouble(training.getOrDefault("ema", "0"));
        training.remove("ema");
        training.remove("new_item_lr");
        training.remove("min_steps");
        training.remove("min_step_share");
        training.remove("validate_every");
        // a candidate's own cap over the run's common one: a candidate whose steps are cheaper
        // (a smaller batch) scales its cap with its other step counts, which a common cap would
        // cut where the budgets reach it (ml-1m-partial)
        String ownMax = training.remove("max_steps");
        int maxSteps = ownMax == null ? commonMaxSteps : Integer.parseInt(ownMax);
        o = new ModelOptions(training);
        WarmStartConfig c = WarmStartConfig.defaults()
                .withEpochs(epochs)
                .withReplayRatio(replay)
                .withSteps(steps, maxSteps)
                .withMinSteps(minSteps)
                .withMinStepShare(minStepShare)
                .withValidateEvery(validateEvery)
                .withNewItemLrScale(newItemLr)
                .withNewItemInit(init)
                .withSchedule(schedule)
                .withBoldLrScale(bold)
                .withBoldShare(boldShare)
                .withBoldProbe(boldProbe)
                .withValidation(validation)
                .withShrink(shrink)
                .withSelection(keep)
                .withResumeOptimizer(resumeOptimizer)
                .withWindow(window)
                .withAverage(average);
        String label = String.format(
                Locale.ROOT,
                "%s, replay %.1f, new items' lr ×%s%s, options %s",
                steps > 0
                        ? steps + " steps per 1,000 new events"
                                + (minSteps > 0 ? " (min " + minSteps + ")" : "")
                                + (minStepShare > 0 ? " (min " + minStepShare + " of the first training's steps)" : "")
                                + (maxSteps > 0 ? " (max " + maxSteps + ")" : "")
                                + (validateEvery != WarmStartConfig.defaults().validateEvery()
                                        ? " (validated every " + validateEvery + ")"
                                        : "")
                        : (epochs > 0 ? epochs : "the model's") + " epochs",
                replay,
                newItemLr == Math.rint(newItemLr) ? Long.toString((long) newItemLr) : Double.toString(newItemLr),
                (init == NewItemInit.NEIGHBOURS ? "" : ", new rows " + init.key())
                        + (schedule == FineTuneSchedule.CONSTANT ? "" : ", lr schedule " + schedule.key())
                        + (bold == 0
                                ? ""
                                : boldProbe > 0
                                        ? ", a " + boldProbe + "-step probe at lr ×" + bold + ", the rest to its lead"
                                        : boldShare == 0.5
                                                ? ", half the budget at lr ×" + bold
                                                : ", " + boldShare + " of the budget at lr ×" + bold)
                        + (validation == FineTuneValidation.TRAINED
                                ? ""
                                : validation == FineTuneValidation.NONE
                                        ? ", not validated"
                                        : ", validated on the " + validation.key() + " users")
                        + (shrink == 1 ? "" : ", warm weights shrunk to " + shrink)
                        + (keep == FineTuneSelection.BEST ? "" : ", the latest weights within noise kept")
                        + (resumeOptimizer ? ", the parent's optimiser resumed" : "")
                        + (window > 0 ? ", the newest " + window + " transitions per user" : "")
                        + (average > 0 ? ", a moving average of the weights (decay " + average + ") kept" : ""),
                o.asMap());
        return new Warm(c, o, label);
    }

    /**
     * Chooses the fine-tuning on validation data inside the first 70%, never on a test window: a
     * chain of {@code chain} replay steps placed just before the cut ({@link #selectionBounds}). A
     * model trained on the events before {@code b[0]} is grown by each candidate, as the replay
     * grows its incremental model, with the events before {@code b[1]}, then from that update with
     * the events before {@code b[2]}, and so on; update {@code j} is measured on {@code [b[j],
     * b[j+1])} as the replay measures a window, beside a retrain on the same data (the time
     * reference) and the frozen first model. One step ({@code chain = 1}) sees only an update of a
     * model trained from scratch; the replay's later steps update updates, and a setting that
     * helps only there (issue 16, session 26: keeping the latest weights within noise) is seen
     * only by a chain. With several seeds the chain is run once per seed (its own first model,
     * retrains and updates) and the candidates are compared on the means over seeds and updates;
     * the best mean NDCG@10 whose mean CPU share of the retrain is within {@code maxTimeShare} is
     * chosen; null, with the figures written, when none is.
     *
     * <p>Beside the overall figures, each model is measured on the cases whose target the
     * selection's first model knows, once ranking only those items and once with the full ranking:
     * the difference is what the new items' rows cost the known targets (issue 16, session 10's
     * diagnostic O, here on validation data).
     */
    private static Warm select(
            String candidates,
            Dataset all,
            List<Ev> events,
            long[] bounds,
            String cutMode,
            ModelSpec spec,
            long[] seeds,
            EvalConfig eval,
            Path out,
            double maxTimeShare,
            int perUser,
            int maxSteps,
            int chain)
            throws Exception {
        long[] times = events.stream().mapToLong(Ev::ts).toArray();
        long[] b = selectionBounds(times, bounds[0], bounds[2] - bounds[1], cutMode, chain);
        Map<String, Long> firstSeen = new HashMap<>();
        for (Ev e : events) {
            firstSeen.putIfAbsent(e.item(), e.ts());
        }
        Set<String> known = new java.util.HashSet<>();
        firstSeen.forEach((item, ts) -> {
            if (ts < b[0]) {
                known.add(item);
            }
        });
        // per update j (1-based): its data, its window's cases, and which of them are on items
        // first seen after the selection's own first model (what the new items' rate is for)
        List<Case>[] cases = new List[chain + 1];
        boolean[][] fresh = new boolean[chain + 1][];
        boolean[][] old = new boolean[chain + 1][];
        Dataset[] sofar = new Dataset[chain + 1];
        int[] offset = new int[chain + 2]; // where window j's cases start in one seed's per-case row
        for (int j = 1; j <= chain; j++) {
            cases[j] = windowCases(events, b[j], b[j + 1], b[0], firstSeen, perUser);
            fresh[j] = freshMask(cases[j]);
            old[j] = new boolean[fresh[j].length];
            for (int i = 0; i < old[j].length; i++) {
                old[j][i] = !fresh[j][i];
            }
            sofar[j] = dataset(all, events, b[j]);
            offset[j + 1] = offset[j] + cases[j].size();
        }
        int perSeed = offset[chain + 1];
        List<Warm> warms = new ArrayList<>();
        for (String c : candidates.split(";")) {
            String[] p = c.trim().split("/", -1);
            if (p.length != 3) {
                throw new IllegalArgumentException("a candidate is steps/replay/options, got '" + c + "'");
            }
            warms.add(warm(Double.parseDouble(p[0]), maxSteps, 0, Double.parseDouble(p[1]), p[2].replace('+', ',')));
        }
        // rows: first model, retrain, then the candidates; per row the sums over seeds and updates
        // of NDCG@10, Recall@20, new-item R@20, known-only NDCG@10, full-ranking NDCG@10 on the
        // known cases, wall s, CPU s, CPU share
        int rows = warms.size() + 2;
        double[][] sums = new double[rows][8];
        String[][] outcomes = new String[rows][seeds.length * chain];
        // per row, each case's NDCG@10 over all updates and seeds (for the paired difference with
        // the first candidate)
        double[][] perCase = new double[rows][perSeed * seeds.length];
        StringBuilder log = new StringBuilder(String.format(
                Locale.ROOT,
                "selection (seeds %s, a chain of %d update(s)): a model of the %d events before the first 70%% minus"
                        + " %d windows, grown %d time(s) by one window as the replay grows it, each update measured"
                        + " on the next window (%d cases in all, %d on items new since that model; inside the"
                        + " training data of every replay step); load %s%n",
                Arrays.toString(seeds),
                chain,
                events.stream().filter(e -> e.ts() < b[0]).count(),
                chain + 1,
                chain,
                perSeed,
                java.util.stream.IntStream.rangeClosed(1, chain)
                        .map(j -> count(fresh[j]))
                        .sum(),
                loadAverage()));
        String header = "| candidate | val NDCG@10 | val Recall@20 | new-item R@20 | known-only NDCG@10 | full-ranking"
                + " NDCG@10 on those cases | new rows' cost | wall s | CPU s | CPU share of the retrain |"
                + " fine-tuning |%n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |%n";
        for (int si = 0; si < seeds.length; si++) {
            long seed = seeds[si];
            Path base = out.resolve("select-base");
            train(dataset(all, events, b[0]), spec, seed, eval, base);
            // each candidate's latest update: the parent of its next one
            Path[] parents = new Path[warms.size()];
            Arrays.fill(parents, base);
            for (int j = 1; j <= chain; j++) {
                int at = si * perSeed + offset[j];
                Dataset data = sofar[j];
                Path reDir = out.resolve("select-retrain");
                Cost reCost = timed(() -> train(data, spec, seed, eval, reDir));
                log.append(String.format(
                        Locale.ROOT,
                        "%nseed %d, update %d of %d (%d events; measured on %d cases); load %s%n" + header,
                        seed,
                        j,
                        chain,
                        data.numInteractions(),
                        cases[j].size(),
                        loadAverage()));
                addRow(
                        log,
                        sums[0],
                        perCase[0],
                        at,
                        "first model (no update)",
                        base,
                        cases[j],
                        known,
                        fresh[j],
                        old[j],
                        null,
                        1);
                addRow(
                        log,
                        sums[1],
                        perCase[1],
                        at,
                        "full retrain",
                        reDir,
                        cases[j],
                        known,
                        fresh[j],
                        old[j],
                        reCost,
                        reCost.cpu());
                System.out.print(log.substring(log.lastIndexOf("\nseed ") + 1));
                for (int ci = 0; ci < warms.size(); ci++) {
                    Warm w = warms.get(ci);
                    Path parent = parents[ci];
                    Path dir = out.resolve("select-inc-" + ci + "-" + j);
                    int[][] outcome = new int[1][];
                    Cost cost = timed(() -> {
                        UseCases.WarmStarted r = UseCases.warmStartAndSave(
                                parent,
                                data,
                                "loo",
                                HistoryMask.HISTORY,
                                w.options(),
                                w.config(),
                                seed,
                                eval,
                                Map.of(),
                                dir);
                        outcome[0] = outcome(r);
                        r.saved().ifPresent(x -> close(x.trained().model()));
                    });
                    String described = describe(outcome[0]);
                    outcomes[ci + 2][si * chain + j - 1] = described;
                    addRow(
                            log,
                            sums[ci + 2],
                            perCase[ci + 2],
                            at,
                            w.label() + " | " + described,
                            dir,
                            cases[j],
                            known,
                            fresh[j],
                            old[j],
                            cost,
                            reCost.cpu());
                    if (!parent.equals(base)) {
                        deleteTree(parent);
                    }
                    parents[ci] = dir;
                    System.out.print(log.substring(log.lastIndexOf("\n", log.length() - 2) + 1));
                    Files.writeString(out.resolve("selection.md"), log.toString());
                }
                deleteTree(reDir);
            }
            for (Path p : parents) {
                if (!p.equals(base)) {
                    deleteTree(p);
                }
            }
            deleteTree(base);
        }
        int n = seeds.length * chain; // figures are means over seeds and updates
        log.append(String.format(
                Locale.ROOT,
                "%nmeans over %d seed(s) × %d update(s); Δ = mean paired difference of NDCG@10 with the first"
                        + " candidate over the %d cases × seeds ± its standard error (cases of one user are not"
                        + " independent: a lower bound)%n| candidate | val NDCG@10 | Δ vs first candidate | val"
                        + " Recall@20 | new-item R@20 | known-only NDCG@10 | full-ranking on known | new rows' cost |"
                        + " CPU share | fine-tuning per seed and update |%n| --- | --- | --- | --- | --- | --- | --- |"
                        + " --- | --- | --- |%n",
                seeds.length,
                chain,
                perSeed));
        Warm best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < rows; r++) {
            double[] m = sums[r];
            String label = r == 0
                    ? "first model (no update)"
                    : r == 1 ? "full retrain" : warms.get(r - 2).label();
            String delta = "–";
            if (r >= 2 && warms.size() > 0) {
                double[] d = new double[perCase[r].length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = perCase[r][i] - perCase[2][i];
                }
                double md = mean(d);
                double var = 0;
                for (double x : d) {
                    var += (x - md) * (x - md);
                }
                double se = d.length > 1 ? Math.sqrt(var / (d.length - 1) / d.length) : Double.NaN;
                delta = r == 2 ? "(reference)" : String.format(Locale.ROOT, "%+.4f ± %.4f", md, se);
            }
            log.append(String.format(
                    Locale.ROOT,
                    "| %s | %.4f | %s | %.4f | %.4f | %.4f | %.4f | %.1f%% | %s | %s |%n",
                    label,
                    m[0] / n,
                    delta,
                    m[1] / n,
                    m[2] / n,
                    m[3] / n,
                    m[4] / n,
                    m[3] > 0 ? 100 * (m[4] - m[3]) / m[3] : 0.0,
                    r == 0 ? "–" : String.format(Locale.ROOT, "%.0f%%", 100 * m[7] / n),
                    r < 2 ? "–" : String.join("; ", outcomes[r])));
            if (r >= 2 && m[7] / n <= maxTimeShare && m[0] / n > bestValue) {
                best = warms.get(r - 2);
                bestValue = m[0] / n;
            }
        }
        if (best == null) {
            // the figures are worth keeping even when none may be chosen
            log.append("chosen: none (no candidate within ")
                    .append(Math.round(100 * maxTimeShare))
                    .append("% of the retrain's CPU time)\n");
            Files.writeString(out.resolve("selection.md"), log.toString());
            System.out.print(log.substring(log.indexOf("\nmeans over") + 1));
            return null;
        }
        log.append("chosen: ")
                .append(best.label())
                .append(" (best mean validation NDCG@10 within ")
                .append(Math.round(100 * maxTimeShare))
                .append("% of the retrain's CPU time)\n");
        Files.writeString(out.resolve("selection.md"), log.toString());
        System.out.print(log.substring(log.lastIndexOf("\nmeans over") + 1));
        return best;
    }

    /**
     * Where a selection chain of {@code chain} updates starts and steps: {@code b[0]} the first
     * model's cut, update {@code j} trained on everything before {@code b[j]} and measured on
     * {@code [b[j], b[j+1])}, {@code b[chain + 1] = cut}. By time ({@code cutMode = "time"}) the
     * windows are the replay's own width; by events each holds 5% of them, as the replay's do
     * ({@code b[j]} the time of the event at {@code 70 - 5 (chain + 1 - j)} percent). A chain of one
     * is the single step of earlier sessions (60% and 65% by events).
     *
     * @param times every event's time, ascending
     * @throws IllegalArgumentException when the chain is shorter than one or starts before the data
     */
    static long[] selectionBounds(long[] times, long cut, long width, String cutMode, int chain) {
        if (chain < 1) {
            throw new IllegalArgumentException("select_chain must be at least 1, got " + chain);
        }
        long[] b = new long[chain + 2];
        for (int j = 0; j <= chain; j++) {
            int back = chain + 1 - j;
            if (cutMode.equals("time")) {
                b[j] = cut - back * width;
            } else {
                int percent = 70 - 5 * back;
                // percent / 100.0 is the same double as the literal (0.65, not 0.7 - 0.05)
                b[j] = percent > 0 ? times[(int) (percent / 100.0 * times.length)] : Long.MIN_VALUE;
            }
        }
        b[chain + 1] = cut;
        if (b[0] <= times[0]) {
            throw new IllegalArgumentException(
                    "select_chain=" + chain + " starts before the data's first event: at most "
                            + (cutMode.equals("time") ? "(cut - first event) / window - 1" : "12") + " updates fit");
        }
        return b;
    }

    /**
     * Measures the model in {@code dir} on the selection's cases, adds its figures to {@code sum}
     * (see {@link #select}) and its per-case NDCG@10 to {@code perCase} from index {@code at}
     * (the seed's and the update's place), and appends its table row.
     */
    private static void addRow(
            StringBuilder log,
            double[] sum,
            double[] perCase,
            int at,
            String label,
            Path dir,
            List<Case> validation,
            Set<String> known,
            boolean[] fresh,
            boolean[] old,
            Cost cost,
            double retrainCpu)
            throws IOException {
        Scores s = measure(dir, validation);
        double knownOnly = mean(measure(dir, validation, known).ndcg10(), old);
        double full = mean(s.ndcg10(), old);
        double newRecall = s.recallWhere(fresh);
        double[] f = {
            s.ndcg(),
            s.recall(),
            Double.isNaN(newRecall) ? 0 : newRecall,
            knownOnly,
            full,
            cost == null ? 0 : cost.wall(),
            cost == null ? 0 : cost.cpu(),
            cost == null ? 0 : cost.cpu() / retrainCpu
        };
        for (int i = 0; i < f.length; i++) {
            sum[i] += f[i];
        }
        System.arraycopy(s.ndcg10(), 0, perCase, at, validation.size());
        String[] parts = label.split(" \\| ", 2);
        log.append(String.format(
                Locale.ROOT,
                "| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.1f%% | %s | %s | %s | %s |%n",
                parts[0],
                f[0],
                f[1],
                newRecall,
                knownOnly,
                full,
                knownOnly > 0 ? 100 * (full - knownOnly) / knownOnly : 0.0,
                cost == null ? "–" : String.format(Locale.ROOT, "%.1f", cost.wall()),
                cost == null ? "–" : String.format(Locale.ROOT, "%.1f", cost.cpu()),
                cost == null ? "–" : String.format(Locale.ROOT, "%.0f%%", 100 * f[7]),
                parts.length > 1 ? parts[1] : "–"));
    }

    /** Window {@code [start, end)}'s cases in time order, at most {@code perUser} a user. */
    private static List<Case> windowCases(
            List<Ev> events, long start, long end, long cut, Map<String, Long> firstSeen, int perUser) {
        Map<String, List<String>> history = new HashMap<>();
        Map<String, Integer> counted = new HashMap<>();
        List<Case> out = new ArrayList<>();
        for (Ev e : events) {
            if (e.ts() >= end) {
                break;
            }
            List<String> h = history.computeIfAbsent(e.user(), x -> new ArrayList<>());
            if (e.ts() >= start) {
                boolean knowable = firstSeen.get(e.item()) < start;
                if (knowable && counted.merge(e.user(), 1, Integer::sum) <= perUser) {
                    out.add(new Case(e.user(), List.copyOf(h), e.item(), firstSeen.get(e.item()) >= cut));
                }
            }
            h.add(e.item());
        }
        return out;
    }

    /** The events before {@code until} as a data set (ids in order of first appearance in time). */
    private static Dataset dataset(Dataset all, List<Ev> events, long until) {
        IdMap users = new IdMap(false);
        IdMap items = new IdMap(true);
        List<List<Integer>> seqs = new ArrayList<>();
        List<List<Long>> times = new ArrayList<>();
        for (Ev e : events) {
            if (e.ts() >= until) {
                break;
            }
            int u = users.add(e.user());
            int i = items.add(e.item());
            if (u == seqs.size()) {
                seqs.add(new ArrayList<>());
                times.add(new ArrayList<>());
            }
            seqs.get(u).add(i);
            times.get(u).add(e.ts());
        }
        int[][] s = seqs.stream()
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
        long[][] t = times.stream()
                .map(l -> l.stream().mapToLong(Long::longValue).toArray())
                .toArray(long[][]::new);
        return new Dataset(all.name(), users, items, s, t, null, all.catalog());
    }

    private static void train(Dataset d, ModelSpec spec, long seed, EvalConfig eval, Path dir) throws IOException {
        UseCases.Saved saved =
                UseCases.trainAndSave(d, Experiments.split(d, "loo", seed), spec, seed, eval, Map.of(), dir);
        close(saved.trained().model());
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    private static Cost timed(Body body) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime();
        long w0 = System.nanoTime();
        body.run();
        return new Cost((System.nanoTime() - w0) / 1e9, (os.getProcessCpuTime() - c0) / 1e9);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** NDCG@10 and hit@20 of each case: full ranking over the model's items, the history masked. */
    private static Scores measure(Path dir, List<Case> cases) throws IOException {
        return measure(dir, cases, null);
    }

    /**
     * As {@link #measure(Path, List)}, ranking only the items in {@code only} (null: all the
     * model's items); a target outside it is a miss.
     */
    private static Scores measure(Path dir, List<Case> cases, Set<String> only) throws IOException {
        LoadedModel m = ModelArtifact.load(dir);
        try {
            int n = m.model().numItems();
            boolean[] dropped = new boolean[n + 1];
            if (only != null) {
                for (int i = 1; i <= n; i++) {
                    dropped[i] = !only.contains(m.items().external(i));
                }
            }
            double[] ndcg = new double[cases.size()];
            double[] hit = new double[cases.size()];
            int chunk = 256;
            for (int from = 0; from < cases.size(); from += chunk) {
                int to = Math.min(cases.size(), from + chunk);
                int[][] hs = new int[to - from][];
                for (int b = from; b < to; b++) {
                    hs[b - from] = cases.get(b).history().stream()
                            .map(i -> m.items().get(i))
                            .filter(java.util.OptionalInt::isPresent)
                            .mapToInt(java.util.OptionalInt::getAsInt)
                            .toArray();
                }
                float[][] scores = new float[to - from][n + 1];
                int[] users = new int[to - from];
                Arrays.fill(users, -1);
                m.model().scoreBatch(users, hs, scores);
                for (int b = 0; b < to - from; b++) {
                    int target = m.items().get(cases.get(from + b).target()).orElse(-1);
                    if (target < 0) {
                        continue; // an item this model does not know: a miss
                    }
                    float[] s = scores[b];
                    if (dropped[target]) {
                        continue;
                    }
                    for (int i = 1; i <= n; i++) {
                        if (dropped[i]) {
                            s[i] = Float.NEGATIVE_INFINITY;
                        }
                    }
                    for (int i : hs[b]) {
                        if (i != target) {
                            s[i] = Float.NEGATIVE_INFINITY;
                        }
                    }
                    float t = s[target];
                    int rank = 0;
                    for (int i = 1; i <= n; i++) {
                        if (s[i] > t) {
                            rank++;
                        }
                    }
                    if (rank < 10) {
                        ndcg[from + b] = 1 / (Math.log(rank + 2) / Math.log(2));
                    }
                    if (rank < 20) {
                        hit[from + b] = 1;
                    }
                }
            }
            return new Scores(ndcg, hit);
        } finally {
            close(m.model());
        }
    }

    /** The mean of {@code values} where {@code mask} holds (NaN when nowhere). */
    private static double mean(double[] values, boolean[] mask) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                s += values[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    private static boolean[] freshMask(List<Case> cases) {
        boolean[] m = new boolean[cases.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = cases.get(i).fresh();
        }
        return m;
    }

    private static int count(boolean[] m) {
        int n = 0;
        for (boolean b : m) {
            n += b ? 1 : 0;
        }
        return n;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double sd(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    /**
     * Mean ± sd over seeds per step, the ratio incremental / retrain of NDCG@10 with a paired
     * test across users (each user's mean difference over its cases and the seeds), time ratios.
     */
    private static String summary(
            List<Case>[] cases, Scores[][][] scores, Cost[][][] costs, int[][][] tuned, int seeds) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                "| step | cases (new) | users | NDCG@10 inc | retrain | frozen | inc / retrain [95% CI, paired over users]"
                        + " | inc / frozen | Recall@20 inc | retrain | frozen | new-item R@20 inc | retrain"
                        + " | wall s inc | retrain | wall ratio | CPU s inc | retrain | CPU ratio"
                        + " | inc steps run (mean) | parent kept |\n");
        sb.append("|" + " --- |".repeat(21) + "\n");
        double[] totals = new double[4];
        for (int k = 1; k <= 6; k++) {
            int kk = k;
            double[][] nd = new double[3][seeds];
            double[][] rc = new double[3][seeds];
            double[][] nr = new double[2][seeds];
            double[][] wall = new double[2][seeds];
            double[][] cpu = new double[2][seeds];
            boolean[] fresh = freshMask(cases[k]);
            for (int s = 0; s < seeds; s++) {
                for (int m = 0; m < 3; m++) {
                    nd[m][s] = scores[s][k][m].ndcg();
                    rc[m][s] = scores[s][k][m].recall();
                }
                for (int m = 0; m < 2; m++) {
                    nr[m][s] = scores[s][k][m].recallWhere(fresh);
                    wall[m][s] = costs[s][k][m].wall();
                    cpu[m][s] = costs[s][k][m].cpu();
                }
            }
            // paired across users: each user's mean over its cases and the seeds
            Map<String, double[]> perUser = new LinkedHashMap<>();
            for (int i = 0; i < cases[k].size(); i++) {
                double[] acc = perUser.computeIfAbsent(cases[k].get(i).user(), x -> new double[2]);
                for (int s = 0; s < seeds; s++) {
                    acc[0] += scores[s][kk][0].ndcg10()[i] - scores[s][kk][1].ndcg10()[i];
                }
                acc[1] += seeds;
            }
            // how much of the budget the fine-tunings used, and how often the parent stayed
            double stepsRun = 0;
            int reported = 0;
            int kept = 0;
            for (int s = 0; s < seeds; s++) {
                int[] t = tuned[s][k];
                if (t != null) {
                    stepsRun += t[0];
                    reported++;
                    kept += t[1] == 0 ? 1 : 0;
                }
            }
            String tuning = reported == 0
                    ? "– | –"
                    : String.format(Locale.ROOT, "%.0f | %d of %d", stepsRun / reported, kept, reported);
            double[] diffs =
                    perUser.values().stream().mapToDouble(v -> v[0] / v[1]).toArray();
            // the ratio is of the table's (per-case) means; its interval uses the standard error of
            // the users' mean differences (a user's cases are not independent), t is that of the
            // users' paired differences
            double caseDiff = mean(nd[0]) - mean(nd[1]);
            double se = sd(diffs) / Math.sqrt(Math.max(1, diffs.length));
            double userDiff = mean(diffs);
            double re = mean(nd[1]);
            String ratio = k == 1
                    ? "1 (same model)"
                    : String.format(
                            Locale.ROOT,
                            "%.2f [%.2f, %.2f] (t = %.1f)",
                            1 + caseDiff / re,
                            1 + (caseDiff - 1.96 * se) / re,
                            1 + (caseDiff + 1.96 * se) / re,
                            se == 0 ? 0 : userDiff / se);
            if (k > 1) {
                totals[0] += mean(wall[0]);
                totals[1] += mean(wall[1]);
                totals[2] += mean(cpu[0]);
                totals[3] += mean(cpu[1]);
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "| %d | %d (%d) | %d | %s | %s | %s | %s | %.2f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    k,
                    cases[k].size(),
                    count(fresh),
                    perUser.size(),
                    pm(nd[0]),
                    pm(nd[1]),
                    pm(nd[2]),
                    ratio,
                    mean(nd[0]) / mean(nd[2]),
                    pm(rc[0]),
                    pm(rc[1]),
                    pm(rc[2]),
                    pm(nr[0]),
                    pm(nr[1]),
                    k == 1 ? "–" : pm1(wall[0]),
                    k == 1 ? "–" : pm1(wall[1]),
                    k == 1 ? "–" : String.format(Locale.ROOT, "%.0f%%", 100 * mean(wall[0]) / mean(wall[1])),
                    k == 1 ? "–" : pm1(cpu[0]),
                    k == 1 ? "–" : pm1(cpu[1]),
                    k == 1 ? "–" : String.format(Locale.ROOT, "%.0f%%", 100 * mean(cpu[0]) / mean(cpu[1])),
                    tuning));
        }
        sb.append(String.format(
                Locale.ROOT,
                "steps 2–6 together: incremental %.1f s wall / %.1f CPU s, retrain %.1f s / %.1f CPU s: %.0f%% of the"
                        + " wall time, %.0f%% of the CPU time%n",
                totals[0],
                totals[2],
                totals[1],
                totals[3],
                100 * totals[0] / totals[1],
                100 * totals[2] / totals[3]));
        return sb.toString();
    }

    private static String pm(double[] v) {
        if (Double.isNaN(mean(v))) {
            return "–";
        }
        return v.length < 2
                ? String.format(Locale.ROOT, "%.4f", mean(v))
                : String.format(Locale.ROOT, "%.4f ± %.4f", mean(v), sd(v));
    }

    private static String pm1(double[] v) {
        return v.length < 2
                ? String.format(Locale.ROOT, "%.1f", mean(v))
                : String.format(Locale.ROOT, "%.1f ± %.1f", mean(v), sd(v));
    }

    private static void plot(Scores[][][] scores, Cost[][][] costs, int seeds, Path file, String name)
            throws IOException {
        XYChart ndcg = new XYChartBuilder()
                .width(900)
                .height(420)
                .title("Time replay on " + name + ": NDCG@10 on the next window (mean ± sd over " + seeds + " seeds)")
                .xAxisTitle("step (window)")
                .yAxisTitle("NDCG@10")
                .build();
        double[] x = {1, 2, 3, 4, 5, 6};
        String[] names = {"incremental", "full retrain", "frozen first model"};
        for (int m = 0; m < 3; m++) {
            double[] y = new double[6];
            double[] e = new double[6];
            for (int k = 1; k <= 6; k++) {
                double[] v = new double[seeds];
                for (int s = 0; s < seeds; s++) {
                    v[s] = scores[s][k][m].ndcg();
                }
                y[k - 1] = mean(v);
                e[k - 1] = sd(v);
            }
            ndcg.addSeries(names[m], x, y, e);
        }
        XYChart time = new XYChartBuilder()
                .width(900)
                .height(420)
                .title("Wall time per step (s), mean over seeds")
                .xAxisTitle("step (window)")
                .yAxisTitle("seconds")
                .build();
        double[] x2 = {2, 3, 4, 5, 6};
        for (int m = 0; m < 2; m++) {
            double[] y = new double[5];
            for (int k = 2; k <= 6; k++) {
                double[] v = new double[seeds];
                for (int s = 0; s < seeds; s++) {
                    v[s] = costs[s][k][m].wall();
                }
                y[k - 2] = mean(v);
            }
            time.addSeries(names[m], x2, y);
        }
        java.awt.image.BufferedImage a = BitmapEncoder.getBufferedImage(ndcg);
        java.awt.image.BufferedImage b = BitmapEncoder.getBufferedImage(time);
        java.awt.image.BufferedImage both = new java.awt.image.BufferedImage(
                a.getWidth(), a.getHeight() + b.getHeight(), java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = both.createGraphics();
        g.drawImage(a, 0, 0, null);
        g.drawImage(b, 0, a.getHeight(), null);
        g.dispose();
        javax.imageio.ImageIO.write(both, "png", file.toFile());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void close(Object model) {
        if (model instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
