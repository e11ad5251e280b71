package io.attnrec.options;

import io.attnrec.core.split.HistoryMask;
import io.attnrec.core.split.Protocol;
import picocli.CommandLine.Option;

/**
 * How test cases are ranked and which cut-offs are reported: shared by {@code attnrec compare,
 * train, evaluate} and {@code attnrec spark evaluate}.
 */
public final class RankingOptions {

    @Option(
            names = "--k",
            split = ",",
            defaultValue = "5,10,20",
            paramLabel = "K",
            description = "Metric cut-offs (default: ${DEFAULT-VALUE}).")
    public int[] ks;

    @Option(
            names = "--sampled-negatives",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "Rank against N sampled items instead of all items (old papers' protocol; default: full ranking).")
    public int sampledNegatives;

    /**
     * The cut-offs asked for, with those {@code protocol} always reports (the user split's 50);
     * a name that is not a ranking protocol (compare's {@code rating}) adds none.
     */
    public int[] cutoffs(String protocol, long seed, HistoryMask mask) {
        return Protocol.NAMES.contains(protocol)
                ? Protocol.of(protocol, seed, mask).cutoffs(ks)
                : ks;
    }
}
