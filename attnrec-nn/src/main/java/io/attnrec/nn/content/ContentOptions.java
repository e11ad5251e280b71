package io.attnrec.nn.content;

import io.attnrec.core.content.ContentConfig;
import io.attnrec.core.model.ModelOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content switch of the neural models (SPEC C9). Option keys, shared by {@code sasrec} and the
 * multi-interest models:
 *
 * @param enabled {@code content}: add a learned projection of each item's hashed TF-IDF metadata
 *     ({@link io.attnrec.core.content.ContentFeatures}) to its ID embedding, and give items without
 *     training events their content projection alone (default false)
 * @param buckets {@code content_buckets}: hash buckets F of the features, so the projection has F
 *     x D weights (default 2^14 = 16384)
 * @param idDropout {@code content_id_dropout}: in training, the probability in [0, 1) that a warm
 *     item's ID embedding is left out of the table for a step (whole rows, no rescaling: at test
 *     time a cold item has no ID part either). Default 0. Without it the ID embeddings can explain
 *     every warm item on their own and the projection learns only what they leave over, so a cold
 *     item, which has nothing but its projection, gets weak scores; with it the projection must
 *     score the warm items alone part of the time, as in DropoutNet (Volkovs et al., NeurIPS 2017).
 *     Values of 0.2 to 0.5 trade some warm accuracy for cold-item accuracy.
 */
public record ContentOptions(boolean enabled, int buckets, double idDropout) {

    /** Upper bound of {@code content_buckets}: the projection stays below 2^24 x D weights. */
    public static final int MAX_BUCKETS = 1 << 24;

    public ContentOptions {
        if (buckets < 1 || buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("content_buckets must be in 1.." + MAX_BUCKETS + ", got " + buckets);
        }
        if (!(idDropout >= 0 && idDropout < 1)) {
            throw new IllegalArgumentException("content_id_dropout must be in [0, 1), got " + idDropout);
        }
    }

    /** Content off, 16384 buckets, no ID dropout. */
    public static ContentOptions defaults() {
        return new ContentOptions(false, 1 << 14, 0.0);
    }

    /** Reads the keys above (the caller checks for unknown keys). */
    public static ContentOptions parse(ModelOptions options) {
        ContentOptions d = defaults();
        return new ContentOptions(
                options.getBoolean("content", d.enabled),
                options.getInt("content_buckets", d.buckets),
                options.getDouble("content_id_dropout", d.idDropout));
    }

    /**
     * Options that {@link #parse} turns back into these: only {@code content=false} when off, so the
     * options of a model without content look as they did before the switch existed.
     */
    public Map<String, String> toOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("content", Boolean.toString(enabled));
        if (enabled) {
            m.put("content_buckets", Integer.toString(buckets));
            m.put("content_id_dropout", Double.toString(idDropout));
        }
        return m;
    }

    /** How the features are built: {@link ContentConfig#defaults()} with {@link #buckets} buckets. */
    public ContentConfig featureConfig() {
        ContentConfig d = ContentConfig.defaults();
        return new ContentConfig(
                buckets, d.weighting(), d.titleWeight(), d.categoryWeight(), d.attributeWeight(), d.normalize());
    }
}
