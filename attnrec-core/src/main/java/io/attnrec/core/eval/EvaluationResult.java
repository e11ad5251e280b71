package io.attnrec.core.eval;

import java.util.Map;

/**
 * Metrics of one model on one set of cases.
 *
 * @param metrics metric name (lower case, e.g. {@code ndcg@10}) to its mean over users (or its
 *     global value for catalogue-level metrics such as {@code coverage@10})
 * @param perUser per-user values of the averaged metrics, in case order (for paired tests)
 * @param users number of users evaluated
 * @param seconds wall-clock time of the evaluation
 */
public record EvaluationResult(Map<String, Double> metrics, Map<String, double[]> perUser, int users, double seconds) {

    public double metric(String name) {
        Double v = metrics.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no metric '" + name + "'; have " + metrics.keySet());
        }
        return v;
    }
}
