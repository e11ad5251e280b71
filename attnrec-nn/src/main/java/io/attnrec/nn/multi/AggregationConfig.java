package io.attnrec.nn.multi;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;
import io.attnrec.nn.train.Checks;
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
 * @param pruneCosine {@code prune_cosine}: at read-out, an interest whose cosine similarity with
 *     an interest already kept exceeds this is dropped as a near-duplicate, in (0, 1]; 1 = off.
 *     Interests are kept in order of their support (the effective number of history items that
 *     form them), so of two duplicates the broader one stays
 * @param pruneSingle {@code prune_single}: at read-out, an interest that puts more than this share
 *     of its weight (attention or routing coefficients, normalised over the history) on one
 *     history item is dropped, in (0, 1]; 1 = off. A user always keeps at least one interest
 *     (the one with the largest support)
 * @param merge {@code merge}: how an item's score is taken over a user's interests ({@link Merge}):
 *     {@code max} (ComiRec's and MIND's: the largest dot product), {@code logprob} (the largest
 *     per-interest log-probability, each interest's dot products normalised by a softmax over
 *     every item) or {@code mixture} (the log of the mean of the per-interest softmax
 *     probabilities)
 */
public record AggregationConfig(
        double diversity, int retrieve, int clusters, double pruneCosine, double pruneSingle, Merge merge) {

    public AggregationConfig {
        Checks.require(diversity >= 0 && Double.isFinite(diversity), "diversity must be a number >= 0");
        Checks.require(retrieve >= 1, "retrieve must be >= 1");
        Checks.require(clusters >= 1, "clusters must be >= 1");
        Checks.require(pruneCosine > 0 && pruneCosine <= 1, "prune_cosine must be in (0, 1] (1 = off)");
        Checks.require(pruneSingle > 0 && pruneSingle <= 1, "prune_single must be in (0, 1] (1 = off)");
        Checks.require(merge != null, "merge is required");
    }

    /** Settings with the published merge (the largest dot product). */
    public AggregationConfig(double diversity, int retrieve, int clusters, double pruneCosine, double pruneSingle) {
        this(diversity, retrieve, clusters, pruneCosine, pruneSingle, Merge.MAX);
    }

    /**
     * Pure merge (lambda 0), lists of 50, 20 clusters; near-duplicate interests (cosine above
     * 0.95) pruned, one-item interests kept. Chosen on the default planted world's validation
     * users (bench/RESULTS.md, issue 19): pruning duplicates left Recall@50 within 0.001 for every
     * family while MIND's users went from 3.7 to 2.4 interests; pruning one-item interests cost
     * ComiRec-SA 0.15 Recall@50 (they carry the successor of the newest item). Models saved before
     * the keys existed load with pruning off.
     */
    public static AggregationConfig defaults() {
        return new AggregationConfig(0.0, 50, 20, 0.95, 1.0);
    }

    /** Whether read-out drops any interest. */
    public boolean prunes() {
        return pruneCosine < 1 || pruneSingle < 1;
    }

    public static AggregationConfig parse(ModelOptions options, AggregationConfig defaults) {
        return RecordOptions.parse(AggregationConfig.class, defaults, options);
    }

    public AggregationConfig withDiversity(double lambda) {
        return new AggregationConfig(lambda, retrieve, clusters, pruneCosine, pruneSingle, merge);
    }

    /**
     * How an item's score is taken over a user's interests ({@code merge}).
     *
     * <p>Why not always the maximum dot product: interests of one user can live on different
     * scales (a squashed capsule has norm below 1, the order-aware interest is not squashed), and
     * the largest dot product can then let the interest with the largest norm fill the top of
     * the list. A softmax over every item per interest puts each interest's scores on the scale of a
     * probability. Measured in issue 19, session 12: on networks trained for the max merge, reading
     * out with {@code logprob} or {@code mixture} lost validation Recall@50; trained for it ({@code
     * objective=merged}), {@code mixture} is MIND's best setting.
     */
    public enum Merge {
        /** {@code max}: the largest dot product over the active interests (as published). */
        MAX,
        /** {@code logprob}: the largest per-interest log-softmax over every item. */
        LOGPROB,
        /** {@code mixture}: the log of the mean, over the active interests, of their softmax probabilities. */
        MIXTURE;

        /** {@code max}, {@code logprob} or {@code mixture}. */
        public static Merge parse(String text) {
            return RecordOptions.choice(Merge.class, text, "merge must be max, logprob or mixture, not '" + text + "'");
        }

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The same settings with another merge (a family's own default). */
    public AggregationConfig withMerge(Merge m) {
        return new AggregationConfig(diversity, retrieve, clusters, pruneCosine, pruneSingle, m);
    }

    public Map<String, String> toOptions() {
        return RecordOptions.toOptions(this);
    }
}
