package io.attnrec.serve.retrieval;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * How alike two items (dense ids) are, in [0, 1] for the built-in kinds; used by diversity
 * re-ranking and by similarity-based explanations. Implementations are immutable and
 * thread-safe.
 */
public interface ItemVectorSimilarity {

    /** Similarity of items {@code a} and {@code b}; symmetric, 1 for {@code a == b} when defined. */
    double similarity(int a, int b);

    /** A short name for responses ("embedding", "category", "cooccurrence"). */
    String kind();

    /**
     * Cosine similarity of item vectors, clamped to [0, 1] (opposite directions count as
     * unrelated, not as negatively related, so MMR never rewards them).
     */
    static ItemVectorSimilarity embedding(int numItems, IntFunction<float[]> vectors) {
        return new EmbeddingSimilarity(numItems, vectors);
    }

    /** Jaccard overlap of the items' category sets; items without categories are unrelated. */
    static ItemVectorSimilarity categories(IdMap items, ItemCatalog catalog) {
        int n = items.size();
        int[][] cats = new int[n + 1][];
        cats[0] = new int[0];
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 1; i <= n; i++) {
            List<String> names =
                    catalog.get(items.external(i)).map(ItemMeta::categories).orElse(List.of());
            cats[i] = names.stream()
                    .mapToInt(c -> ids.computeIfAbsent(c, x -> ids.size()))
                    .sorted()
                    .distinct()
                    .toArray();
        }
        return new SetSimilarity(cats, "category", true);
    }

    /**
     * Cosine similarity of the items' sets of users in the training histories: items bought by
     * the same people are alike. Costs one int per distinct (user, item) pair.
     */
    static ItemVectorSimilarity cooccurrence(int numItems, int[][] histories) {
        int[] counts = new int[numItems + 1];
        int[][] distinct = new int[histories.length][];
        for (int u = 0; u < histories.length; u++) {
            distinct[u] = Arrays.stream(histories[u])
                    .filter(i -> i > 0 && i <= numItems)
                    .sorted()
                    .distinct()
                    .toArray();
            for (int i : distinct[u]) {
                counts[i]++;
            }
        }
        int[][] users = new int[numItems + 1][];
        for (int i = 0; i <= numItems; i++) {
            users[i] = new int[counts[i]];
        }
        int[] fill = new int[numItems + 1];
        for (int u = 0; u < distinct.length; u++) {
            for (int i : distinct[u]) {
                users[i][fill[i]++] = u; // users visited in increasing order: lists come out sorted
            }
        }
        return new SetSimilarity(users, "cooccurrence", false);
    }

    /** Similarity of two sorted id sets: Jaccard or cosine (|A∩B| / sqrt(|A||B|)). */
    final class SetSimilarity implements ItemVectorSimilarity {
        private final int[][] sets;
        private final String kind;
        private final boolean jaccard;

        SetSimilarity(int[][] sets, String kind, boolean jaccard) {
            this.sets = sets;
            this.kind = kind;
            this.jaccard = jaccard;
        }

        @Override
        public double similarity(int a, int b) {
            int[] x = sets[a];
            int[] y = sets[b];
            if (x.length == 0 || y.length == 0) {
                return 0;
            }
            int common = 0;
            for (int i = 0, j = 0; i < x.length && j < y.length; ) {
                if (x[i] == y[j]) {
                    common++;
                    i++;
                    j++;
                } else if (x[i] < y[j]) {
                    i++;
                } else {
                    j++;
                }
            }
            return jaccard
                    ? common / (double) (x.length + y.length - common)
                    : common / Math.sqrt((double) x.length * y.length);
        }

        @Override
        public String kind() {
            return kind;
        }
    }

    /** Cosine of item vectors with the norms computed once. */
    final class EmbeddingSimilarity implements ItemVectorSimilarity {
        private final IntFunction<float[]> vectors;
        private final float[] norms;

        EmbeddingSimilarity(int numItems, IntFunction<float[]> vectors) {
            this.vectors = vectors;
            this.norms = new float[numItems + 1];
            for (int i = 1; i <= numItems; i++) {
                norms[i] = (float) Math.sqrt(VectorMath.dot(vectors.apply(i), vectors.apply(i)));
            }
        }

        @Override
        public double similarity(int a, int b) {
            if (norms[a] == 0 || norms[b] == 0) {
                return 0;
            }
            double cos = VectorMath.dot(vectors.apply(a), vectors.apply(b)) / (norms[a] * (double) norms[b]);
            return Math.max(0, Math.min(1, cos));
        }

        @Override
        public String kind() {
            return "embedding";
        }
    }
}
