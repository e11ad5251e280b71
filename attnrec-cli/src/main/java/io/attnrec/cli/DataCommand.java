package io.attnrec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.prep.DatasetStats;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code attnrec data ...}: looking at a data set before training on it. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Inspect data sets.",
        subcommands = {DataCommand.Stats.class})
final class DataCommand {

    @Command(
            name = "stats",
            mixinStandardHelpOptions = true,
            description = "Print users, items, interactions, density, sequence-length and popularity distributions.")
    static final class Stats implements Callable<Integer> {

        @Mixin
        DataOptions data;

        @Option(names = "--json", paramLabel = "FILE", description = "Also write the statistics as JSON.")
        Path json;

        @Override
        public Integer call() throws Exception {
            Dataset d = Experiments.load(data.toSpec(), Cli::info);
            DatasetStats stats = DatasetStats.of(d);
            System.out.println("data set: " + d.name());
            System.out.print(stats.toText());
            if (json != null) {
                new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValue(json.toFile(), Experiments.describe(d));
            }
            return 0;
        }
    }
}
