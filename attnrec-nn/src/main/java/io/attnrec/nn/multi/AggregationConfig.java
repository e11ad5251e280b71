package io.attnrec.nn.multi;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;
import java.util.Map;

/**
 * How a multi-interest model turns its interests into a ranking (ComiRec section 3.5).
 *
 * @param diversity {@code diversity}: the aggregation's lambda, >= 0. 0 = pure merge by score
 *     (every item scored by its best interest); > 0 = each interest retrieves its own top {@code
 *     retrieve} items and the first {@code retrieve} places are filled greedily, rewarding items
 *     whose category differs from those already listed
 * @param retrieve {@code retrieve}: list length of the aggregation, >= 1 (cover the largest
 *     cut-off you evaluate)
 * @param clusters {@code clusters}: when the data has no item categories, items are grouped by
 *     k-means on the learned item vectors into this many clusters, >= 1
 */
public record AggregationConfig(double diversity, int retrieve, int clusters) {

    public AggregationConfig {
        MultiTrainConfig.require(diversity >= 0 && Double.isFinite(diversity), "diversity must be a number >= 0");
        MultiTrainConfig.require(retrieve >= 1, "retrieve must be >= 1");
        MultiTrainConfig.require(clusters >= 1, "clusters must be >= 1");
    }

    /** Pure merge (lambda 0), lists of 50, 20 clusters. */
    public static AggregationConfig defaults() {
        return new AggregationConfig(0.0, 50, 20);
    }

    public static AggregationConfig parse(ModelOptions options, AggregationConfig defaults) {
        return RecordOptions.parse(AggregationConfig.class, defaults, options);
    }

    public AggregationConfig withDiversity(double lambda) {
        return new AggregationConfig(lambda, retrieve, clusters);
    }

    public Map<String, String> toOptions() {
        return RecordOptions.toOptions(this);
    }
}
