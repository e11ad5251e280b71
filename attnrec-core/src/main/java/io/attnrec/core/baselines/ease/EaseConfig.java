package io.attnrec.core.baselines.ease;

import io.attnrec.core.model.ConfigRules;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;
import java.util.Arrays;

/**
 * Settings of {@link EaseModel}.
 *
 * @param lambda {@code lambda}: the L2 weight; {@code NaN} (the default) = choose it from {@code
 *     lambdaGrid} by validation NDCG@10
 * @param lambdaGrid {@code lambda_grid}: candidates, separated by {@code +}, {@code |}, spaces or commas
 *     (default 5|10|20|50|100|200|500|1000|2000|5000; sparse Amazon data prefer the small end)
 * @param maxItems {@code max_items}: the model covers the N most popular training items (default
 *     10000); see {@link EaseModel} for why and what happens to the others
 * @param tuneItems {@code tune_items}: while choosing lambda, fit on the N most popular items only
 *     (default 3000; at most {@code max_items}); the chosen lambda is then fitted once on {@code
 *     max_items}. Set it to {@code max_items} to tune on the full model (slower: one n³ inverse per
 *     candidate)
 * @param threads {@code threads}: threads for the inverse (default: all cores); does not change
 *     the model
 */
public record EaseConfig(double lambda, double[] lambdaGrid, int maxItems, int tuneItems, int threads) {

    static final double[] DEFAULT_GRID = {5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};

    /** Used when lambda is to be tuned but there are no validation cases. */
    static final double FALLBACK_LAMBDA = 500;

    public EaseConfig {
        if (!Double.isNaN(lambda) && !(lambda > 0 && lambda < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("ease: lambda must be a number > 0, got " + lambda);
        }
        lambdaGrid = lambdaGrid.clone();
        if (lambdaGrid.length == 0) {
            throw new IllegalArgumentException("ease: lambda_grid is empty");
        }
        for (double l : lambdaGrid) {
            if (!(l > 0 && l < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("ease: lambda_grid values must be numbers > 0, got " + l);
            }
        }
        ConfigRules.atLeast("ease", "max_items", maxItems, 1);
        ConfigRules.atLeast("ease", "tune_items", tuneItems, 1);
        ConfigRules.atLeast("ease", "threads", threads, 1);
    }

    public static EaseConfig defaults() {
        return new EaseConfig(
                Double.NaN, DEFAULT_GRID, 10_000, 3_000, Runtime.getRuntime().availableProcessors());
    }

    /** A copy with a fixed lambda (no tuning). */
    public EaseConfig withLambda(double newLambda) {
        return new EaseConfig(newLambda, lambdaGrid, maxItems, tuneItems, threads);
    }

    public boolean tunesLambda() {
        return Double.isNaN(lambda);
    }

    @Override
    public double[] lambdaGrid() {
        return lambdaGrid.clone();
    }

    /** Reads the options above; unknown keys are an error. */
    public static EaseConfig from(ModelOptions options) {
        // NaN is the "tune it" default, not a value to give
        if (options.has("lambda") && Double.isNaN(options.getDouble("lambda", 0))) {
            throw new IllegalArgumentException("ease: lambda must be a number > 0, got NaN");
        }
        return RecordOptions.parseAll(EaseConfig.class, defaults(), options);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EaseConfig c
                && Double.compare(lambda, c.lambda) == 0
                && Arrays.equals(lambdaGrid, c.lambdaGrid)
                && maxItems == c.maxItems
                && tuneItems == c.tuneItems
                && threads == c.threads;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Double.hashCode(lambda) + Arrays.hashCode(lambdaGrid)) + maxItems) + tuneItems;
    }

    @Override
    public String toString() {
        return "EaseConfig[lambda=" + lambda + ", lambdaGrid=" + Arrays.toString(lambdaGrid) + ", maxItems=" + maxItems
                + ", tuneItems=" + tuneItems + ", threads=" + threads + "]";
    }
}
