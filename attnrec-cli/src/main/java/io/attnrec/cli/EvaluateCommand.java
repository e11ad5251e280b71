package io.attnrec.cli;

import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.report.ComparisonReport;
import io.attnrec.core.report.ModelResult;
import io.attnrec.core.split.Split;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Dataset d = Experiments.load(dataSpec, Cli::info);
        // The split must be the one the model was trained on: same protocol and seed.
        Split split = Experiments.split(d, eval.protocol, loaded.info().seed(), eval.historyMask());
        String fingerprint = ModelArtifact.fingerprint(split.train());
        if (!fingerprint.equals(loaded.info().dataFingerprint())) {
            throw new IllegalArgumentException(
                    "the model was trained on other data than " + dataSpec.path() + " with protocol " + eval.protocol
                            + " (data fingerprint differs); use the same data, protocol and preparation options");
        }
        EvalConfig config = eval.toConfig();
        EvaluationResult r = new Evaluator(config, split.train()).evaluate(loaded.model(), split.test());
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("name", split.protocol());
        protocol.putAll(split.settings());
        protocol.put("seed", loaded.info().seed());
        ComparisonReport report = new ComparisonReport(
                Experiments.describe(d),
                protocol,
                List.of(new ModelResult(
                        loaded.info().model(), r.metrics(), loaded.info().trainSeconds(), r.seconds(), r.users())));
        System.out.print(report.toText());
        if (json != null) {
            report.writeJson(json);
        }
        return 0;
    }
}
