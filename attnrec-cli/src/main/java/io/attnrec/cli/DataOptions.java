package io.attnrec.cli;

import io.attnrec.core.data.LoadOptions;
import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.prep.PrepConfig;
import io.attnrec.options.PrepOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
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

    @Mixin
    PrepOptions prep;

    /** The data set as given; {@code --data} is required. */
    DataSpec toSpec() {
        if (data == null) {
            throw new ParameterException(command.commandLine(), "Missing required option: '--data=PATH'");
        }
        return new DataSpec(data, format, prep.load(null), prep.prep());
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
        m.put("lenient", Boolean.toString(prep.lenient));
        m.put("dedup", Boolean.toString(prep.dedup));
        if (prep.minRating != null) {
            m.put("min_rating", Double.toString(prep.minRating));
        }
        m.put("k_core", Integer.toString(prep.kCore));
        m.put("min_len", Integer.toString(prep.minLen));
        m.put("max_len", Integer.toString(prep.maxLen));
        prep.columns.forEach((role, name) -> m.put("column." + role, name));
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
