package io.attnrec.core.baselines;

import java.util.Arrays;

/** The item-based baselines' view of a history: which catalogue items it holds, once each. */
public final class HistoryItems {

    private HistoryItems() {}

    /**
     * The distinct items of {@code history[from..]} that are catalogue ids ({@code 1..numItems}),
     * ascending; padding and unknown ids are dropped.
     */
    public static int[] distinct(int[] history, int from, int numItems) {
        int[] items = new int[Math.max(0, history.length - from)];
        int n = 0;
        for (int p = from; p < history.length; p++) {
            int h = history[p];
            if (h >= 1 && h <= numItems) {
                items[n++] = h;
            }
        }
        Arrays.sort(items, 0, n);
        int d = 0;
        for (int p = 0; p < n; p++) {
            if (d == 0 || items[p] != items[d - 1]) {
                items[d++] = items[p];
            }
        }
        return Arrays.copyOf(items, d);
    }
}
