package io.attnrec.cli;

import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.split.HistoryMask;
import io.attnrec.core.split.Protocol;
import picocli.CommandLine.Option;

/** Protocol and metric options shared by compare, train and evaluate. */
final class EvalOptions {

    @Option(
            names = "--protocol",
            defaultValue = "loo",
            description =
                    "loo (leave-one-out), temporal, user (ComiRec user split), coldstart (withheld items) or rating (MovieLens folds, compare only; default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(
            names = "--mask",
            defaultValue = "history",
            paramLabel = "MASK",
            description =
                    "Known items removed from the ranking: history (the whole history, a repeated target is a miss) or none (repeat-aware protocol: nothing masked, repeats can be ranked; default: ${DEFAULT-VALUE}).")
    String mask;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed for training and splitting (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--k",
            split = ",",
            defaultValue = "5,10,20",
            paramLabel = "K",
            description = "Metric cut-offs (default: ${DEFAULT-VALUE}).")
    int[] ks;

    @Option(
            names = "--sampled-negatives",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "Rank against N sampled items instead of all items (old papers' protocol; default: full ranking).")
    int sampledNegatives;

    @Option(names = "--threads", paramLabel = "N", description = "Evaluation threads (default: all cores).")
    Integer threads;

    /** The parsed {@code --mask}; a bad name is a usage error with one line. */
    HistoryMask historyMask() {
        return HistoryMask.byName(mask);
    }

    EvalConfig toConfig() {
        // the rating protocol (compare only) has no ranking cut-offs of its own
        int[] cutoffs = Protocol.NAMES.contains(protocol)
                ? Protocol.of(protocol, seed, historyMask()).cutoffs(ks)
                : ks;
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        return new EvalConfig(cutoffs, t, sampledNegatives, seed);
    }
}
