package io.attnrec.core.data;

import java.util.Map;

/**
 * How to read a source.
 *
 * @param lenient skip malformed lines (and count them) instead of failing at the first one
 * @param columns column mapping for the generic CSV/TSV loader, e.g. {@code user -> customer_id};
 *     keys: user, item, timestamp, rating, type
 * @param delimiter field separator for CSV/TSV, or {@code null} to detect it
 */
public record LoadOptions(boolean lenient, Map<String, String> columns, String delimiter) {

    public LoadOptions {
        columns = Map.copyOf(columns);
    }

    public static LoadOptions strict() {
        return new LoadOptions(false, Map.of(), null);
    }

    public static LoadOptions lenientOptions() {
        return new LoadOptions(true, Map.of(), null);
    }
}
