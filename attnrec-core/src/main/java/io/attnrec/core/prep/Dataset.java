package io.attnrec.core.prep;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;

/**
 * A prepared data set: dense ids and each user's chronological sequence. Produced by {@link
 * Preparer}; the input of every splitter.
 *
 * @param name data set name
 * @param users user ids, 0-based
 * @param items item ids, 1-based (0 = padding)
 * @param sequences {@code sequences[u]} = user u's items, oldest first (ties keep file order)
 * @param timestamps same shape; seconds, or the line position for formats without time
 * @param ratings same shape, or {@code null} when the data is implicit
 * @param catalog item metadata keyed by external item id (may be empty)
 */
public record Dataset(
        String name,
        IdMap users,
        IdMap items,
        int[][] sequences,
        long[][] timestamps,
        float[][] ratings,
        ItemCatalog catalog) {

    public int numUsers() {
        return users.size();
    }

    public int numItems() {
        return items.size();
    }

    public long numInteractions() {
        long n = 0;
        for (int[] s : sequences) {
            n += s.length;
        }
        return n;
    }

    public boolean hasRatings() {
        return ratings != null;
    }
}
