package io.attnrec.core.model;

import java.util.Map;

/**
 * Provenance of a trained model, written into its manifest.
 *
 * @param model registered model name
 * @param options the options it was trained with
 * @param seed the training seed
 * @param dataName the data set's name
 * @param dataFingerprint {@link ModelArtifact#fingerprint} of the training data
 * @param metrics validation metrics at the kept checkpoint (may be empty)
 * @param trainSeconds wall-clock training time
 */
public record ArtifactInfo(
        String model,
        Map<String, String> options,
        long seed,
        String dataName,
        String dataFingerprint,
        Map<String, Double> metrics,
        double trainSeconds) {

    public ArtifactInfo {
        options = Map.copyOf(options);
        metrics = Map.copyOf(metrics);
    }
}
