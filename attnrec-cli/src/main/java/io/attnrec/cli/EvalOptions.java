package io.attnrec.cli;

import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.split.HistoryMask;
import io.attnrec.options.EvaluationOptions;
import picocli.CommandLine.Option;

/**
 * The evaluation options of compare, train and evaluate: those {@code attnrec spark evaluate}
 * shares ({@link EvaluationOptions}: protocol, seed, ranking, threads) and {@code --mask}.
 */
final class EvalOptions extends EvaluationOptions {

    @Option(
            names = "--mask",
            defaultValue = "history",
            paramLabel = "MASK",
            description =
                    "Known items removed from the ranking: history (the whole history, a repeated target is a miss) or none (repeat-aware protocol: nothing masked, repeats can be ranked; default: ${DEFAULT-VALUE}).")
    String mask;

    /** The parsed {@code --mask}; a bad name is a usage error with one line. */
    HistoryMask historyMask() {
        return HistoryMask.byName(mask);
    }

    EvalConfig toConfig() {
        // the rating protocol (compare only) has no ranking cut-offs of its own
        return new EvalConfig(cutoffs(historyMask()), threadCount(), ranking.sampledNegatives, seed);
    }
}
