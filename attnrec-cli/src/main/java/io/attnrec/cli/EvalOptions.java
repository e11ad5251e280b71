package io.attnrec.cli;

import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.split.HistoryMask;
import io.attnrec.options.RankingOptions;
import picocli.CommandLine.Mixin;
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

    @Mixin
    RankingOptions ranking;

    @Option(names = "--threads", paramLabel = "N", description = "Evaluation threads (default: all cores).")
    Integer threads;

    /** The parsed {@code --mask}; a bad name is a usage error with one line. */
    HistoryMask historyMask() {
        return HistoryMask.byName(mask);
    }

    EvalConfig toConfig() {
        // the rating protocol (compare only) has no ranking cut-offs of its own
        int[] cutoffs = ranking.cutoffs(protocol, seed, historyMask());
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        return new EvalConfig(cutoffs, t, ranking.sampledNegatives, seed);
    }
}
