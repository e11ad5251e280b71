package io.attnrec.core.content;

import io.attnrec.core.model.ConfigRules;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;
import java.util.Locale;

/**
 * How item metadata becomes a feature vector ({@link ContentFeatures}).
 *
 * @param dim {@code dim}: number of hash buckets (default 4096)
 * @param weighting {@code weighting}: {@code tfidf} (default) or {@code binary}
 * @param titleWeight {@code title_weight}: weight of title words (0 = ignore titles)
 * @param categoryWeight {@code category_weight}: weight of categories (genres, attribute ids, topics)
 * @param attributeWeight {@code attribute_weight}: weight of other attributes (year buckets, tags)
 * @param normalize {@code normalize}: scale every item row to unit length (default true)
 */
public record ContentConfig(
        int dim,
        Weighting weighting,
        double titleWeight,
        double categoryWeight,
        double attributeWeight,
        boolean normalize) {

    /** Token weighting. */
    public enum Weighting {
        /** Each distinct token counts its field weight. */
        BINARY,
        /** Field weight times the smoothed inverse document frequency {@code ln((1 + N) / (1 + df)) + 1}. */
        TFIDF;

        /** {@code tfidf} or {@code binary}, in any case. */
        public static Weighting parse(String w) {
            return switch (w.toLowerCase(Locale.ROOT)) {
                case "tfidf" -> TFIDF;
                case "binary" -> BINARY;
                default ->
                    throw new IllegalArgumentException("content: weighting must be tfidf or binary, got '" + w + "'");
            };
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ContentConfig {
        ConfigRules.atLeast("content", "dim", dim, 1);
        if (weighting == null) {
            throw new IllegalArgumentException("content: weighting must be tfidf or binary");
        }
        for (double w : new double[] {titleWeight, categoryWeight, attributeWeight}) {
            if (!(w >= 0 && w < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("content: field weights must be numbers >= 0, got " + w);
            }
        }
    }

    /** 4096 buckets, TF-IDF, every field with weight 1, unit-length rows. */
    public static ContentConfig defaults() {
        return new ContentConfig(4096, Weighting.TFIDF, 1, 1, 1, true);
    }

    /** Reads the keys above from {@code options} (the caller checks for unknown keys). */
    public static ContentConfig from(ModelOptions options) {
        return RecordOptions.parse(ContentConfig.class, defaults(), options);
    }
}
