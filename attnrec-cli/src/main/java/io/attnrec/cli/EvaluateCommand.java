package io.attnrec.cli;

import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.report.ComparisonReport;
import io.attnrec.core.split.Split;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code attnrec evaluate}: test metrics of a saved model. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on the test part of the same split it was trained on.")
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

    @Override
    public Integer call() throws Exception {
        LoadedModel loaded = ModelArtifact.load(modelDir);
        Dataset d = Experiments.load(data.toSpec(), Cli::info);
        // The split must be the one the model was trained on: same protocol and seed.
        Split split = Experiments.splitOf(loaded, d, eval.protocol, data.data.toString());
        EvalConfig config = eval.toConfig();
        EvaluationResult r = new Evaluator(config, split.train()).evaluate(loaded.model(), split.test());
        ComparisonReport report = Experiments.savedModelReport(d, split, loaded, r);
        System.out.print(report.toText());
        if (json != null) {
            report.writeJson(json);
        }
        return 0;
    }
}
