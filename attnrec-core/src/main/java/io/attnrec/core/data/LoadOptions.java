package io.attnrec.core.data;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How to read a source.
 *
 * @param lenient skip malformed lines (and count them) instead of failing at the first one
 * @param columns column mapping for the generic CSV/TSV loader (also honoured by the RecBole
 *     loader), e.g. {@code user -> customer_id}; keys: user, item, timestamp, rating, type
 * @param delimiter field separator for CSV/TSV (one character; {@code tab} or {@code \t} for a
 *     tab), or {@code null} to detect it
 */
public record LoadOptions(boolean lenient, Map<String, String> columns, String delimiter) {

    /** The keys {@link #columns()} may use. */
    public static final Set<String> COLUMN_ROLES = Set.of("user", "item", "timestamp", "rating", "type");

    public LoadOptions {
        columns = columns == null ? Map.of() : Map.copyOf(columns);
        for (String role : columns.keySet()) {
            if (!COLUMN_ROLES.contains(role)) {
                throw new IllegalArgumentException("unknown column role '" + role + "'; use one of "
                        + String.join(", ", new TreeSet<>(COLUMN_ROLES)));
            }
        }
        if (delimiter != null) {
            if (delimiter.equals("tab") || delimiter.equals("\\t")) {
                delimiter = "\t";
            }
            if (delimiter.length() != 1) {
                throw new IllegalArgumentException(
                        "the delimiter must be one character (or 'tab'), got '" + delimiter + "'");
            }
        }
    }

    public static LoadOptions strict() {
        return new LoadOptions(false, Map.of(), null);
    }

    public static LoadOptions lenientOptions() {
        return new LoadOptions(true, Map.of(), null);
    }

    /** These options with the given column mapping. */
    public LoadOptions withColumns(Map<String, String> mapping) {
        return new LoadOptions(lenient, mapping, delimiter);
    }

    /** These options with the given delimiter ({@code null} = detect). */
    public LoadOptions withDelimiter(String separator) {
        return new LoadOptions(lenient, columns, separator);
    }
}
