package io.attnrec.core.rating;

import io.attnrec.core.model.ConfigRules;
import io.attnrec.core.model.ModelOptions;

/**
 * Settings of {@link AutoRec}.
 *
 * @param hidden {@code hidden}: units of the sigmoid hidden layer (the item code)
 * @param reg {@code reg}: L2 weight {@code lambda} of the objective {@code sum (r - rhat)^2 +
 *     lambda/2 (|V|^2 + |W|^2)} over the observed ratings (the paper's form; biases are not
 *     penalised)
 * @param lr {@code lr}: Adam step size
 * @param batch {@code batch}: items per Adam step
 * @param initStd {@code init_std}: standard deviation of the initial weights
 * @param epochs {@code epochs}: most epochs (passes over the items) to run
 * @param patience {@code patience}: stop after this many epochs without a better held-out RMSE
 * @param validFraction {@code valid_fraction}: share of the training ratings held out for early
 *     stopping, in [0, 0.5]; 0 = no early stopping (all {@code epochs} run)
 * @param refit {@code refit}: after early stopping, train again from the same initial state on all
 *     training ratings for the chosen number of epochs (otherwise keep the best epoch's state)
 * @param layers {@code layers}: sigmoid hidden layers of {@code hidden} units, 1 (the paper's
 *     I-AutoRec) or 2 (a second dense layer between the code and the decoder, as in the deeper
 *     item autoencoders of Sparse FC and GLocal-K); the last one is the item's code
 */
record AutoRecConfig(
        int hidden,
        double reg,
        double lr,
        int batch,
        double initStd,
        int epochs,
        int patience,
        double validFraction,
        boolean refit,
        int layers)
        implements Fitting.Schedule {

    public AutoRecConfig {
        ConfigRules.atLeast(AutoRec.NAME, "hidden", hidden, 1);
        ConfigRules.nonNegative(AutoRec.NAME, "reg", reg);
        ConfigRules.positive(AutoRec.NAME, "lr", lr);
        ConfigRules.atLeast(AutoRec.NAME, "batch", batch, 1);
        if (!(initStd >= 0 && initStd < 1)) {
            throw new IllegalArgumentException(AutoRec.NAME + ": init_std must be in [0, 1), got " + initStd);
        }
        ConfigRules.atLeast(AutoRec.NAME, "epochs", epochs, 1);
        ConfigRules.atLeast(AutoRec.NAME, "patience", patience, 1);
        if (!(validFraction >= 0 && validFraction <= 0.5)) {
            throw new IllegalArgumentException(
                    AutoRec.NAME + ": valid_fraction must be in [0, 0.5], got " + validFraction);
        }
        if (layers != 1 && layers != 2) {
            throw new IllegalArgumentException(AutoRec.NAME + ": layers must be 1 or 2, got " + layers);
        }
    }

    /** Adam keeps its own per-weight scale, so the step size is not decayed between epochs. */
    @Override
    public double decay() {
        return 1;
    }

    /**
     * Chosen on the held-out 5% slices of the ML-100K training folds (never their test files;
     * bench/RESULTS.md, issue 18 item 7, session 12): {@code reg} 200 over 1-100 and 300-10000,
     * {@code lr} 3e-4 over 1e-3 and 1e-4, 500 hidden units over 250 and 1000.
     */
    public static AutoRecConfig defaults() {
        return new AutoRecConfig(500, 200, 0.0003, 64, 0.03, 500, 20, 0.05, true, 1);
    }

    /** Reads the keys above; unknown keys are an error. */
    public static AutoRecConfig from(ModelOptions options) {
        return RatingModels.parseOptions(AutoRec.NAME, AutoRecConfig.class, defaults(), options);
    }
}
