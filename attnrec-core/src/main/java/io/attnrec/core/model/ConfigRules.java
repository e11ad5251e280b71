package io.attnrec.core.model;

/**
 * The rule checks of the models' config records, one line a rule, each failing with the
 * same one-line message: {@code "MODEL: KEY must be ..., got VALUE"}.
 */
public final class ConfigRules {

    private ConfigRules() {}

    /** {@code value >= min}. */
    public static void atLeast(String model, String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(model + ": " + key + " must be >= " + min + ", got " + value);
        }
    }

    /** A finite {@code value > 0}. */
    public static void positive(String model, String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(model + ": " + key + " must be a number > 0, got " + value);
        }
    }

    /** A finite {@code value >= 0}. */
    public static void nonNegative(String model, String key, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(model + ": " + key + " must be a number >= 0, got " + value);
        }
    }

    /** {@code 0 <= value < 1}, e.g. a dropout rate. */
    public static void fraction(String model, String key, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(model + ": " + key + " must be in [0, 1), got " + value);
        }
    }

    /** A setting that must be given (a nested settings record, an enum). */
    public static void required(String model, String key, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(model + ": " + key + " is required");
        }
    }
}
