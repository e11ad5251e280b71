package io.attnrec.nn.seq;

/**
 * Packs item histories into a flat {@code (B, T)} window of int64 ids (row-major, 0 = padding),
 * with primitive arrays only: this runs once per batch and per scoring call.
 */
public final class Windows {

    private Windows() {}

    /**
     * Window length for a batch: the longest (truncated) history, at least 1, at most {@code
     * maxLen}. Cutting the window to the batch saves work on short sequences; position
     * embeddings are counted from the newest item, so the result does not depend on it.
     */
    public static int length(int[][] histories, int from, int to, int maxLen) {
        int t = 1;
        for (int b = from; b < to; b++) {
            t = Math.max(t, Math.min(histories[b].length, maxLen));
        }
        return t;
    }

    /**
     * Fills {@code out} (length {@code (to - from) * t}) with the newest {@code t} items of each
     * history, aligned as {@code padding} says. Returns, per row, the column of the newest item
     * (-1 for an empty history).
     */
    public static int[] fill(int[][] histories, int from, int to, int t, Padding padding, long[] out) {
        int[] last = new int[to - from];
        java.util.Arrays.fill(out, 0, (to - from) * t, 0L);
        for (int b = from; b < to; b++) {
            int[] h = histories[b];
            int n = Math.min(h.length, t);
            int start = h.length - n;
            int col0 = padding == Padding.LEFT ? t - n : 0;
            int row = (b - from) * t;
            for (int i = 0; i < n; i++) {
                out[row + col0 + i] = h[start + i];
            }
            last[b - from] = n == 0 ? -1 : col0 + n - 1;
        }
        return last;
    }
}
