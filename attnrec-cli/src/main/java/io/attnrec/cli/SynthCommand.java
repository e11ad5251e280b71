package io.attnrec.cli;

import io.attnrec.core.synth.SynthConfig;
import io.attnrec.core.synth.SyntheticWorld;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code attnrec synth}: a licence-free data set with planted interests. */
@Command(
        name = "synth",
        mixinStandardHelpOptions = true,
        description = "Write a synthetic world: items in topics, users with 1..K drifting interests,"
                + " behaviour sequences (RecBole atomic files) and the planted truth beside them.")
final class SynthCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--users", defaultValue = "2000", description = "Number of users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--items", defaultValue = "1000", description = "Number of items (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--topics", defaultValue = "20", description = "Number of topics (default: ${DEFAULT-VALUE}).")
    int topics;

    @Option(
            names = "--interests",
            defaultValue = "4",
            paramLabel = "K",
            description = "Each user holds 1..K interests (default: ${DEFAULT-VALUE}).")
    int interests;

    @Option(
            names = "--min-interests",
            defaultValue = "1",
            paramLabel = "N",
            description = "Each user holds at least N interests (default: ${DEFAULT-VALUE}).")
    int minInterests;

    @Option(
            names = "--switch-prob",
            defaultValue = "0.15",
            paramLabel = "P",
            description =
                    "Per step, the probability of moving to another of one's interests (default: ${DEFAULT-VALUE}).")
    double switchProb;

    @Option(
            names = "--sequential-prob",
            defaultValue = "0.6",
            paramLabel = "P",
            description = "Per step, the probability that the next item is the successor of one's last item of"
                    + " the topic rather than a popularity draw (default: ${DEFAULT-VALUE}).")
    double sequentialProb;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        SynthConfig config = SynthConfig.defaults()
                .withTopics(topics)
                .withItems(items)
                .withUsers(users)
                .withInterests(minInterests, interests)
                .withSeed(seed);
        config = config.withProbabilities(switchProb, config.driftProb(), sequentialProb);
        SyntheticWorld world = SyntheticWorld.generate(config);
        world.writeTo(out);
        System.out.printf(
                "wrote %d events of %d users on %d items in %d topics to %s (synth.inter, synth.item, truth_*.tsv)%n",
                world.events().size(), users, items, topics, out);
        return 0;
    }
}
