package io.attnrec.options;

import io.attnrec.core.data.LoadOptions;
import io.attnrec.core.prep.PrepConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a data set is read and prepared: the options {@code attnrec} (train, compare, evaluate, ...)
 * and {@code attnrec spark} (prepare, evaluate) share, declared once. Each command adds its own
 * {@code --data} and {@code --format}, whose meanings differ (Spark also reads Parquet and
 * prepared folders).
 */
public final class PrepOptions {

    @Option(names = "--lenient", description = "Skip malformed lines (and report how many) instead of failing.")
    public boolean lenient;

    @Option(
            names = "--column",
            paramLabel = "ROLE=NAME",
            description =
                    "Column mapping, e.g. --column user=customer_id (roles: user, item, timestamp, rating, type).")
    public Map<String, String> columns = new LinkedHashMap<>();

    @Option(names = "--dedup", description = "Keep only the first event of each (user, item) pair.")
    public boolean dedup;

    @Option(
            names = "--min-rating",
            paramLabel = "R",
            description = "Turn ratings into implicit feedback: drop events rated below R.")
    public Double minRating;

    @Option(
            names = "--k-core",
            paramLabel = "K",
            defaultValue = "0",
            description = "Iterative k-core filter (0 = off).")
    public int kCore;

    @Option(names = "--min-len", paramLabel = "N", defaultValue = "0", description = "Drop users with fewer events.")
    public int minLen;

    @Option(names = "--max-len", paramLabel = "N", defaultValue = "0", description = "Keep each user's last N events.")
    public int maxLen;

    /** The preparation asked for. */
    public PrepConfig prep() {
        return new PrepConfig(dedup, minRating == null ? Double.NaN : minRating, kCore, minLen, maxLen);
    }

    /** How to read the file; {@code delimiter} {@code null} = detected. */
    public LoadOptions load(String delimiter) {
        return new LoadOptions(lenient, columns, delimiter);
    }
}
