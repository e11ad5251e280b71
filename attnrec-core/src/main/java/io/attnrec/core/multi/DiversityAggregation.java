package io.attnrec.core.multi;

import io.attnrec.core.model.TopK;
import java.util.HashMap;
import java.util.Map;

/**
 * ComiRec's diversity-controlled aggregation (Cen et al., KDD 2020, section 3.5): every interest
 * retrieves its own top {@code n} items; from the union {@code M} a list {@code S} of {@code n}
 * items is chosen greedily to maximise
 *
 * <pre>
 *   Q(u, S) = sum_{i in S} f(u, i) + lambda * sum_{i in S} sum_{j in S} g(i, j)
 * </pre>
 *
 * with {@code f(u, i) = max_k e_i . v_k} (the item's score) and {@code g(i, j) = 1} when items
 * {@code i} and {@code j} are in different categories, else 0. Step by step the greedy pick is
 * the candidate with the largest {@code f(u, i) + lambda * #(listed items of another category)}.
 *
 * <p>With {@code lambda = 0} the list is the pure merge by score: the top {@code n} items of the
 * max-over-interests scores (every such item is in the top {@code n} of the interest that gives
 * its score, so the union holds them all). Larger {@code lambda} trades score for category
 * diversity.
 */
public final class DiversityAggregation {

    private DiversityAggregation() {}

    /**
     * The aggregated list.
     *
     * @param perInterest {@code (K, numItems + 1)} scores per interest, column 0 ignored
     * @param categories {@code categories[i]} = item i's category (equal ints = same category),
     *     length {@code numItems + 1}
     * @param lambda diversity weight, >= 0
     * @param n list length (and the size of each interest's own retrieval), >= 1
     * @param excluded items never listed (e.g. the history), any order
     * @return up to {@code n} item ids, in greedy order
     */
    public static int[] aggregate(float[][] perInterest, int[] categories, double lambda, int n, int[] excluded) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("diversity lambda must be a number >= 0, got " + lambda);
        }
        if (n < 1) {
            throw new IllegalArgumentException("list length must be >= 1, got " + n);
        }
        if (perInterest.length == 0) {
            throw new IllegalArgumentException("at least one interest is needed");
        }
        int width = perInterest[0].length;
        if (categories.length != width) {
            throw new IllegalArgumentException(
                    "categories has length " + categories.length + ", score rows have " + width);
        }
        float[] f = new float[width];
        InterestScores.max(perInterest, f);
        // the candidate set M: the union of each interest's own top n
        boolean[] inM = new boolean[width];
        int size = 0;
        for (float[] row : perInterest) {
            for (int item : TopK.select(row, n, excluded)) {
                if (!inM[item]) {
                    inM[item] = true;
                    size++;
                }
            }
        }
        int[] candidates = new int[size];
        int c = 0;
        for (int i = 1; i < width; i++) {
            if (inM[i]) {
                candidates[c++] = i;
            }
        }
        int[] out = new int[Math.min(n, size)];
        boolean[] taken = new boolean[size];
        // listed items per category, so that g sums in O(1): #other = listed - sameCategory
        Map<Integer, Integer> perCategory = new HashMap<>();
        for (int step = 0; step < out.length; step++) {
            int best = -1;
            double bestGain = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < size; j++) {
                if (taken[j]) {
                    continue;
                }
                int item = candidates[j];
                int other = step - perCategory.getOrDefault(categories[item], 0);
                double gain = f[item] + lambda * other;
                // candidates are in ascending id order: strict > keeps the lower id on ties
                if (gain > bestGain) {
                    bestGain = gain;
                    best = j;
                }
            }
            taken[best] = true;
            out[step] = candidates[best];
            perCategory.merge(categories[candidates[best]], 1, Integer::sum);
        }
        return out;
    }

    /**
     * Writes a ranking into a score row: the listed items, in list order, score above every other
     * item; the others keep their scores. Scores of listed items are {@code max + 1 + (n - rank)},
     * where {@code max} is the largest finite score in the row.
     */
    public static void rankFirst(int[] list, float[] scores) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > max && !Float.isInfinite(scores[i])) {
                max = scores[i];
            }
        }
        if (max == Float.NEGATIVE_INFINITY) {
            max = 0;
        }
        for (int rank = 0; rank < list.length; rank++) {
            scores[list[rank]] = max + 1 + (list.length - rank);
        }
    }

    /**
     * Category intra-list diversity as ComiRec reports it: the share of item pairs in the list
     * whose categories differ; 0 for lists shorter than two.
     */
    public static double categoryDiversity(int[] list, int[] categories) {
        if (list.length < 2) {
            return 0;
        }
        long different = 0;
        for (int a = 0; a < list.length; a++) {
            for (int b = a + 1; b < list.length; b++) {
                if (categories[list[a]] != categories[list[b]]) {
                    different++;
                }
            }
        }
        return different / (list.length * (list.length - 1) / 2.0);
    }

    /** The top {@code n} of the max-over-interests scores, history excluded: the pure merge. */
    static int[] pureMerge(float[][] perInterest, int n, int[] excluded) {
        float[] f = new float[perInterest[0].length];
        InterestScores.max(perInterest, f);
        return TopK.select(f, n, excluded);
    }
}
