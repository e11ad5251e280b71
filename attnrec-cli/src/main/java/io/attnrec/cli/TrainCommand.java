package io.attnrec.cli;

import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.experiment.TrainedModel;
import io.attnrec.core.experiment.UseCases;
import io.attnrec.core.model.Lineage;
import io.attnrec.core.model.Manifest;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.WarmStartConfig;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.split.Split;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code attnrec train}: one model, saved as an artifact directory. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train one model on the training part of a split and save it.",
            "With --from DIR, continue the model in DIR on the data to date instead: its ids stay, new items"
                    + " and users are added, and it is fine-tuned on the users with new events and a replayed"
                    + " sample of the others."
        })
final class TrainCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(
            names = "--model",
            paramLabel = "NAME",
            description = "Model name, optionally with :key=value options (with --from: options that replace the"
                    + " parent's).")
    String model;

    @Option(
            names = "--from",
            paramLabel = "DIR",
            description = "A saved model to continue from (warm start) instead of training from scratch.")
    Path from;

    @Mixin
    WarmStartOptions warm;

    @Option(names = "--config", paramLabel = "FILE", description = "Model options as key=value lines or a JSON object.")
    Path config;

    @Option(names = "--epochs", paramLabel = "N", description = "Shortcut for the model option epochs=N.")
    Integer epochs;

    @Mixin
    EvalOptions eval;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the model into.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (from != null) {
            return warmStart();
        }
        if (model == null) {
            throw new IllegalArgumentException("--model is required (or --from DIR to continue a saved model)");
        }
        ModelSpec spec = ModelSpec.parse(model);
        Map<String, String> options = new LinkedHashMap<>();
        if (config != null) {
            options.putAll(ModelConfigFile.read(config));
        }
        options.putAll(spec.options().asMap());
        if (epochs != null) {
            options.put("epochs", Integer.toString(epochs));
        }
        ModelSpec full = new ModelSpec(spec.name(), new ModelOptions(options), spec.text());
        ModelOptionCheck.check(full); // before the data set is loaded: a typo fails at once
        Dataset d = Experiments.load(data.toSpec(), Cli::info);
        Split split = Experiments.split(d, eval.protocol, eval.seed, eval.historyMask());
        Cli.info("training " + full.name() + " " + options + " on " + d.name() + " (" + split.protocol() + ")");
        UseCases.Saved saved =
                UseCases.trainAndSave(d, split, full, eval.seed, eval.toConfig(), data.toManifest(), out);
        TrainedModel trained = saved.trained();
        EvaluationResult val = saved.validation();
        System.out.printf(Locale.ROOT, "trained %s in %.1f s; validation:%n", full.name(), trained.trainSeconds());
        new TreeMap<>(val.metrics()).forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-14s %.4f%n", k, v));
        System.out.println("saved to " + out);
        return 0;
    }

    private Integer warmStart() throws Exception {
        String parentModel = Manifest.read(from.resolve(Manifest.FILE)).model();
        Map<String, String> overrides = new LinkedHashMap<>();
        if (config != null) {
            overrides.putAll(ModelConfigFile.read(config));
        }
        if (model != null) {
            ModelSpec spec = ModelSpec.parse(model);
            if (!spec.name().equals(parentModel)) {
                throw new IllegalArgumentException(
                        "--model " + spec.name() + " differs from the '" + parentModel + "' model in " + from);
            }
            overrides.putAll(spec.options().asMap());
        }
        if (epochs != null) {
            overrides.put("epochs", Integer.toString(epochs));
        }
        WarmStartConfig warmConfig = warm.toConfig(); // checked before the data set is loaded
        Dataset d = Experiments.load(data.toSpec(), Cli::info);
        Cli.info("continuing " + parentModel + " from " + from + " on " + d.name());
        UseCases.WarmStarted w = UseCases.warmStartAndSave(
                from,
                d,
                eval.protocol,
                eval.historyMask(),
                new ModelOptions(overrides),
                warmConfig,
                eval.seed,
                eval.toConfig(),
                data.toManifest(),
                out);
        if (w.nothingToDo()) {
            System.out.println("nothing to do: no user's training data changed since " + from);
            return 0;
        }
        UseCases.Saved saved = w.saved().orElseThrow();
        Lineage l = w.lineage().orElseThrow();
        try {
            System.out.printf(
                    Locale.ROOT,
                    "%s %s in %.1f s: +%d items, +%d users, %d new events; %d recent and %d replayed users;"
                            + " validation:%n",
                    l.mode(),
                    parentModel,
                    saved.trained().trainSeconds(),
                    l.itemsAdded(),
                    l.usersAdded(),
                    l.eventsAdded(),
                    l.recentUsers(),
                    l.replayedUsers());
            new TreeMap<>(saved.validation().metrics())
                    .forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-14s %.4f%n", k, v));
            WarmStartOptions.fineTuningLine(saved.trained().model().trainingSteps(), l.rootTrainSteps())
                    .ifPresent(System.out::println);
            System.out.println("saved to " + out);
        } finally {
            if (saved.trained().model() instanceof AutoCloseable c) {
                c.close();
            }
        }
        return 0;
    }
}
