package io.attnrec.cli;

import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.experiment.TrainedModel;
import io.attnrec.core.experiment.UseCases;
import io.attnrec.core.model.ModelOptions;
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
        description = "Train one model on the training part of a split and save it.")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "NAME",
            description = "Model name, optionally with :key=value options.")
    String model;

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
}
