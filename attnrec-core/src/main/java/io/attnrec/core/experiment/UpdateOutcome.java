package io.attnrec.core.experiment;

import io.attnrec.core.model.Lineage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one model update did ({@link UseCases#update}, or any {@link ModelUpdater}).
 *
 * @param status accepted (a new model was written and should be served), rejected or nothing to do
 * @param model the new artifact directory when accepted, else null
 * @param message one sentence for the log: why it was accepted or not
 * @param metric the validation metric compared (e.g. {@code ndcg@10}), or null when nothing was
 * @param parentMetric the parent's validation figure (NaN when nothing was compared)
 * @param childMetric the new model's
 * @param lineage the new model's lineage (also when rejected; empty when nothing was done)
 * @param validationEvents the most recent events held out to compare the two
 * @param seconds wall-clock time of the update
 */
public record UpdateOutcome(
        Status status,
        Path model,
        String message,
        String metric,
        double parentMetric,
        double childMetric,
        Optional<Lineage> lineage,
        int validationEvents,
        double seconds) {

    /** The three ends of an update. */
    public enum Status {
        /** The new model was not worse than its parent beyond the tolerance, and was written. */
        ACCEPTED,
        /** The new model was worse; nothing was written. */
        REJECTED,
        /** No new events to learn from; nothing was written. */
        NOTHING_TO_DO
    }

    public UpdateOutcome {
        if (status == null) {
            throw new IllegalArgumentException("an update outcome needs a status");
        }
        if (status == Status.ACCEPTED && model == null) {
            throw new IllegalArgumentException("an accepted update must name its model");
        }
        message = message == null ? "" : message;
        lineage = lineage == null ? Optional.empty() : lineage;
    }

    /** True when a new model was written and should be served. */
    public boolean accepted() {
        return status == Status.ACCEPTED;
    }

    /** The compared figures, e.g. {@code ndcg@10} and {@code parent_ndcg@10}; empty when none. */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (metric != null && !Double.isNaN(childMetric)) {
            m.put(metric, childMetric);
        }
        if (metric != null && !Double.isNaN(parentMetric)) {
            m.put("parent_" + metric, parentMetric);
        }
        return m;
    }

    /** A new model at {@code model}, to be served. */
    public static UpdateOutcome accepted(Path model, String message, String metric, double child, double parent) {
        return new UpdateOutcome(Status.ACCEPTED, model, message, metric, parent, child, Optional.empty(), 0, 0);
    }

    /** No new model: validation said worse. */
    public static UpdateOutcome rejected(String message, String metric, double child, double parent) {
        return new UpdateOutcome(Status.REJECTED, null, message, metric, parent, child, Optional.empty(), 0, 0);
    }

    /** Nothing to learn from. */
    public static UpdateOutcome nothingToDo(String message) {
        return new UpdateOutcome(
                Status.NOTHING_TO_DO, null, message, null, Double.NaN, Double.NaN, Optional.empty(), 0, 0);
    }
}
