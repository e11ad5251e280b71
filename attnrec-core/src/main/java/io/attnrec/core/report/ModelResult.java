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
 */
public record ModelResult(
        String model, Map<String, Double> metrics, double trainSeconds, double evalSeconds, int users) {

    public ModelResult {
        metrics = Map.copyOf(metrics);
    }
}
