package io.attnrec.core.experiment;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a {@link ModelUpdater} did.
 *
 * @param accepted true when a new model was written and should be served
 * @param model the new artifact directory when accepted, else null
 * @param reason one sentence for the log: why it was accepted or not ("nothing to do: no new
 *     events", "NDCG@10 0.081 < parent 0.090 - tolerance")
 * @param metrics validation figures (e.g. {@code ndcg@10}, {@code parent_ndcg@10}); may be empty
 */
public record UpdateOutcome(boolean accepted, Path model, String reason, Map<String, Double> metrics) {

    public UpdateOutcome {
        if (accepted && model == null) {
            throw new IllegalArgumentException("an accepted update must name its model");
        }
        reason = reason == null ? "" : reason;
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    /** A new model at {@code model}, to be served. */
    public static UpdateOutcome accepted(Path model, String reason, Map<String, Double> metrics) {
        return new UpdateOutcome(true, model, reason, metrics);
    }

    /** No new model: validation said worse, or there was nothing to learn from. */
    public static UpdateOutcome rejected(String reason, Map<String, Double> metrics) {
        return new UpdateOutcome(false, null, reason, metrics);
    }
}
