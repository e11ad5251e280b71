package io.attnrec.cli;

import io.attnrec.core.data.LoadOptions;
import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.prep.PrepConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options shared by every command that reads a data set. */
final class DataOptions {

    @Option(
            names = "--data",
            paramLabel = "PATH",
            description = "Data file or folder (MovieLens, SASRec, S3-Rec, RecBole, CSV/TSV).")
    Path data;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

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

    /** The data set as given; {@code --data} is required. */
    DataSpec toSpec() {
        if (data == null) {
            throw new ParameterException(command.commandLine(), "Missing required option: '--data=PATH'");
        }
        PrepConfig prep = new PrepConfig(dedup, minRating == null ? Double.NaN : minRating, kCore, minLen, maxLen);
        return new DataSpec(data, format, new LoadOptions(lenient, columns, null), prep);
    }

    /** Whether {@code --data} was given (evaluate may take the data from the model's manifest). */
    boolean given() {
        return data != null;
    }

    /**
     * The data set as text for a model's manifest ({@code path}, {@code format}, preparation and
     * loading options), so that {@code evaluate} can load it again without repeated flags.
     */
    Map<String, String> toManifest() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("path", data.toAbsolutePath().normalize().toString());
        m.put("format", format);
        m.put("lenient", Boolean.toString(lenient));
        m.put("dedup", Boolean.toString(dedup));
        if (minRating != null) {
            m.put("min_rating", Double.toString(minRating));
        }
        m.put("k_core", Integer.toString(kCore));
        m.put("min_len", Integer.toString(minLen));
        m.put("max_len", Integer.toString(maxLen));
        columns.forEach((role, name) -> m.put("column." + role, name));
        return m;
    }

    /** The inverse of {@link #toManifest}: the data set a model was trained on. */
    static DataSpec fromManifest(Map<String, String> m) {
        if (!m.containsKey("path")) {
            throw new IllegalArgumentException(
                    "the model's manifest does not say which data it was trained on (written before attnrec recorded it); give --data");
        }
        Map<String, String> columns = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith("column.")) {
                columns.put(k.substring("column.".length()), v);
            }
        });
        PrepConfig prep = new PrepConfig(
                Boolean.parseBoolean(m.get("dedup")),
                m.containsKey("min_rating") ? Double.parseDouble(m.get("min_rating")) : Double.NaN,
                Integer.parseInt(m.getOrDefault("k_core", "0")),
                Integer.parseInt(m.getOrDefault("min_len", "0")),
                Integer.parseInt(m.getOrDefault("max_len", "0")));
        return new DataSpec(
                Path.of(m.get("path")),
                m.getOrDefault("format", "auto"),
                new LoadOptions(Boolean.parseBoolean(m.get("lenient")), columns, null),
                prep);
    }
}
