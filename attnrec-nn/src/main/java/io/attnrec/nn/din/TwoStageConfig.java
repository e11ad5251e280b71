package io.attnrec.nn.din;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;
import java.util.Map;

/**
 * Settings of {@code din-rerank} ({@link TwoStageDin}); the record components are the option keys
 * ({@link RecordOptions}), plus DIN's own keys ({@link DinConfig}: {@code dim}, {@code epochs},
 * {@code patience}, {@code lr}, ...) and the first stage's ({@link FirstStage}).
 *
 * @param candidates {@code candidates}: how many of the first stage's best items (outside the
 *     history) the second stage re-orders, and the length of each training list (default 100, >=
 *     2)
 * @param pretrainEpochs {@code pretrain_epochs}: epochs of plain DIN training (every training
 *     position against {@code negatives} uniform items, no early stopping) before the second-stage
 *     training, so that item embeddings and attention start from the whole training data rather
 *     than from the few candidate lists (default 3; 0 = start from random weights)
 * @param listBatch {@code list_batch}: candidate lists per second-stage step (default 16; each list
 *     is {@code candidates} DIN evaluations)
 * @param holdoutPercent {@code holdout_percent}: share of the validation users whose lists are not
 *     trained on but decide the second stage's early stopping (default 20, 1..90)
 * @param first the first stage: {@code first=MODEL} and {@code MODEL.key=value}
 * @param din DIN's sizes and training settings ({@code epochs}, {@code patience}, {@code lr} and
 *     {@code weight_decay} drive the second stage; {@code batch_size}, {@code negatives} and {@code
 *     positions} the pre-training)
 */
public record TwoStageConfig(
        int candidates, int pretrainEpochs, int listBatch, int holdoutPercent, FirstStage first, DinConfig din) {

    public TwoStageConfig {
        require(candidates >= 2, "candidates must be >= 2 (the second stage learns to order a list)");
        require(pretrainEpochs >= 0, "pretrain_epochs must be >= 0");
        require(listBatch >= 1, "list_batch must be >= 1");
        require(holdoutPercent >= 1 && holdoutPercent <= 90, "holdout_percent must be in 1..90");
        require(first != null, "first=MODEL is required");
        require(din != null, "DIN settings are required");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(TwoStageDin.NAME + ": " + message);
        }
    }

    /**
     * Reads the options; unknown keys are an error. Keys of plain DIN that mean nothing here
     * ({@code val_negatives}: the second stage validates on its held-out lists) are refused.
     */
    public static TwoStageConfig parse(ModelOptions options) {
        if (options.has("val_negatives")) {
            throw new IllegalArgumentException(TwoStageDin.NAME + ": val_negatives is not used (the second stage"
                    + " stops early on the held-out validation users' candidate lists; see holdout_percent)");
        }
        if (options.has("rerank") || options.has("scorer")) {
            throw new IllegalArgumentException(
                    TwoStageDin.NAME + ": the first stage is first=MODEL (rerank= and" + " scorer= belong to din)");
        }
        TwoStageConfig c = RecordOptions.parse(
                TwoStageConfig.class,
                new TwoStageConfig(100, 3, 16, 20, new FirstStage("pop", Map.of()), DinConfig.defaults()),
                options);
        options.requireAllUsed();
        return c;
    }

    /** The options that {@link #parse} turns back into this config. */
    public Map<String, String> toOptions() {
        Map<String, String> m = new java.util.LinkedHashMap<>(RecordOptions.toOptions(this));
        // DIN's key that this model refuses (see parse)
        m.remove("val_negatives");
        return m;
    }
}
