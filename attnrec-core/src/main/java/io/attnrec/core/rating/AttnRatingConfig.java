package io.attnrec.core.rating;

import io.attnrec.core.model.ConfigRules;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;
import java.util.Locale;

/**
 * Settings of {@link AttnRating}.
 *
 * @param dim {@code dim}: size of the user, item and value vectors ({@code p, q, y, e})
 * @param attnDim {@code attn_dim}: size of the attention query and key vectors ({@code z, k})
 * @param initStd {@code init_std}: standard deviation of the initial vectors
 * @param maxAttend {@code max_attend}: while training, each rating attends over at most this many
 *     history items drawn at random (a cheaper, noisier estimate of the full softmax average that
 *     also acts as dropout); 0 = the whole history. Predictions always attend over the whole history
 * @param regAttn {@code reg_attn}: L2 weight of the attention and history parameters ({@code y, e,
 *     z, k}); history rows are decayed in proportion to their attention weight
 * @param pool {@code pool}: {@code sqrt} (default) scales the attention-pooled vector by the
 *     square root of the history length, so that uniform attention is exactly SVD++'s {@code
 *     |N(u)|^-1/2 sum y_j}; {@code mean} keeps the plain softmax average
 * @param sgd the optimiser and early stopping (see {@link SgdConfig} for the keys)
 */
record AttnRatingConfig(int dim, int attnDim, double initStd, int maxAttend, double regAttn, Pool pool, SgdConfig sgd) {

    public AttnRatingConfig {
        ConfigRules.atLeast("attn-rating", "dim", dim, 1);
        ConfigRules.atLeast("attn-rating", "attn_dim", attnDim, 1);
        if (!(initStd >= 0 && initStd < 1)) {
            throw new IllegalArgumentException("attn-rating: init_std must be in [0, 1), got " + initStd);
        }
        ConfigRules.atLeast("attn-rating", "max_attend", maxAttend, 0);
        if (!(regAttn >= 0 && regAttn < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("attn-rating: reg_attn must be a number >= 0, got " + regAttn);
        }
        if (pool == null) {
            throw new IllegalArgumentException("attn-rating: pool must be sqrt or mean");
        }
    }

    /** How the attention-pooled vector is scaled. */
    public enum Pool {
        /** By the square root of the history length (SVD++'s scale under uniform attention). */
        SQRT,
        /** Not at all: the plain softmax average. */
        MEAN;

        /** {@code sqrt} or {@code mean}. */
        public static Pool parse(String v) {
            return RecordOptions.choice(Pool.class, v, "attn-rating: pool must be sqrt or mean, got '" + v + "'");
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether the pooled vector is scaled by the square root of the history length. */
    public boolean sqrtPool() {
        return pool == Pool.SQRT;
    }

    /** Chosen on held-out slices of the ML-100K training folds (never their test files). */
    public static AttnRatingConfig defaults() {
        return new AttnRatingConfig(
                64, 16, 0.05, 64, 0.05, Pool.SQRT, new SgdConfig(0.01, 0.01, 0.08, 0.01, 0.98, 100, 3, 0.05, true));
    }

    /** Reads the keys above and the {@link SgdConfig} keys; unknown keys are an error. */
    public static AttnRatingConfig from(ModelOptions options) {
        return RatingModels.parseOptions(AttnRating.NAME, AttnRatingConfig.class, defaults(), options);
    }
}
