package io.attnrec.options;

import io.attnrec.core.split.HistoryMask;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The protocol, seed, ranking and thread options of an evaluation: shared by {@code attnrec
 * compare, train, evaluate} (which add {@code --mask}) and {@code attnrec spark evaluate}.
 */
public class EvaluationOptions {

    @Option(
            names = "--protocol",
            defaultValue = "loo",
            description =
                    "loo (leave-one-out), temporal, user (ComiRec user split), coldstart (withheld items) or rating (MovieLens folds, compare only; default: ${DEFAULT-VALUE}).")
    public String protocol;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed for training and splitting (default: ${DEFAULT-VALUE}).")
    public long seed;

    @Mixin
    public RankingOptions ranking;

    @Option(names = "--threads", paramLabel = "N", description = "Evaluation threads (default: all cores).")
    public Integer threads;

    /** The cut-offs asked for, with those the protocol always reports (the user split's 50). */
    public int[] cutoffs(HistoryMask mask) {
        return ranking.cutoffs(protocol, seed, mask);
    }

    /** {@code --threads}, or every core when it is not given. */
    public int threadCount() {
        return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
