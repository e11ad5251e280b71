package io.attnrec.core.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CSV loader's field rules, public for readers that parse the same files elsewhere: the
 * Spark module reads a CSV/TSV log in parallel splits and must find the columns and parse every
 * field exactly as {@link CsvLoader} does, or its preparation would not match {@code Preparer}'s.
 */
public final class EventFields {

    private EventFields() {}

    /**
     * The column index of each role ({@code user}, {@code item}, {@code timestamp}, {@code
     * rating}, {@code type}) in {@code header}, found through the mapping of {@code options} or by
     * the loader's default names; an optional role without a column is absent from the map.
     *
     * @throws DataFormatException when a required column is missing or a mapped one does not exist
     */
    public static Map<String, Integer> columns(List<String> header, LoadOptions options, Path file) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String role : List.of("user", "item", "timestamp", "rating", "type")) {
            boolean required = role.equals("user") || role.equals("item");
            int c = CsvLoader.column(header, options, role, file, 1, required);
            if (c >= 0) {
                out.put(role, c);
            }
        }
        return out;
    }

    /** The delimiter of a header line (comma, tab or semicolon), or {@code '\0'} when none. */
    public static char detectDelimiter(String headerLine) {
        return CsvReader.detectDelimiter(headerLine);
    }

    /**
     * A trimmed, non-empty id.
     *
     * @throws IllegalArgumentException naming the field when it is empty
     */
    public static String id(String value, String field) {
        try {
            return Fields.id(value, field);
        } catch (FieldException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /**
     * Epoch seconds from a number or an ISO-8601 date/date-time (UTC without an offset).
     *
     * @throws IllegalArgumentException naming the field when it is neither
     */
    public static long time(String value, String field) {
        try {
            return Fields.parseTime(value, field);
        } catch (FieldException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /**
     * A rating; a blank value is "no rating" ({@code NaN}).
     *
     * @throws IllegalArgumentException naming the field when it is not a finite number
     */
    public static float rating(String value, String field) {
        if (value == null || value.isBlank()) {
            return Float.NaN;
        }
        try {
            return Fields.parseFloat(value, field);
        } catch (FieldException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** The data set name the loaders give {@code path}: a folder's name or a file's stem. */
    public static String datasetName(Path path) {
        return Sources.datasetName(path, false);
    }

    /**
     * The item metadata the CSV loader reads beside {@code eventsFile} ({@code items.csv} and the
     * like), or an empty catalogue when there is none.
     */
    public static ItemCatalog csvItems(Path eventsFile, LoadOptions options) throws IOException {
        return CsvLoader.readItems(eventsFile, options, new Malformed(options.lenient()), new Fields.Pool());
    }
}
