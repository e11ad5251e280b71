package io.attnrec.cli;

import io.attnrec.core.data.LoadOptions;
import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.prep.PrepConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by every command that reads a data set. */
final class DataOptions {

    @Option(
            names = "--data",
            required = true,
            paramLabel = "PATH",
            description = "Data file or folder (MovieLens, SASRec, S3-Rec, RecBole, CSV/TSV).")
    Path data;

    @Option(
            names = "--format",
            defaultValue = "auto",
            description = "auto, movielens, sasrec, s3rec, recbole or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--lenient", description = "Skip malformed lines (and report how many) instead of failing.")
    boolean lenient;

    @Option(
            names = "--column",
            paramLabel = "ROLE=NAME",
            description =
                    "CSV column mapping, e.g. --column user=customer_id (roles: user, item, timestamp, rating, type).")
    Map<String, String> columns = new LinkedHashMap<>();

    @Option(names = "--dedup", description = "Keep only the first event of each (user, item) pair.")
    boolean dedup;

    @Option(
            names = "--min-rating",
            paramLabel = "R",
            description = "Turn ratings into implicit feedback: drop events rated below R.")
    Double minRating;

    @Option(
            names = "--k-core",
            paramLabel = "K",
            defaultValue = "0",
            description = "Iterative k-core filter (0 = off).")
    int kCore;

    @Option(names = "--min-len", paramLabel = "N", defaultValue = "0", description = "Drop users with fewer events.")
    int minLen;

    @Option(names = "--max-len", paramLabel = "N", defaultValue = "0", description = "Keep each user's last N events.")
    int maxLen;

    DataSpec toSpec() {
        PrepConfig prep = new PrepConfig(dedup, minRating == null ? Double.NaN : minRating, kCore, minLen, maxLen);
        return new DataSpec(data, format, new LoadOptions(lenient, columns, null), prep);
    }
}
