package io.attnrec.core.baselines.bpr;

import io.attnrec.core.model.ModelOptions;

/**
 * Settings of {@link BprModel}.
 *
 * @param dim {@code dim}: latent factors per user and item (default 64)
 * @param lr {@code lr}: SGD step size (default 0.05)
 * @param reg {@code reg}: L2 weight on the factors (and biases) touched by a step (default 0.005)
 * @param epochs {@code epochs}: passes; one pass draws as many triples as there are distinct
 *     training (user, item) pairs (default 30)
 * @param initStd {@code init_std}: factors start as Gaussian noise with this deviation (default
 *     0.1)
 * @param itemBias {@code item_bias}: learn a per-item bias beside the factors (default true)
 * @param patience {@code patience}: stop after this many epochs without a better validation
 *     NDCG@10 and keep the best epoch's factors; 0 = off, train all epochs (default 0)
 */
public record BprConfig(int dim, double lr, double reg, int epochs, double initStd, boolean itemBias, int patience) {

    public BprConfig {
        if (dim < 1) {
            throw new IllegalArgumentException("bpr: dim must be >= 1, got " + dim);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("bpr: lr must be a number > 0, got " + lr);
        }
        if (!(reg >= 0) || Double.isInfinite(reg)) {
            throw new IllegalArgumentException("bpr: reg must be a number >= 0, got " + reg);
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("bpr: epochs must be >= 0, got " + epochs);
        }
        if (!(initStd >= 0) || Double.isInfinite(initStd)) {
            throw new IllegalArgumentException("bpr: init_std must be a number >= 0, got " + initStd);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("bpr: patience must be >= 0 (0 = off), got " + patience);
        }
    }

    public static BprConfig defaults() {
        return new BprConfig(64, 0.05, 0.005, 30, 0.1, true, 0);
    }

    /** Reads the options above; unknown keys are an error. */
    public static BprConfig from(ModelOptions options) {
        BprConfig d = defaults();
        BprConfig c = new BprConfig(
                options.getInt("dim", d.dim),
                options.getDouble("lr", d.lr),
                options.getDouble("reg", d.reg),
                options.getInt("epochs", d.epochs),
                options.getDouble("init_std", d.initStd),
                options.getBoolean("item_bias", d.itemBias),
                options.getInt("patience", d.patience));
        options.requireAllUsed();
        return c;
    }
}
