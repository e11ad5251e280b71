package io.attnrec.nn.gru4rec;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;
import io.attnrec.nn.seq.SequenceConfig;
import io.attnrec.nn.train.Checks;
import io.attnrec.nn.train.TrainConfig;

/**
 * GRU4Rec settings. Option keys (besides the training keys of {@link TrainConfig}):
 *
 * @param maxLen {@code max_len}: newest items read per history, >= 1
 * @param dim {@code dim}: item embedding and GRU state size, >= 1
 * @param layers {@code layers}: stacked GRU layers, >= 1
 * @param dropout {@code dropout}: dropout in [0, 1) on the embeddings and the GRU output
 * @param train training settings
 */
public record Gru4RecConfig(int maxLen, int dim, int layers, double dropout, TrainConfig train)
        implements SequenceConfig {

    public Gru4RecConfig {
        Checks.require(maxLen >= 1, "max_len must be >= 1");
        Checks.require(dim >= 1, "dim must be >= 1");
        Checks.require(layers >= 1, "layers must be >= 1");
        Checks.require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)");
        Checks.require(train != null, "training settings are required");
    }

    /**
     * Window 50, D = 64, one layer, dropout 0.1, full cross-entropy (as in Klenitskiy and Vasilev's
     * GRU baseline), AdamW lr 0.005. The higher learning rate is chosen on validation: at SASRec's
     * 0.001 the GRU sits on a popularity-like plateau (loss 6.75 on MovieLens-100K) until early
     * stopping ends it at validation NDCG@10 0.039; at 0.005 it leaves the plateau and reaches
     * 0.100 (seed 42, bench/RESULTS.md).
     */
    public static Gru4RecConfig defaults() {
        return new Gru4RecConfig(50, 64, 1, 0.1, TrainConfig.defaults().withLearningRate(0.005));
    }

    /** Parses {@code options}; unknown keys are an error. */
    public static Gru4RecConfig parse(ModelOptions options) {
        return RecordOptions.parseAll(Gru4RecConfig.class, defaults(), options);
    }
}
