package io.attnrec.core.rating;

import io.attnrec.core.model.ConfigRules;
import io.attnrec.core.model.ModelOptions;

/**
 * Settings of {@link SvdPp}.
 *
 * @param dim {@code dim}: number of latent factors
 * @param initStd {@code init_std}: standard deviation of the initial factors
 * @param sgd the optimiser and early stopping (see {@link SgdConfig} for the keys)
 */
record SvdPpConfig(int dim, double initStd, SgdConfig sgd) implements FactorRatingModel.Settings {

    public SvdPpConfig {
        ConfigRules.atLeast("svdpp", "dim", dim, 1);
        if (!(initStd >= 0 && initStd < 1)) {
            throw new IllegalArgumentException("svdpp: init_std must be in [0, 1), got " + initStd);
        }
    }

    /** Chosen on held-out slices of the ML-100K training folds (never their test files). */
    public static SvdPpConfig defaults() {
        return new SvdPpConfig(64, 0.05, new SgdConfig(0.01, 0.01, 0.08, 0.01, 0.98, 100, 3, 0.05, true));
    }

    /** Reads {@code dim}, {@code init_std} and the {@link SgdConfig} keys; unknown keys are an error. */
    public static SvdPpConfig from(ModelOptions options) {
        return RatingModels.parseOptions(SvdPp.NAME, SvdPpConfig.class, defaults(), options);
    }
}
