package io.attnrec.nn.sasrec;

import io.attnrec.core.model.ConfigRules;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;
import io.attnrec.nn.attention.LayerKind;
import io.attnrec.nn.content.ContentOptions;
import io.attnrec.nn.seq.SequenceConfig;
import io.attnrec.nn.train.TrainConfig;

/**
 * SASRec settings. Option keys (besides the training keys of {@link TrainConfig}):
 *
 * @param maxLen {@code max_len}: newest items read per history (window length), >= 1
 * @param dim {@code dim}: embedding and hidden size D, divisible by {@code heads}
 * @param blocks {@code blocks}: self-attention blocks, >= 1
 * @param heads {@code heads}: attention heads per block, >= 1
 * @param dropout {@code dropout}: dropout rate in [0, 1) on embeddings, attention weights and the
 *     feed-forward layers
 * @param layer {@code layer}: {@code sasrec} (SASRec's own layers, the default) or {@code ligr}
 *     (gated residuals and a SwiGLU feed-forward, eSASRec's layers); see {@link LayerKind}
 * @param train training settings
 * @param content {@code content}, {@code content_buckets}, {@code content_id_dropout}: item
 *     metadata projected into the item table ({@link ContentOptions}; off by default)
 */
public record SasRecConfig(
        int maxLen,
        int dim,
        int blocks,
        int heads,
        double dropout,
        LayerKind layer,
        TrainConfig train,
        ContentOptions content)
        implements SequenceConfig {

    public SasRecConfig {
        ConfigRules.atLeast(SasRecProvider.NAME, "max_len", maxLen, 1);
        if (dim < 1 || heads < 1 || dim % heads != 0) {
            throw new IllegalArgumentException(
                    "dim must be a positive multiple of heads (dim=" + dim + ", heads=" + heads + ")");
        }
        ConfigRules.atLeast(SasRecProvider.NAME, "blocks", blocks, 1);
        ConfigRules.fraction(SasRecProvider.NAME, "dropout", dropout);
        ConfigRules.required(SasRecProvider.NAME, "layer", layer);
        ConfigRules.required(SasRecProvider.NAME, "training settings", train);
        ConfigRules.required(SasRecProvider.NAME, "content settings", content);
    }

    /** Settings with SASRec's own layers and without content. */
    public SasRecConfig(int maxLen, int dim, int blocks, int heads, double dropout, TrainConfig train) {
        this(maxLen, dim, blocks, heads, dropout, LayerKind.SASREC, train, ContentOptions.defaults());
    }

    /** These settings with other training settings. */
    public SasRecConfig withTrain(TrainConfig newTrain) {
        return new SasRecConfig(maxLen, dim, blocks, heads, dropout, layer, newTrain, content);
    }

    /**
     * Defaults tuned on the validation split of Amazon Beauty: window 50, D = 64, 2 blocks, 1 head,
     * dropout 0.5, AdamW lr 0.001 without weight decay, batch 128, full cross-entropy.
     */
    public static SasRecConfig defaults() {
        return new SasRecConfig(50, 64, 2, 1, 0.5, TrainConfig.defaults());
    }

    /** Parses {@code options}; unknown keys are an error. */
    public static SasRecConfig parse(ModelOptions options) {
        return RecordOptions.parseAll(SasRecConfig.class, defaults(), options);
    }
}
