package io.attnrec.serve.retrieval;

import java.util.Arrays;

/**
 * A ranked list: {@code items[r]} is the item at rank {@code r} (0 = best) with score {@code
 * scores[r]}.
 */
public record Ranked(int[] items, float[] scores) {

    public Ranked {
        if (items.length != scores.length) {
            throw new IllegalArgumentException(items.length + " items but " + scores.length + " scores");
        }
    }

    public static Ranked empty() {
        return new Ranked(new int[0], new float[0]);
    }

    public int size() {
        return items.length;
    }

    /** The first {@code k} entries (all if there are fewer). */
    public Ranked head(int k) {
        if (k >= items.length) {
            return this;
        }
        return new Ranked(Arrays.copyOf(items, k), Arrays.copyOf(scores, k));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ranked r && Arrays.equals(items, r.items) && Arrays.equals(scores, r.scores);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(items) + Arrays.hashCode(scores);
    }

    @Override
    public String toString() {
        return "Ranked" + Arrays.toString(items);
    }

    /** The same list as core's selection returns it. */
    public static Ranked of(io.attnrec.core.model.TopK.Scored scored) {
        return new Ranked(scored.items(), scored.scores());
    }

    /** Fraction of the exact top-k {@code truth} that the approximate list {@code approx} found. */
    public static double recall(Ranked approx, Ranked truth) {
        if (truth.size() == 0) {
            return 1.0;
        }
        int[] a = approx.items().clone();
        java.util.Arrays.sort(a);
        int hit = 0;
        for (int item : truth.items()) {
            if (java.util.Arrays.binarySearch(a, item) >= 0) {
                hit++;
            }
        }
        return hit / (double) truth.size();
    }
}
