package io.attnrec.core.rating;

import io.attnrec.core.model.ConfigRules;
import io.attnrec.core.model.ModelOptions;

/**
 * Settings of {@link KnnBaseline}.
 *
 * @param k {@code k}: most neighbours (among the items the user rated) that enter a prediction
 * @param shrink {@code shrink}: a similarity computed on {@code n} common users is multiplied by
 *     {@code (n - 1) / (n - 1 + shrink)}, so that pairs seen together by a few users do not count
 *     as much as pairs seen by many (Koren 2008, section 2.2)
 * @param keep {@code keep}: most neighbours stored per item, the most similar first (bounds the
 *     model's size on large catalogues; a prediction reads the first {@code k} of them the user
 *     rated)
 * @param validFraction {@code valid_fraction}: share of the training ratings held out to report a
 *     held-out RMSE ({@link RatingPredictor#validationCurve}) before the final model is built on all
 *     of them, in [0, 0.5]; 0 = none. The neighbourhood has nothing to stop early, so the slice is
 *     only for choosing settings and for comparing with the other models' held-out figures
 */
record KnnBaselineConfig(int k, double shrink, int keep, double validFraction) {

    public KnnBaselineConfig {
        ConfigRules.atLeast(KnnBaseline.NAME, "k", k, 1);
        ConfigRules.nonNegative(KnnBaseline.NAME, "shrink", shrink);
        ConfigRules.atLeast(KnnBaseline.NAME, "keep", keep, 1);
        if (!(validFraction >= 0 && validFraction <= 0.5)) {
            throw new IllegalArgumentException(
                    KnnBaseline.NAME + ": valid_fraction must be in [0, 0.5], got " + validFraction);
        }
    }

    /** Koren's and Surprise's KNNBaseline settings (k 40, shrinkage 100); 500 stored neighbours. */
    public static KnnBaselineConfig defaults() {
        return new KnnBaselineConfig(40, 100, 500, 0.05);
    }

    /** Reads the keys above; unknown keys are an error. */
    public static KnnBaselineConfig from(ModelOptions options) {
        return RatingModels.parseOptions(KnnBaseline.NAME, KnnBaselineConfig.class, defaults(), options);
    }
}
