package io.attnrec.core.eval;

/** Error metrics of rating prediction (SPEC C6): root mean squared error and mean absolute error. */
public final class RatingMetrics {

    private RatingMetrics() {}

    /**
     * Root mean squared error of {@code predicted} against {@code actual}.
     *
     * @throws IllegalArgumentException if the arrays differ in length, are empty, or contain NaN
     */
    public static double rmse(float[] predicted, float[] actual) {
        check(predicted, actual);
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            double e = (double) predicted[i] - actual[i];
            sum += e * e;
        }
        return Math.sqrt(sum / predicted.length);
    }

    /**
     * Mean absolute error of {@code predicted} against {@code actual}.
     *
     * @throws IllegalArgumentException if the arrays differ in length, are empty, or contain NaN
     */
    public static double mae(float[] predicted, float[] actual) {
        check(predicted, actual);
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            sum += Math.abs((double) predicted[i] - actual[i]);
        }
        return sum / predicted.length;
    }

    private static void check(float[] predicted, float[] actual) {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException(
                    predicted.length + " predictions for " + actual.length + " ratings; they must match one to one");
        }
        if (predicted.length == 0) {
            throw new IllegalArgumentException("no ratings to compare");
        }
        for (int i = 0; i < predicted.length; i++) {
            if (Float.isNaN(predicted[i])) {
                throw new IllegalArgumentException("prediction " + i + " is NaN");
            }
            if (Float.isNaN(actual[i])) {
                throw new IllegalArgumentException("rating " + i + " is NaN");
            }
        }
    }
}
