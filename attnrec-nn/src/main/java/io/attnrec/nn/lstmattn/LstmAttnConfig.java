package io.attnrec.nn.lstmattn;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;
import io.attnrec.nn.seq.SequenceConfig;
import io.attnrec.nn.train.Checks;
import io.attnrec.nn.train.TrainConfig;

/**
 * LSTM + attention settings. Option keys (besides the training keys of {@link TrainConfig}):
 *
 * @param maxLen {@code max_len}: newest items read per history, >= 1
 * @param dim {@code dim}: embedding, LSTM state and attention size, divisible by {@code heads}
 * @param layers {@code layers}: stacked LSTM layers, >= 1
 * @param heads {@code heads}: attention heads, >= 1
 * @param dropout {@code dropout}: dropout in [0, 1) on embeddings, attention weights and output
 * @param train training settings
 */
public record LstmAttnConfig(int maxLen, int dim, int layers, int heads, double dropout, TrainConfig train)
        implements SequenceConfig {

    public LstmAttnConfig {
        Checks.require(maxLen >= 1, "max_len must be >= 1");
        Checks.require(
                dim >= 1 && heads >= 1 && dim % heads == 0,
                "dim must be a positive multiple of heads (dim=" + dim + ", heads=" + heads + ")");
        Checks.require(layers >= 1, "layers must be >= 1");
        Checks.require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)");
        Checks.require(train != null, "training settings are required");
    }

    /** Window 50, D = 64, one LSTM layer, 2 heads, dropout 0.2, full cross-entropy. */
    public static LstmAttnConfig defaults() {
        return new LstmAttnConfig(50, 64, 1, 2, 0.2, TrainConfig.defaults());
    }

    /** Parses {@code options}; unknown keys are an error. */
    public static LstmAttnConfig parse(ModelOptions options) {
        return RecordOptions.parseAll(LstmAttnConfig.class, defaults(), options);
    }
}
