package io.attnrec.core.data;

import java.util.List;

/**
 * What a loader read: events in file order, item metadata when the source has it, and how many
 * malformed lines were skipped in lenient mode.
 *
 * @param name data set name (folder or file name)
 * @param format the loader that read it
 * @param events interactions in file order
 * @param catalog item metadata (may be empty)
 * @param skippedLines malformed lines skipped because of {@link LoadOptions#lenient()}
 */
public record RawData(String name, String format, List<Event> events, ItemCatalog catalog, long skippedLines) {}
