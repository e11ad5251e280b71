package io.attnrec.core.multi;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Item categories for {@link DiversityAggregation}: from the catalogue's metadata when the data
 * has them, otherwise from clusters of the learned item vectors. Arrays are indexed by dense item
 * id ({@code length numItems + 1}); entry 0 (padding) is -1.
 */
public final class ItemCategories {

    /** Below this share of items with a category, metadata is not trusted for diversity. */
    static final double MIN_COVERAGE = 0.5;

    private ItemCategories() {}

    /**
     * Each item's first category in the catalogue. Items without one share a category of their
     * own ("none"). Empty when fewer than half the items have a category.
     */
    public static Optional<int[]> fromCatalog(IdMap items, ItemCatalog catalog) {
        int n = items.size();
        int[] out = new int[n + 1];
        out[0] = -1;
        Map<String, Integer> index = new HashMap<>();
        int covered = 0;
        for (int i = 1; i <= n; i++) {
            List<String> cats =
                    catalog.get(items.external(i)).map(ItemMeta::categories).orElse(List.of());
            String c = cats.isEmpty() ? null : cats.get(0);
            if (c != null) {
                covered++;
            }
            // "none" cannot clash with a real category name: it is keyed by null
            out[i] = index.computeIfAbsent(c, k -> index.size());
        }
        if (n == 0 || covered < MIN_COVERAGE * n) {
            return Optional.empty();
        }
        return Optional.of(out);
    }

    /**
     * Spherical k-means on the item vectors (rows {@code 1..} of {@code table}, each normalised
     * to unit length so clusters follow the direction that dot-product scores read), with
     * k-means++ seeding from {@code seed}. Same table and seed, same clusters.
     *
     * @param k clusters, >= 1 (fewer when there are fewer items)
     * @param iterations Lloyd iterations, >= 1 (stops early when no item moves)
     */
    public static int[] fromEmbeddings(float[][] table, int k, int iterations, long seed) {
        if (k < 1 || iterations < 1) {
            throw new IllegalArgumentException("k-means needs k >= 1 and iterations >= 1");
        }
        int n = table.length - 1;
        int[] out = new int[table.length];
        out[0] = -1;
        if (n <= 0) {
            return out;
        }
        int dim = table[1].length;
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) {
            x[i] = unit(table[i + 1]);
        }
        k = Math.min(k, n);
        float[][] centres = seedPlusPlus(x, k, new SplittableRandom(seed));
        int[] assign = new int[n];
        Arrays.fill(assign, -1);
        for (int it = 0; it < iterations; it++) {
            boolean moved = false;
            for (int i = 0; i < n; i++) {
                int best = nearest(x[i], centres);
                if (best != assign[i]) {
                    assign[i] = best;
                    moved = true;
                }
            }
            if (!moved) {
                break;
            }
            float[][] sums = new float[k][dim];
            for (int i = 0; i < n; i++) {
                float[] s = sums[assign[i]];
                for (int d = 0; d < dim; d++) {
                    s[d] += x[i][d];
                }
            }
            for (int c = 0; c < k; c++) {
                // an emptied cluster keeps its centre: it may win items back next round
                if (norm(sums[c]) > 0) {
                    centres[c] = unit(sums[c]);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            out[i + 1] = assign[i];
        }
        return out;
    }

    private static float[][] seedPlusPlus(float[][] x, int k, SplittableRandom rng) {
        int n = x.length;
        float[][] centres = new float[k][];
        centres[0] = x[rng.nextInt(n)].clone();
        double[] d2 = new double[n];
        for (int i = 0; i < n; i++) {
            d2[i] = distance2(x[i], centres[0]);
        }
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double d : d2) {
                total += d;
            }
            int pick = n - 1;
            if (total > 0) {
                double target = rng.nextDouble() * total;
                for (int i = 0; i < n; i++) {
                    target -= d2[i];
                    if (target < 0) {
                        pick = i;
                        break;
                    }
                }
            } else {
                pick = rng.nextInt(n);
            }
            centres[c] = x[pick].clone();
            for (int i = 0; i < n; i++) {
                d2[i] = Math.min(d2[i], distance2(x[i], centres[c]));
            }
        }
        return centres;
    }

    private static int nearest(float[] v, float[][] centres) {
        int best = 0;
        float bestDot = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < centres.length; c++) {
            float d = InterestScores.dot(v, centres[c]);
            if (d > bestDot) {
                bestDot = d;
                best = c;
            }
        }
        return best;
    }

    private static double distance2(float[] a, float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            double t = a[d] - b[d];
            s += t * t;
        }
        return s;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f * f;
        }
        return Math.sqrt(s);
    }

    private static float[] unit(float[] v) {
        double len = norm(v);
        float[] out = new float[v.length];
        if (len == 0) {
            return out;
        }
        for (int d = 0; d < v.length; d++) {
            out[d] = (float) (v[d] / len);
        }
        return out;
    }
}
