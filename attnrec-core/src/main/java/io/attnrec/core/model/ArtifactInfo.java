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
 * @param dataSpec how to load the data again: {@code path}, {@code format}, preparation options
 *     (empty when unknown)
 * @param protocol the split: {@code name} and its settings (empty when unknown)
 */
public record ArtifactInfo(
        String model,
        Map<String, String> options,
        long seed,
        String dataName,
        String dataFingerprint,
        Map<String, Double> metrics,
        double trainSeconds,
        Map<String, String> dataSpec,
        Map<String, String> protocol) {

    public ArtifactInfo {
        options = Map.copyOf(options);
        metrics = Map.copyOf(metrics);
        dataSpec = Map.copyOf(dataSpec);
        protocol = Map.copyOf(protocol);
    }

    /** Provenance without the data's specification and protocol (models built in code, tests). */
    public ArtifactInfo(
            String model,
            Map<String, String> options,
            long seed,
            String dataName,
            String dataFingerprint,
            Map<String, Double> metrics,
            double trainSeconds) {
        this(model, options, seed, dataName, dataFingerprint, metrics, trainSeconds, Map.of(), Map.of());
    }
}
