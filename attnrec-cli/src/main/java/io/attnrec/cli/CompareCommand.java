package io.attnrec.cli;

import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.rating.RatingProtocol;
import io.attnrec.core.report.ComparisonReport;
import io.attnrec.core.split.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code attnrec compare}: several models, one split, one table. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Train and evaluate several models on the same split; print a table.")
final class CompareCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(
            names = "--models",
            required = true,
            paramLabel = "LIST",
            description = "Comma-separated model specs, e.g. pop,itemknn,ease:lambda=200,bpr:epochs=20")
    String models;

    @Mixin
    EvalOptions eval;

    @Option(
            names = "--folds",
            defaultValue = "5",
            paramLabel = "N",
            description = "Rating protocol only: run the first N folds (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON report here.")
    Path json;

    @Option(names = "--report", paramLabel = "DIR", description = "Write the table as Markdown (report.md) here.")
    Path report;

    @Override
    public Integer call() throws Exception {
        List<ModelSpec> specs = ModelSpec.parseList(models);
        specs.forEach(ModelOptionCheck::check); // before the data set is loaded: a typo fails at once
        Dataset d = Experiments.load(data.toSpec(), Cli::info);
        ComparisonReport r;
        if (eval.protocol.equals("rating")) {
            // Rating prediction has its own folds and metrics (RMSE, MAE), not a ranking split.
            r = RatingProtocol.compare(d, data.toSpec(), specs, folds, eval.seed, Cli::info);
        } else {
            Split split = Experiments.split(d, eval.protocol, eval.seed, eval.historyMask());
            EvalConfig config = eval.toConfig();
            r = Experiments.compare(d, data.toSpec().path(), split, specs, config, eval.seed, Cli::info);
        }
        System.out.print(r.toText());
        if (json != null) {
            r.writeJson(json);
            Cli.info("wrote " + json);
        }
        if (report != null) {
            Files.createDirectories(report);
            Files.writeString(report.resolve("report.md"), r.toMarkdown());
            Cli.info("wrote " + report.resolve("report.md"));
        }
        return 0;
    }
}
