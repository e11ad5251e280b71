package io.attnrec.core.model;

import java.util.BitSet;
import java.util.stream.IntStream;

/**
 * Exact top-k selection over a full score array (index = item id, index 0 = padding): the one
 * selection every stage uses (the evaluator's ranking loop, specialised for its metrics, aside).
 *
 * <p>A bounded min-heap keeps the k best seen so far: O(n log k) with no allocation per item.
 * Large arrays are cut into chunks selected in parallel on the common fork-join pool and the
 * chunk winners merged, so one request can use every core on a million-item catalogue. Order is
 * total and deterministic: higher score first, then lower item id; NaN scores are never
 * returned.
 */
public final class TopK {

    /** Arrays at least this long are selected in parallel. */
    public static final int PARALLEL_THRESHOLD = 1 << 17;

    private TopK() {}

    /**
     * Items best first with their scores.
     *
     * @param items item ids
     * @param scores their scores, same length
     */
    public record Scored(int[] items, float[] scores) {}

    /**
     * Returns the ids of the {@code k} highest-scoring items among {@code 1..scores.length-1},
     * best first; ties go to the lower id. Items in {@code excluded} and NaN scores are skipped.
     *
     * @param excluded item ids to skip, in any order (may be empty)
     */
    public static int[] select(float[] scores, int k, int[] excluded) {
        if (k <= 0 || scores.length <= 1) {
            return new int[0];
        }
        BitSet skip = new BitSet(scores.length);
        for (int e : excluded) {
            if (e > 0 && e < scores.length) {
                skip.set(e);
            }
        }
        return top(scores, k, skip).items();
    }

    /**
     * The {@code k} best items of {@code scores[1..]} with their scores, skipping {@code
     * excluded} items (may be {@code null}).
     */
    public static Scored top(float[] scores, int k, BitSet excluded) {
        return top(scores, k, excluded, PARALLEL_THRESHOLD);
    }

    /** As {@link #top(float[], int, BitSet)}, in parallel from {@code parallelThreshold} items. */
    public static Scored top(float[] scores, int k, BitSet excluded, int parallelThreshold) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        int n = scores.length;
        if (n - 1 < parallelThreshold) {
            Heap heap = new Heap(k);
            scan(scores, 1, n, excluded, heap);
            return heap.drain();
        }
        int chunks = Math.max(2, Math.min(Runtime.getRuntime().availableProcessors() * 2, n / (parallelThreshold / 4)));
        int step = (n - 1 + chunks - 1) / chunks;
        Heap merged = new Heap(k);
        IntStream.range(0, chunks)
                .parallel()
                .mapToObj(c -> {
                    Heap h = new Heap(k);
                    scan(scores, 1 + c * step, Math.min(n, 1 + (c + 1) * step), excluded, h);
                    return h.drain();
                })
                .toList()
                .forEach(r -> {
                    for (int i = 0; i < r.items().length; i++) {
                        merged.offer(r.items()[i], r.scores()[i]);
                    }
                });
        return merged.drain();
    }

    private static void scan(float[] scores, int from, int to, BitSet excluded, Heap heap) {
        for (int i = from; i < to; i++) {
            float s = scores[i];
            if (s != s || (excluded != null && excluded.get(i))) {
                continue; // NaN or excluded
            }
            heap.offer(i, s);
        }
    }

    /** True when (s1, i1) ranks before (s2, i2). */
    public static boolean better(float s1, int i1, float s2, int i2) {
        return s1 > s2 || (s1 == s2 && i1 < i2);
    }

    /** Bounded min-heap on (score, -item); the root is the worst of the kept entries. */
    public static final class Heap {
        private final int[] items;
        private final float[] scores;
        private int size;

        public Heap(int capacity) {
            items = new int[capacity];
            scores = new float[capacity];
        }

        /** True when the heap holds as many entries as it can. */
        public boolean full() {
            return size == items.length;
        }

        /**
         * The score of the worst kept entry (the root); with a full heap, an item of a higher id
         * than every kept one enters only with a score above it (ties go to the lower id).
         */
        public float worstScore() {
            return scores[0];
        }

        public void offer(int item, float score) {
            if (size < items.length) {
                items[size] = item;
                scores[size] = score;
                up(size++);
            } else if (better(score, item, scores[0], items[0])) {
                items[0] = item;
                scores[0] = score;
                down(0);
            }
        }

        /** Empties the heap into a best-first list. */
        public Scored drain() {
            int n = size;
            int[] outItems = new int[n];
            float[] outScores = new float[n];
            for (int r = n - 1; r >= 0; r--) {
                outItems[r] = items[0];
                outScores[r] = scores[0];
                size--;
                items[0] = items[size];
                scores[0] = scores[size];
                down(0);
            }
            return new Scored(outItems, outScores);
        }

        private void up(int i) {
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (!better(scores[p], items[p], scores[i], items[i])) {
                    break;
                }
                swap(i, p);
                i = p;
            }
        }

        private void down(int i) {
            while (true) {
                int l = 2 * i + 1;
                if (l >= size) {
                    return;
                }
                int worst = l;
                int r = l + 1;
                if (r < size && better(scores[l], items[l], scores[r], items[r])) {
                    worst = r;
                }
                if (!better(scores[i], items[i], scores[worst], items[worst])) {
                    return;
                }
                swap(i, worst);
                i = worst;
            }
        }

        private void swap(int a, int b) {
            int ti = items[a];
            items[a] = items[b];
            items[b] = ti;
            float ts = scores[a];
            scores[a] = scores[b];
            scores[b] = ts;
        }
    }
}
