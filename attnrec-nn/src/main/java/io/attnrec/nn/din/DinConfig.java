package io.attnrec.nn.din;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;
import io.attnrec.nn.train.LossKind;
import io.attnrec.nn.train.TrainConfig;
import java.util.Arrays;
import java.util.Map;

/**
 * DIN settings. Option keys (besides the training keys of {@link TrainConfig}; DIN's defaults
 * differ: {@code negatives=4}, {@code epochs=50}, {@code patience=3}, {@code val_users=2000}, and
 * {@code loss} must be {@code bce}, the logistic loss of the paper):
 *
 * @param maxLen {@code max_len}: newest history items read per (history, candidate) pair, >= 1
 * @param dim {@code dim}: item embedding size D, >= 1
 * @param attentionHidden {@code att_hidden}: hidden widths of the activation unit, joined by
 *     {@code +} (default {@code 80+40}, as DIN's released code; sigmoid activations)
 * @param mlpHidden {@code mlp_hidden}: hidden widths of the scoring MLP on {@code [pooled,
 *     candidate, pooled * candidate]}, joined by {@code +} (default {@code 200+80}, as the paper;
 *     ReLU activations)
 * @param positions {@code positions}: train on the newest this many target positions of each
 *     training sequence per epoch (0 = every position, the default)
 * @param valNegatives {@code val_negatives}: early stopping reads NDCG@10 of the validation target
 *     ranked among this many sampled items (default 100; cheap through {@link
 *     io.attnrec.core.model.CandidateScorer}); 0 = full ranking, costly for DIN on large catalogues
 * @param train training settings; {@code negatives} is the number of uniformly drawn negatives per
 *     positive (items other than the target)
 */
public record DinConfig(
        int maxLen,
        int dim,
        @RecordOptions.Key("att_hidden") int[] attentionHidden,
        int[] mlpHidden,
        int positions,
        int valNegatives,
        TrainConfig train) {

    public DinConfig {
        require(maxLen >= 1, "max_len must be >= 1");
        require(dim >= 1, "dim must be >= 1");
        attentionHidden = attentionHidden.clone();
        mlpHidden = mlpHidden.clone();
        require(attentionHidden.length >= 1, "att_hidden needs at least one layer width");
        for (int h : attentionHidden) {
            require(h >= 1, "att_hidden widths must be >= 1");
        }
        for (int h : mlpHidden) {
            require(h >= 1, "mlp_hidden widths must be >= 1");
        }
        require(positions >= 0, "positions must be >= 0");
        require(valNegatives >= 0, "val_negatives must be >= 0");
        require(train != null, "training settings are required");
        require(train.loss() == LossKind.BCE, "din trains with the logistic loss only: loss must be bce");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("din: " + message);
        }
    }

    /** The paper's and the released code's sizes with D = 64, window 50, 4 negatives. */
    public static DinConfig defaults() {
        TrainConfig t = TrainConfig.defaults();
        TrainConfig train = new TrainConfig(
                50,
                t.batchSize(),
                t.learningRate(),
                t.weightDecay(),
                3,
                t.evalEvery(),
                LossKind.BCE,
                4,
                t.gbceT(),
                2000,
                t.progress(),
                t.outputDir(),
                t.minEpochs());
        return new DinConfig(50, 64, new int[] {80, 40}, new int[] {200, 80}, 0, 100, train);
    }

    /** Reads DIN's keys from {@code options}; the caller checks for unknown keys. */
    public static DinConfig read(ModelOptions options) {
        return parse(options, defaults());
    }

    /**
     * Reads DIN's keys from {@code options} with {@code d}'s values as defaults; the caller checks
     * for unknown keys (the form {@code RecordOptions} uses for a nested config).
     */
    public static DinConfig parse(ModelOptions options, DinConfig d) {
        return RecordOptions.parse(DinConfig.class, d, options);
    }

    /** Parses {@code options}; unknown keys are an error. */
    public static DinConfig parse(ModelOptions options) {
        return RecordOptions.parseAll(DinConfig.class, defaults(), options);
    }

    /** Options that {@link #parse} turns back into this config. */
    public Map<String, String> toOptions() {
        return RecordOptions.toOptions(this);
    }

    @Override
    public int[] attentionHidden() {
        return attentionHidden.clone();
    }

    @Override
    public int[] mlpHidden() {
        return mlpHidden.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DinConfig c
                && maxLen == c.maxLen
                && dim == c.dim
                && Arrays.equals(attentionHidden, c.attentionHidden)
                && Arrays.equals(mlpHidden, c.mlpHidden)
                && positions == c.positions
                && valNegatives == c.valNegatives
                && train.equals(c.train);
    }

    @Override
    public int hashCode() {
        return 31 * toOptions().hashCode();
    }

    @Override
    public String toString() {
        return "DinConfig" + toOptions();
    }
}
