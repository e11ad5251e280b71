package io.attnrec.core.eval;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.TrainingData;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Item-item similarity for intra-list diversity. When the catalogue has categories it is the
 * Jaccard index of the two items' category sets; otherwise the cosine similarity of the items'
 * sets of training users, {@code |U_a ∩ U_b| / sqrt(|U_a| |U_b|)}. Two items without any feature
 * (no category, or no training user) have similarity 0. Both sets are stored as sorted int arrays
 * in one compressed-row table; read-only and shared by all evaluation threads.
 */
final class ItemSimilarity implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** Pairs whose merge costs fewer steps than this are not worth a cache lookup. */
    private static final int CACHE_MIN_WORK = 64;

    /** Memory for the popular items' bit sets ({@link #bits}). */
    private static final long BIT_SET_BYTES = 32L << 20;

    private final boolean byCategory;
    private final int[] offsets;
    private final int[] members;
    private final int numItems;
    /**
     * bits[i]: item i's members as a bit set, for the items with the most members (at least
     * {@link #CACHE_MIN_WORK}) as long as all bit sets fit in {@link #BIT_SET_BYTES} (or in four
     * times the member lists, if more), else null. Popular items fill most top-K lists, and a
     * pair with such an item is counted by testing the other item's members against its bits,
     * without walking its long list.
     */
    private final long[][] bits;

    private ItemSimilarity(boolean byCategory, int[] offsets, int[] members, int numItems) {
        this.byCategory = byCategory;
        this.offsets = offsets;
        this.members = members;
        this.numItems = numItems;
        int universe = 0;
        for (int m : members) {
            universe = Math.max(universe, m + 1);
        }
        this.bits = new long[numItems + 1][];
        // the largest sets first, while the bit sets stay within their budget
        int words = (universe + 63) >>> 6;
        long budget = Math.max(BIT_SET_BYTES, 4L * members.length) / (8L * Math.max(1, words));
        long[] bySize = new long[numItems];
        for (int i = 1; i <= numItems; i++) {
            bySize[i - 1] = ((long) (offsets[i + 1] - offsets[i]) << 32) | i;
        }
        Arrays.sort(bySize);
        for (int r = numItems - 1; r >= 0 && numItems - 1 - r < budget; r--) {
            int i = (int) bySize[r];
            if ((bySize[r] >>> 32) < CACHE_MIN_WORK) {
                break;
            }
            long[] b = new long[words];
            for (int k = offsets[i]; k < offsets[i + 1]; k++) {
                b[members[k] >>> 6] |= 1L << members[k];
            }
            bits[i] = b;
        }
    }

    static ItemSimilarity from(TrainingData train) {
        int n = train.numItems();
        ItemCatalog catalog = train.catalog();
        if (catalog.hasCategories()) {
            IdMap items = train.items();
            Map<String, Integer> categoryIds = new HashMap<>();
            int[][] sets = new int[n + 1][];
            sets[0] = new int[0];
            for (int i = 1; i <= n; i++) {
                Optional<ItemMeta> meta = catalog.get(items.external(i - 1 + items.offset()));
                List<String> cats = meta.map(ItemMeta::categories).orElse(List.of());
                int[] ids = new int[cats.size()];
                for (int c = 0; c < ids.length; c++) {
                    ids[c] = categoryIds.computeIfAbsent(cats.get(c), k -> categoryIds.size());
                }
                sets[i] = Arrays.stream(ids).sorted().distinct().toArray();
            }
            return fromSets(true, sets, n);
        }
        int[] count = new int[n + 1];
        int[] last = new int[n + 1];
        Arrays.fill(last, -1);
        int[][] seqs = train.sequences();
        for (int u = 0; u < seqs.length; u++) {
            for (int item : seqs[u]) {
                if (last[item] != u) {
                    last[item] = u;
                    count[item]++;
                }
            }
        }
        int[] offsets = new int[n + 2];
        for (int i = 1; i <= n; i++) {
            offsets[i + 1] = offsets[i] + count[i];
        }
        int[] members = new int[offsets[n + 1]];
        int[] fill = Arrays.copyOf(offsets, n + 1);
        Arrays.fill(last, -1);
        // Users are visited in increasing order, so every item's user list comes out sorted.
        for (int u = 0; u < seqs.length; u++) {
            for (int item : seqs[u]) {
                if (last[item] != u) {
                    last[item] = u;
                    members[fill[item]++] = u;
                }
            }
        }
        return new ItemSimilarity(false, offsets, members, n);
    }

    private static ItemSimilarity fromSets(boolean byCategory, int[][] sets, int n) {
        int[] offsets = new int[n + 2];
        for (int i = 1; i <= n; i++) {
            offsets[i + 1] = offsets[i] + sets[i].length;
        }
        int[] members = new int[offsets[n + 1]];
        for (int i = 1; i <= n; i++) {
            System.arraycopy(sets[i], 0, members, offsets[i], sets[i].length);
        }
        return new ItemSimilarity(byCategory, offsets, members, n);
    }

    /** Similarity in [0, 1] of items {@code a != b}; {@code cache} is the calling thread's own. */
    double similarity(int a, int b, Cache cache) {
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        int sizeA = offsets[lo + 1] - offsets[lo];
        int sizeB = offsets[hi + 1] - offsets[hi];
        if (sizeA == 0 || sizeB == 0) {
            return 0;
        }
        // the smaller set's members against the larger set's bits, when it has them
        int small = sizeA <= sizeB ? lo : hi;
        long[] big = bits[small == lo ? hi : lo];
        int work = big != null ? Math.min(sizeA, sizeB) : sizeA + sizeB;
        boolean cached = work >= CACHE_MIN_WORK;
        long key = (long) lo * (numItems + 1) + hi;
        if (cached) {
            double v = cache.get(key);
            if (v >= 0) {
                return v;
            }
        }
        int inter = big != null
                ? countIn(big, offsets[small], offsets[small + 1])
                : intersect(offsets[lo], sizeA, offsets[hi], sizeB);
        double sim = byCategory ? (double) inter / (sizeA + sizeB - inter) : inter / Math.sqrt((double) sizeA * sizeB);
        if (cached) {
            cache.put(key, sim);
        }
        return sim;
    }

    /** Number of items whose set is kept as bits (for tests). */
    int itemsWithBitSets() {
        int n = 0;
        for (long[] b : bits) {
            n += b != null ? 1 : 0;
        }
        return n;
    }

    /** How many of {@code members[from..to)} are set in {@code set}. */
    private int countIn(long[] set, int from, int to) {
        int count = 0;
        for (int k = from; k < to; k++) {
            int m = members[k];
            count += (int) (set[m >>> 6] >>> m) & 1;
        }
        return count;
    }

    /** Size of the intersection of two sorted runs of {@link #members}. */
    private int intersect(int startA, int lenA, int startB, int lenB) {
        if (lenA > lenB) {
            return intersect(startB, lenB, startA, lenA);
        }
        int count = 0;
        if ((long) lenA * 16 < lenB) {
            // Very different sizes: binary-search the small set's members in the large one.
            int from = startB;
            int end = startB + lenB;
            for (int i = startA; i < startA + lenA && from < end; i++) {
                int pos = Arrays.binarySearch(members, from, end, members[i]);
                if (pos >= 0) {
                    count++;
                    from = pos + 1;
                } else {
                    from = -pos - 1;
                }
            }
            return count;
        }
        int i = startA;
        int j = startB;
        int endA = startA + lenA;
        int endB = startB + lenB;
        while (i < endA && j < endB) {
            int x = members[i];
            int y = members[j];
            if (x == y) {
                count++;
                i++;
                j++;
            } else if (x < y) {
                i++;
            } else {
                j++;
            }
        }
        return count;
    }

    /**
     * A per-thread open-addressing map from item pair to similarity. Top-K lists of different
     * users share many pairs (popular items), so exact set intersections are mostly looked up.
     * When it fills up it is simply cleared.
     */
    static final class Cache {
        private static final int BITS = 16;
        private final long[] keys = new long[1 << BITS];
        // doubles, not floats: a cached value must equal a computed one exactly, or diversity@k
        // would depend on which thread (or Spark task) met a pair first
        private final double[] values = new double[1 << BITS];
        private int size;

        /** The cached value, or -1 if absent. */
        double get(long key) {
            int mask = keys.length - 1;
            for (int slot = slot(key); ; slot = (slot + 1) & mask) {
                long k = keys[slot];
                if (k == key) {
                    return values[slot];
                }
                if (k == 0) {
                    return -1;
                }
            }
        }

        void put(long key, double value) {
            if (size >= keys.length / 2) {
                Arrays.fill(keys, 0);
                size = 0;
            }
            int mask = keys.length - 1;
            int slot = slot(key);
            while (keys[slot] != 0 && keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            if (keys[slot] == 0) {
                size++;
            }
            keys[slot] = key;
            values[slot] = value;
        }

        private static int slot(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h >>> (64 - BITS));
        }
    }
}
