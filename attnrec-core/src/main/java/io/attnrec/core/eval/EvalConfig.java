package io.attnrec.core.eval;

import java.util.Arrays;

/**
 * Evaluation settings.
 *
 * @param ks cut-offs, e.g. {5, 10, 20}; kept sorted and without duplicates
 * @param threads worker threads (>= 1)
 * @param sampledNegatives 0 = rank all items (the default and honest protocol); N > 0 = rank
 *     each target against N uniformly sampled items the user has not interacted with (for
 *     comparison with old papers only)
 * @param seed seed for negative sampling
 */
public record EvalConfig(int[] ks, int threads, int sampledNegatives, long seed) implements java.io.Serializable {

    public EvalConfig {
        if (ks.length == 0) {
            throw new IllegalArgumentException("at least one cut-off K is needed");
        }
        ks = Arrays.stream(ks).sorted().distinct().toArray();
        if (ks[0] < 1) {
            throw new IllegalArgumentException("cut-offs must be >= 1");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        if (sampledNegatives < 0) {
            throw new IllegalArgumentException("sampled negatives must be >= 0");
        }
    }

    /** K in {5, 10, 20}, all cores, full ranking. */
    public static EvalConfig defaults() {
        return new EvalConfig(new int[] {5, 10, 20}, Runtime.getRuntime().availableProcessors(), 0, 42L);
    }

    public int maxK() {
        return ks[ks.length - 1];
    }

    public EvalConfig withKs(int... newKs) {
        return new EvalConfig(newKs, threads, sampledNegatives, seed);
    }
}
