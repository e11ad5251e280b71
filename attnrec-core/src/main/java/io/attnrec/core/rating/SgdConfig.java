package io.attnrec.core.rating;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;
import java.util.Map;

/**
 * How the rating models are fitted: plain stochastic gradient descent on squared error plus L2,
 * one rating at a time, with early stopping on a held-out slice of the training ratings.
 *
 * @param lr {@code lr}: learning rate of the factor and attention parameters
 * @param lrBias {@code lr_bias}: learning rate of the biases
 * @param reg {@code reg}: L2 weight of the factor and attention parameters
 * @param regBias {@code reg_bias}: L2 weight of the biases
 * @param decay {@code decay}: the learning rates are multiplied by this after every epoch, in (0, 1]
 * @param epochs {@code epochs}: most epochs to run
 * @param patience {@code patience}: stop after this many epochs without a better validation RMSE
 * @param validFraction {@code valid_fraction}: share of the training ratings held out for early
 *     stopping, in [0, 0.5]; 0 = no early stopping (all {@code epochs} run)
 * @param refit {@code refit}: after early stopping, train again from the same initial state on all
 *     training ratings for the chosen number of epochs (otherwise keep the best epoch's state,
 *     fitted without the held-out slice)
 */
record SgdConfig(
        double lr,
        double lrBias,
        double reg,
        double regBias,
        double decay,
        int epochs,
        int patience,
        double validFraction,
        boolean refit)
        implements Fitting.Schedule {

    public SgdConfig {
        positive("lr", lr);
        positive("lr_bias", lrBias);
        nonNegative("reg", reg);
        nonNegative("reg_bias", regBias);
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("decay must be in (0, 1], got " + decay);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, got " + patience);
        }
        if (!(validFraction >= 0 && validFraction <= 0.5)) {
            throw new IllegalArgumentException("valid_fraction must be in [0, 0.5], got " + validFraction);
        }
    }

    private static void positive(String key, double v) {
        if (!(v > 0 && v < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(key + " must be a number > 0, got " + v);
        }
    }

    private static void nonNegative(String key, double v) {
        if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(key + " must be a number >= 0, got " + v);
        }
    }

    /**
     * Reads the keys above from {@code options}, defaulting to {@code d}; {@code lr_bias} follows a
     * given {@code lr} unless it is given too.
     */
    public static SgdConfig parse(ModelOptions options, SgdConfig d) {
        SgdConfig c = RecordOptions.parse(SgdConfig.class, d, options);
        return options.has("lr") && !options.has("lr_bias") ? c.withLrBias(c.lr) : c;
    }

    private SgdConfig withLrBias(double rate) {
        return new SgdConfig(lr, rate, reg, regBias, decay, epochs, patience, validFraction, refit);
    }

    /** The settings as strings, for model files. */
    Map<String, String> toMap() {
        return Map.of(
                "lr", Double.toString(lr),
                "lr_bias", Double.toString(lrBias),
                "reg", Double.toString(reg),
                "reg_bias", Double.toString(regBias),
                "decay", Double.toString(decay),
                "epochs", Integer.toString(epochs),
                "patience", Integer.toString(patience),
                "valid_fraction", Double.toString(validFraction),
                "refit", Boolean.toString(refit));
    }

    static SgdConfig fromMap(Map<String, String> m) {
        return new SgdConfig(
                Double.parseDouble(m.get("lr")),
                Double.parseDouble(m.get("lr_bias")),
                Double.parseDouble(m.get("reg")),
                Double.parseDouble(m.get("reg_bias")),
                Double.parseDouble(m.get("decay")),
                Integer.parseInt(m.get("epochs")),
                Integer.parseInt(m.get("patience")),
                Double.parseDouble(m.get("valid_fraction")),
                Boolean.parseBoolean(m.get("refit")));
    }
}
