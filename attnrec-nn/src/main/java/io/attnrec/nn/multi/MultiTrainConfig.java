package io.attnrec.nn.multi;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordCopy;
import io.attnrec.core.model.RecordOptions;
import io.attnrec.core.model.RecordOptions.Key;
import io.attnrec.core.model.RecordOptions.NotSaved;
import io.attnrec.nn.train.Checks;
import io.attnrec.nn.train.LossKind;
import java.util.Map;

/**
 * Training settings of the multi-interest models (ComiRec's set-up). Each is an option key of the
 * model, e.g. {@code mind:epochs=50,negatives=1280}.
 *
 * @param epochs maximum passes ({@code epochs}, >= 1); one pass draws {@code samples_per_user}
 *     (history, target) pairs from every training user
 * @param samplesPerUser pairs per user and pass ({@code samples_per_user}, >= 1)
 * @param minHistory shortest history of a drawn pair ({@code min_history}, >= 1; ComiRec uses 4),
 *     lowered for users with shorter sequences
 * @param batchSize pairs per step ({@code batch_size}, >= 1)
 * @param learningRate Adam step size ({@code lr}, > 0)
 * @param weightDecay decoupled weight decay ({@code weight_decay}, >= 0)
 * @param negatives items drawn uniformly per step and shared by the batch for the sampled
 *     softmax ({@code negatives}, >= 1; ComiRec draws 10 per batch row)
 * @param patience stop after this many validations without a better Recall@50 ({@code patience},
 *     >= 1); the best weights are restored
 * @param evalEvery validate every this many passes ({@code eval_every}, >= 1)
 * @param valUsers validate on this many validation users drawn once with the seed ({@code
 *     val_users}, 0 = all)
 * @param progress one line per pass on standard error ({@code progress})
 * @param loss objective of the readout vector ({@code loss}): {@code sampled} (ComiRec's sampled
 *     softmax over {@code negatives} shared uniform items) or {@code ce} (full softmax over every
 *     item, as SASRec trains); models saved before the key existed trained with {@code sampled}
 * @param interestReg weight of the interest-diversity regulariser ({@code interest_reg}, >= 0;
 *     0 = off, the papers' objective): the mean squared cosine similarity between each pair of a
 *     user's active interests is added to the loss, so that interests do not duplicate each other
 * @param objective {@code objective}: what the loss trains ({@link Objective}): {@code readout}
 *     (the papers': the family's readout vector for the target, with {@code loss}) or {@code
 *     merged} (a softmax over every item of the scores the model ranks by, i.e. the interests'
 *     scores merged as {@code merge} says; {@code loss} and the readout are then not used)
 */
public record MultiTrainConfig(
        int epochs,
        int samplesPerUser,
        int minHistory,
        int batchSize,
        @Key("lr") double learningRate,
        double weightDecay,
        int negatives,
        int patience,
        int evalEvery,
        int valUsers,
        @NotSaved boolean progress,
        LossKind loss,
        double interestReg,
        Objective objective,
        double ema) {

    public MultiTrainConfig {
        Checks.loop(epochs, batchSize, learningRate, weightDecay, negatives, patience, evalEvery, valUsers);
        Checks.require(samplesPerUser >= 1, "samples_per_user must be >= 1");
        Checks.require(minHistory >= 1, "min_history must be >= 1");
        Checks.require(
                loss == LossKind.SAMPLED || loss == LossKind.CE,
                "loss of a multi-interest model must be sampled or ce, got " + (loss == null ? null : loss.key()));
        Checks.require(interestReg >= 0 && Double.isFinite(interestReg), "interest_reg must be a number >= 0");
        Checks.require(objective != null, "objective is required");
        Checks.require(ema == 0 || (ema > 0 && ema < 1), "ema must be 0 (off) or a decay in (0, 1)");
    }

    /**
     * What the loss trains ({@code objective}).
     *
     * <p>Why {@code merged}: the papers train one readout vector per target (ComiRec: the interest
     * closest to the target; MIND: label-aware attention) against negatives scored by that same
     * vector, while ranking scores each item by its best interest. Training the merged scores
     * themselves makes the objective the ranking: every item's logit is the score it is ranked by.
     */
    public enum Objective {
        /** {@code readout}: the family's readout vector with {@code loss} (as published). */
        READOUT,
        /** {@code merged}: full softmax over the merged per-item scores. */
        MERGED;

        /** {@code readout} or {@code merged}. */
        public static Objective parse(String text) {
            return RecordOptions.choice(
                    Objective.class, text, "objective must be readout or merged, not '" + text + "'");
        }

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The same settings with {@code n} passes (a warm start's fine-tuning). */
    public MultiTrainConfig withEpochs(int n) {
        return RecordCopy.with(this, "epochs", n);
    }

    /**
     * 100 passes of 10 pairs per user, histories of at least 4 items, batch 128, Adam lr 0.003,
     * 1,280 shared negatives (10 per row, as ComiRec), patience 5 on validation Recall@50,
     * 2,000 validation users, no weight average.
     */
    public static MultiTrainConfig defaults() {
        return new MultiTrainConfig(
                100, 10, 4, 128, 3e-3, 0.0, 1280, 5, 1, 2000, true, LossKind.SAMPLED, 0.0, Objective.READOUT, 0.0);
    }

    /** The same settings with another loss (a family's own default). */
    public MultiTrainConfig withLoss(LossKind kind) {
        return RecordCopy.with(this, "loss", kind);
    }

    /** The same settings with another interest-diversity weight (a family's own default). */
    public MultiTrainConfig withInterestReg(double weight) {
        return RecordCopy.with(this, "interestReg", weight);
    }

    /** The same settings with another objective (a family's own default). */
    public MultiTrainConfig withObjective(Objective o) {
        return RecordCopy.with(this, "objective", o);
    }

    /** Reads the training keys from {@code options}, falling back to {@code defaults}. */
    public static MultiTrainConfig parse(ModelOptions options, MultiTrainConfig defaults) {
        return RecordOptions.parse(MultiTrainConfig.class, defaults, options);
    }

    /** The keys {@link #parse} reads that change the model (not how a run reports). */
    public Map<String, String> toOptions() {
        return RecordOptions.toOptions(this);
    }
}
