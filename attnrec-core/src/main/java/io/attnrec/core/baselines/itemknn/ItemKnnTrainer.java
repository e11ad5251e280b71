package io.attnrec.core.baselines.itemknn;

import io.attnrec.core.concurrent.Parallel;
import io.attnrec.core.model.TrainingData;
import java.util.Arrays;

/**
 * Builds the sparse item-item cosine table of {@link ItemKnnModel}.
 *
 * <p>Co-occurrence is counted per item rather than per user pair: for item {@code i}, walk the
 * users who have {@code i} and count every other item they have. The work is the same as
 * enumerating each user's pairs (the sum of squared history lengths), but items are independent,
 * so threads need no shared counters and the result does not depend on the thread count.
 */
final class ItemKnnTrainer {

    private static final int ITEMS_PER_TASK = 64;

    private ItemKnnTrainer() {}

    static ItemKnnModel train(TrainingData data, ItemKnnConfig config) {
        int numItems = data.numItems();
        int[][] userItems = distinctItems(data, config.maxUserItems());

        // Item -> users (CSR); userCount[i] is c_i, the number of users with item i.
        int[] userCount = new int[numItems + 1];
        for (int[] items : userItems) {
            for (int i : items) {
                userCount[i]++;
            }
        }
        int[] start = new int[numItems + 2];
        for (int i = 1; i <= numItems; i++) {
            start[i + 1] = start[i] + userCount[i];
        }
        int[] users = new int[start[numItems + 1]];
        int[] fill = Arrays.copyOf(start, numItems + 1);
        for (int u = 0; u < userItems.length; u++) {
            for (int i : userItems[u]) {
                users[fill[i]++] = u;
            }
        }

        int[][] nbrOf = new int[numItems + 1][];
        float[][] simOf = new float[numItems + 1][];
        int tasks = (numItems + ITEMS_PER_TASK - 1) / ITEMS_PER_TASK;
        // Scratch per worker thread: allocating it per task would churn ~1 MB for every 64 items.
        ThreadLocal<int[]> coLocal = ThreadLocal.withInitial(() -> new int[numItems + 1]);
        ThreadLocal<int[]> touchedLocal = ThreadLocal.withInitial(() -> new int[numItems]);
        ThreadLocal<long[]> keysLocal = ThreadLocal.withInitial(() -> new long[numItems]);
        try (Parallel par = new Parallel(config.threads())) {
            par.forEach(tasks, t -> {
                int[] co = coLocal.get();
                int[] touched = touchedLocal.get();
                long[] keys = keysLocal.get();
                int first = 1 + t * ITEMS_PER_TASK;
                int last = Math.min(numItems, first + ITEMS_PER_TASK - 1);
                for (int i = first; i <= last; i++) {
                    int nt = 0;
                    for (int p = start[i]; p < start[i + 1]; p++) {
                        for (int j : userItems[users[p]]) {
                            if (j != i && co[j]++ == 0) {
                                touched[nt++] = j;
                            }
                        }
                    }
                    for (int q = 0; q < nt; q++) {
                        int j = touched[q];
                        double denom = Math.sqrt((double) userCount[i] * userCount[j]) + config.shrink();
                        float sim = (float) (co[j] / denom);
                        co[j] = 0;
                        // Ascending keys = similarity descending, then item id ascending (sim > 0).
                        keys[q] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(sim)) << 32) | j;
                    }
                    Arrays.sort(keys, 0, nt);
                    int k = Math.min(nt, config.neighbors());
                    int[] nbr = new int[k];
                    float[] sim = new float[k];
                    for (int q = 0; q < k; q++) {
                        nbr[q] = (int) keys[q];
                        sim[q] = Float.intBitsToFloat(Integer.MAX_VALUE - (int) (keys[q] >>> 32));
                    }
                    nbrOf[i] = nbr;
                    simOf[i] = sim;
                }
            });
        }

        int[] offsets = new int[numItems + 2];
        for (int i = 1; i <= numItems; i++) {
            offsets[i + 1] = offsets[i] + nbrOf[i].length;
        }
        int[] neighbors = new int[offsets[numItems + 1]];
        float[] sims = new float[neighbors.length];
        for (int i = 1; i <= numItems; i++) {
            System.arraycopy(nbrOf[i], 0, neighbors, offsets[i], nbrOf[i].length);
            System.arraycopy(simOf[i], 0, sims, offsets[i], simOf[i].length);
        }
        return new ItemKnnModel(numItems, config.historyWindow(), offsets, neighbors, sims);
    }

    /** Each user's distinct training items (the most recent {@code cap}), sorted ascending. */
    static int[][] distinctItems(TrainingData data, int cap) {
        int numItems = data.numItems();
        int[] stamp = new int[numItems + 1];
        int[][] out = new int[data.numUsers()][];
        int[] buf = new int[Math.min(cap, numItems)];
        for (int u = 0; u < out.length; u++) {
            int[] seq = data.sequences()[u];
            int n = 0;
            for (int p = seq.length - 1; p >= 0 && n < buf.length; p--) {
                int i = seq[p];
                if (i >= 1 && i <= numItems && stamp[i] != u + 1) {
                    stamp[i] = u + 1;
                    buf[n++] = i;
                }
            }
            int[] items = Arrays.copyOf(buf, n);
            Arrays.sort(items);
            out[u] = items;
        }
        return out;
    }
}
