package io.attnrec.nn.multi;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;
import io.attnrec.nn.content.ContentOptions;
import io.attnrec.nn.train.Checks;
import java.util.Map;

/**
 * Settings every multi-interest model shares; each model's config adds its own.
 *
 * @param maxLen {@code max_len}: newest history items read, >= 1
 * @param dim {@code dim}: embedding size D, >= 1
 * @param interests {@code interests}: interests per user K, >= 1
 * @param dropout {@code dropout}: dropout rate in [0, 1) on the history's item embeddings in
 *     training (not in the papers; regularises small data sets as SASRec's dropout does)
 * @param train training settings
 * @param retrieval ranking settings
 * @param content {@code content}, {@code content_buckets}, {@code content_id_dropout}: item
 *     metadata projected into the shared item table ({@link ContentOptions}; off by default), so
 *     items never seen in training are scored from their metadata
 */
public record MultiInterestConfig(
        int maxLen,
        int dim,
        int interests,
        double dropout,
        MultiTrainConfig train,
        AggregationConfig retrieval,
        ContentOptions content) {

    public MultiInterestConfig {
        Checks.require(maxLen >= 1, "max_len must be >= 1");
        Checks.require(dim >= 1, "dim must be >= 1");
        Checks.require(interests >= 1, "interests must be >= 1");
        Checks.require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)");
        Checks.require(train != null && retrieval != null, "training and retrieval settings are required");
        Checks.require(content != null, "content settings are required");
    }

    /** Settings without content. */
    public MultiInterestConfig(
            int maxLen, int dim, int interests, double dropout, MultiTrainConfig train, AggregationConfig retrieval) {
        this(maxLen, dim, interests, dropout, train, retrieval, ContentOptions.defaults());
    }

    /** Window 50, D = 64, K = 4 (ComiRec's settings), training and retrieval defaults. */
    public static MultiInterestConfig defaults() {
        return new MultiInterestConfig(50, 64, 4, 0.0, MultiTrainConfig.defaults(), AggregationConfig.defaults());
    }

    /** Reads the shared keys (the caller reads its own and then checks for unknown keys). */
    public static MultiInterestConfig parse(ModelOptions options, MultiInterestConfig d) {
        return RecordOptions.parse(MultiInterestConfig.class, d, options);
    }

    /** The same settings with other training settings (a family's own default). */
    public MultiInterestConfig withTrain(MultiTrainConfig t) {
        return new MultiInterestConfig(maxLen, dim, interests, dropout, t, retrieval, content);
    }

    /** The same settings with another dropout rate (a family's own default). */
    public MultiInterestConfig withDropout(double rate) {
        return new MultiInterestConfig(maxLen, dim, interests, rate, train, retrieval, content);
    }

    public MultiInterestConfig withRetrieval(AggregationConfig r) {
        return new MultiInterestConfig(maxLen, dim, interests, dropout, train, r, content);
    }

    public Map<String, String> toOptions() {
        return RecordOptions.toOptions(this);
    }
}
