package io.attnrec.core.eval;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test helpers: small training data and a recommender with fixed scores. */
final class Fixtures {

    private Fixtures() {}

    static IdMap items(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add("i" + i);
        }
        return IdMap.of(true, ids);
    }

    static TrainingData training(int numItems, int[][] sequences) {
        return training(numItems, sequences, ItemCatalog.empty());
    }

    static TrainingData training(int numItems, int[][] sequences, ItemCatalog catalog) {
        long[][] ts = new long[sequences.length][];
        for (int u = 0; u < sequences.length; u++) {
            ts[u] = new long[sequences[u].length];
        }
        return new TrainingData(sequences.length, numItems, sequences, ts, null, items(numItems), catalog, List.of());
    }

    /** Training data with {@code numUsers} users and no interactions. */
    static TrainingData empty(int numUsers, int numItems) {
        int[][] seqs = new int[numUsers][0];
        return training(numItems, seqs);
    }

    static EvalCase evalCase(int user, int[] targets, int... excluded) {
        return new EvalCase(user, new int[] {1}, targets, excluded);
    }

    static EvalConfig config(int threads, int... ks) {
        return new EvalConfig(ks, threads, 0, 42L);
    }

    /**
     * Scores from a table: user u gets {@code table[u]} (index 0 = item 1). {@code scoreBatch} is
     * inherited, so batching goes through {@link #score}.
     */
    static final class TableModel implements Recommender {
        private final int numItems;
        private final Map<Integer, float[]> table;

        TableModel(int numItems, Map<Integer, float[]> table) {
            this.numItems = numItems;
            this.table = table;
        }

        @Override
        public String name() {
            return "table";
        }

        @Override
        public int numItems() {
            return numItems;
        }

        @Override
        public void score(int user, int[] history, float[] scores) {
            float[] row = table.get(user);
            scores[0] = 0;
            System.arraycopy(row, 0, scores, 1, numItems);
        }
    }

    /** Pseudo-random scores derived from (user, item), quantised so that ties are common. */
    static class HashModel implements Recommender {
        private final int numItems;
        private final int levels;

        HashModel(int numItems, int levels) {
            this.numItems = numItems;
            this.levels = levels;
        }

        @Override
        public String name() {
            return "hash";
        }

        @Override
        public int numItems() {
            return numItems;
        }

        @Override
        public void score(int user, int[] history, float[] scores) {
            long h = user * 0x9E3779B97F4A7C15L + history.length;
            for (int i = 1; i <= numItems; i++) {
                long z = (h + i) * 0xBF58476D1CE4E5B9L;
                z ^= z >>> 29;
                scores[i] = (float) Math.floorMod(z, levels);
            }
        }
    }
}
