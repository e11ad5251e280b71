package io.attnrec.serve.retrieval;

import java.util.BitSet;

/**
 * Top-k selection for the server, as {@link Ranked} lists: {@link io.attnrec.core.model.TopK}'s
 * heap (parallel on large catalogues), with k required to be positive.
 */
public final class TopK {

    /** Arrays at least this long are selected in parallel. */
    public static final int PARALLEL_THRESHOLD = io.attnrec.core.model.TopK.PARALLEL_THRESHOLD;

    private TopK() {}

    /**
     * The {@code k} best items of {@code scores[1..]}, skipping {@code excluded} items (may be
     * {@code null}).
     */
    public static Ranked select(float[] scores, int k, BitSet excluded) {
        return select(scores, k, excluded, PARALLEL_THRESHOLD);
    }

    static Ranked select(float[] scores, int k, BitSet excluded, int parallelThreshold) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        return Ranked.of(io.attnrec.core.model.TopK.top(scores, k, excluded, parallelThreshold));
    }

    /** True when (s1, i1) ranks before (s2, i2). */
    static boolean better(float s1, int i1, float s2, int i2) {
        return io.attnrec.core.model.TopK.better(s1, i1, s2, i2);
    }
}
