package io.attnrec.nn.train;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordCopy;
import io.attnrec.core.model.RecordOptions;
import io.attnrec.core.model.RecordOptions.Key;
import io.attnrec.core.model.RecordOptions.NotSaved;
import java.nio.file.Path;
import java.util.Map;

/**
 * Training settings shared by the sequential models. Each is an option key of the model (e.g.
 * {@code sasrec:epochs=50,lr=0.001}).
 *
 * @param epochs maximum number of passes over the training users ({@code epochs}, >= 1)
 * @param batchSize users per step ({@code batch_size}, >= 1)
 * @param learningRate AdamW step size ({@code lr}, > 0)
 * @param weightDecay decoupled weight decay of AdamW on weight matrices and embeddings, not on
 *     biases and normalisation ({@code weight_decay}, >= 0)
 * @param patience stop after this many validations without a better NDCG@10; the best epoch's
 *     weights are restored ({@code patience}, >= 1)
 * @param evalEvery validate every this many epochs ({@code eval_every}, >= 1)
 * @param loss objective ({@code loss} = bce|ce|sampled|gbce)
 * @param negatives sampled negatives per batch for {@code sampled} and {@code gbce} ({@code
 *     negatives}, >= 1)
 * @param gbceT gSASRec's calibration parameter t in [0, 1] ({@code gbce_t}); 0 = plain BCE
 * @param valUsers validate on this many users drawn once with the seed (0 = all)
 * @param progress show a progress bar (or one line per epoch when not on a terminal)
 * @param outputDir where the training curve (curve.json, curve.png) goes, or {@code null}
 * @param minEpochs no early stop before this epoch ({@code min_epochs}); -1 (the default) = enough
 *     epochs for {@link EpochLoop#MIN_STEPS} optimiser steps, so that a small data set (few steps
 *     an epoch) is not stopped while its validation metric is still noisy; 0 = no minimum
 */
public record TrainConfig(
        int epochs,
        int batchSize,
        @Key("lr") double learningRate,
        double weightDecay,
        int patience,
        int evalEvery,
        LossKind loss,
        int negatives,
        double gbceT,
        int valUsers,
        @NotSaved boolean progress,
        @NotSaved Path outputDir,
        int minEpochs) {

    public TrainConfig {
        Checks.loop(epochs, batchSize, learningRate, weightDecay, negatives, patience, evalEvery, valUsers);
        Checks.require(loss != null, "loss is required");
        Checks.require(gbceT >= 0 && gbceT <= 1, "gbce_t must be in [0, 1]");
        Checks.require(minEpochs >= -1, "min_epochs must be >= 0, or -1 for automatic");
    }

    /** Settings that reproduce published SASRec+ runs: 200 epochs max, patience 10, CE loss. */
    public static TrainConfig defaults() {
        return new TrainConfig(200, 128, 1e-3, 0.0, 10, 1, LossKind.CE, 256, 0.75, 0, true, null, -1);
    }

    /** Reads the training keys from {@code options}, falling back to {@code defaults}. */
    public static TrainConfig parse(ModelOptions options, TrainConfig defaults) {
        return RecordOptions.parse(TrainConfig.class, defaults, options);
    }

    /**
     * The keys {@link #parse} reads, as strings. The output directory and the progress flag are
     * left out: they say where and how a run reports, not what model it makes.
     */
    public Map<String, String> toOptions() {
        return RecordOptions.toOptions(this);
    }

    public TrainConfig withEpochs(int newEpochs) {
        return RecordCopy.with(this, "epochs", newEpochs);
    }

    public TrainConfig withLearningRate(double newLearningRate) {
        return RecordCopy.with(this, "learningRate", newLearningRate);
    }

    public TrainConfig withBatchSize(int newBatchSize) {
        return RecordCopy.with(this, "batchSize", newBatchSize);
    }
}
