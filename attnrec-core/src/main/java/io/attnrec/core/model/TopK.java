package io.attnrec.core.model;

import java.util.Arrays;

/** Top-k selection over a score array without sorting the whole catalogue. */
public final class TopK {

    private TopK() {}

    /**
     * Returns the ids of the {@code k} highest-scoring items among {@code 1..scores.length-1},
     * best first; ties go to the lower id. Items in {@code excluded} and NaN scores are skipped.
     *
     * @param excluded item ids to skip, in any order (may be empty)
     */
    public static int[] select(float[] scores, int k, int[] excluded) {
        boolean[] skip = new boolean[scores.length];
        skip[0] = true;
        for (int e : excluded) {
            if (e > 0 && e < scores.length) {
                skip[e] = true;
            }
        }
        int n = Math.min(k, scores.length - 1);
        // A min-heap of the best n so far: heap[0] is the weakest kept item.
        int[] heap = new int[Math.max(n, 0)];
        int size = 0;
        for (int item = 1; item < scores.length; item++) {
            if (skip[item] || Float.isNaN(scores[item])) {
                continue;
            }
            if (size < n) {
                heap[size] = item;
                siftUp(heap, size, scores);
                size++;
            } else if (n > 0 && better(item, heap[0], scores)) {
                heap[0] = item;
                siftDown(heap, size, scores);
            }
        }
        Integer[] boxed = new Integer[size];
        for (int i = 0; i < size; i++) {
            boxed[i] = heap[i];
        }
        Arrays.sort(boxed, (a, b) -> better(a, b, scores) ? -1 : (better(b, a, scores) ? 1 : 0));
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = boxed[i];
        }
        return out;
    }

    /** True when a ranks before b: higher score, or equal score and lower id. */
    private static boolean better(int a, int b, float[] scores) {
        return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
    }

    private static void siftUp(int[] heap, int i, float[] scores) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (better(heap[parent], heap[i], scores)) {
                swap(heap, parent, i);
                i = parent;
            } else {
                return;
            }
        }
    }

    private static void siftDown(int[] heap, int size, float[] scores) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int worst = i;
            if (l < size && better(heap[worst], heap[l], scores)) {
                worst = l;
            }
            if (r < size && better(heap[worst], heap[r], scores)) {
                worst = r;
            }
            if (worst == i) {
                return;
            }
            swap(heap, i, worst);
            i = worst;
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
