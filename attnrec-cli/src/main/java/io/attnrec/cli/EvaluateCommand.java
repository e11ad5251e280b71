package io.attnrec.cli;

import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.experiment.UseCases;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.report.ComparisonReport;
import io.attnrec.core.split.Split;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code attnrec evaluate}: test metrics of a saved model. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description =
                "Evaluate a saved model on the test part of the same split it was trained on (data and protocol from its manifest unless --data / --protocol are given).")
final class EvaluateCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            required = true,
            paramLabel = "DIR",
            description = "A directory written by attnrec train.")
    Path modelDir;

    @Mixin
    DataOptions data;

    @Mixin
    EvalOptions eval;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON report here.")
    Path json;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        LoadedModel loaded = ModelArtifact.load(modelDir);
        // Without --data / --protocol, the data set and split the model was trained on, as its
        // manifest records them.
        DataSpec dataSpec = data.given()
                ? data.toSpec()
                : DataOptions.fromManifest(loaded.info().dataSpec());
        if (!command.commandLine().getParseResult().hasMatchedOption("--protocol")
                && loaded.info().protocol().containsKey("name")) {
            eval.protocol = loaded.info().protocol().get("name");
        }
        if (!command.commandLine().getParseResult().hasMatchedOption("--mask")
                && loaded.info().protocol().containsKey("history_mask")) {
            eval.mask = loaded.info().protocol().get("history_mask");
        }
        Dataset d = Experiments.load(dataSpec, Cli::info);
        // The split must be the one the model was trained on: same protocol and seed.
        Split split = Experiments.split(d, eval.protocol, loaded.info().seed(), eval.historyMask());
        ComparisonReport report = UseCases.evaluateSaved(loaded, d, split, eval.toConfig());
        System.out.print(report.toText());
        if (json != null) {
            report.writeJson(json);
        }
        return 0;
    }
}
