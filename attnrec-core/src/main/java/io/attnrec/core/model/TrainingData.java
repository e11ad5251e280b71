package io.attnrec.core.model;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import java.util.List;

/**
 * What a model may learn from: the training part of a split.
 *
 * @param numUsers users are {@code 0..numUsers-1}
 * @param numItems items are {@code 1..numItems}; 0 is padding
 * @param sequences {@code sequences[u]} = user u's training items in time order (may be empty)
 * @param timestamps same shape as {@code sequences}; seconds or, for formats without time, the
 *     position in the file
 * @param ratings same shape as {@code sequences}, or {@code null} for implicit data
 * @param items the item id map (external id of dense item {@code i} is {@code items.external(i)})
 * @param catalog item metadata keyed by external item id (may be empty)
 * @param validation held-out cases for tuning and early stopping; never the test cases
 */
public record TrainingData(
        int numUsers,
        int numItems,
        int[][] sequences,
        long[][] timestamps,
        float[][] ratings,
        IdMap items,
        ItemCatalog catalog,
        List<EvalCase> validation) {

    public TrainingData {
        if (sequences.length != numUsers) {
            throw new IllegalArgumentException("sequences has " + sequences.length + " users, expected " + numUsers);
        }
        if (items.size() != numItems) {
            throw new IllegalArgumentException("item map has " + items.size() + " items, expected " + numItems);
        }
        validation = List.copyOf(validation);
    }

    /** Total number of training interactions. */
    public long numInteractions() {
        long n = 0;
        for (int[] s : sequences) {
            n += s.length;
        }
        return n;
    }

    /** Number of training interactions per item, indexed by item id (index 0 unused). */
    public int[] itemCounts() {
        int[] counts = new int[numItems + 1];
        for (int[] s : sequences) {
            for (int item : s) {
                counts[item]++;
            }
        }
        return counts;
    }
}
