package io.attnrec.core.report;

import java.util.Map;

/**
 * One model's line in a comparison.
 *
 * @param model the model spec as given (name plus options)
 * @param metrics test metrics, lower-case keys
 * @param trainSeconds wall-clock training time (including validation-based tuning)
 * @param evalSeconds wall-clock time of the test evaluation
 * @param users users evaluated
 * @param validation the same metrics on the split's validation cases, the numbers to choose
 *     settings by (empty when the protocol has none, e.g. rating folds)
 */
public record ModelResult(
        String model,
        Map<String, Double> metrics,
        double trainSeconds,
        double evalSeconds,
        int users,
        Map<String, Double> validation) {

    public ModelResult {
        metrics = Map.copyOf(metrics);
        validation = Map.copyOf(validation);
    }

    /** A result without validation metrics. */
    public ModelResult(String model, Map<String, Double> metrics, double trainSeconds, double evalSeconds, int users) {
        this(model, metrics, trainSeconds, evalSeconds, users, Map.of());
    }

    public ModelResult withValidation(Map<String, Double> v) {
        return new ModelResult(model, metrics, trainSeconds, evalSeconds, users, v);
    }
}
