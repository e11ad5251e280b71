package io.attnrec.nn.glocal;

import io.attnrec.core.model.ConfigRules;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;
import java.util.Map;

/**
 * Settings of {@code glocal-k} ({@link GlocalK}); the defaults are the reference code's for
 * ML-100K, except that the fine-tuning epoch is chosen on a held-out slice of the training ratings
 * (the reference reports its best epoch on the test ratings).
 *
 * @param hidden {@code hidden}: units of each sigmoid hidden layer (500)
 * @param layers {@code layers}: sigmoid hidden layers before the output layer, >= 1 (2)
 * @param kernelDim {@code kernel_dim}: dimension of the local kernel's vectors u and v (5)
 * @param l2 {@code l2}: L2 weight on W, {@code l2/2 sum W^2} (the paper's lambda_2, 20)
 * @param sparsity {@code sparsity}: weight of the penalty {@code sparsity/2 sum k^2} on the kernel
 *     values (the paper's lambda_s, 0.006)
 * @param preEpochs {@code pre_epochs}: pre-training epochs of the local-kernel autoencoder (30)
 * @param fineEpochs {@code fine_epochs}: most fine-tuning epochs with the global kernel (60)
 * @param iterations {@code iterations}: L-BFGS iterations per epoch; its memory restarts each
 *     epoch, as SciPy's does in the reference (5)
 * @param memory {@code memory}: L-BFGS correction pairs (10)
 * @param dotScale {@code dot_scale}: factor on the global kernel (1)
 * @param validFraction {@code valid_fraction}: share of the training ratings held out to choose
 *     the fine-tuning epoch, in [0, 0.5]; 0 = run every epoch and keep the last (0.05)
 * @param patience {@code patience}: stop fine-tuning after this many epochs without a better
 *     held-out RMSE, >= 1 (10)
 * @param refit {@code refit}: after choosing the epoch, train again from the same start on all
 *     training ratings for that many epochs (false: keep the chosen epoch's state, trained
 *     without the held-out slice; refitting doubles the training time)
 * @param maxCells {@code max_cells}: largest items x users the dense rating matrix may have (the
 *     model holds several such matrices; 50,000,000 is about 200 MB each)
 */
public record GlocalKConfig(
        int hidden,
        int layers,
        int kernelDim,
        double l2,
        double sparsity,
        int preEpochs,
        int fineEpochs,
        int iterations,
        int memory,
        double dotScale,
        double validFraction,
        int patience,
        boolean refit,
        long maxCells) {

    public GlocalKConfig {
        String m = GlocalK.NAME;
        ConfigRules.atLeast(m, "hidden", hidden, 1);
        ConfigRules.atLeast(m, "layers", layers, 1);
        ConfigRules.atLeast(m, "kernel_dim", kernelDim, 1);
        ConfigRules.nonNegative(m, "l2", l2);
        ConfigRules.nonNegative(m, "sparsity", sparsity);
        ConfigRules.atLeast(m, "pre_epochs", preEpochs, 0);
        ConfigRules.atLeast(m, "fine_epochs", fineEpochs, 0);
        if (preEpochs + fineEpochs < 1) {
            throw new IllegalArgumentException(m + ": pre_epochs + fine_epochs must be >= 1");
        }
        ConfigRules.atLeast(m, "iterations", iterations, 1);
        ConfigRules.atLeast(m, "memory", memory, 1);
        ConfigRules.nonNegative(m, "dot_scale", dotScale);
        if (!(validFraction >= 0 && validFraction <= 0.5)) {
            throw new IllegalArgumentException(m + ": valid_fraction must be in [0, 0.5], got " + validFraction);
        }
        ConfigRules.atLeast(m, "patience", patience, 1);
        if (maxCells < 1) {
            throw new IllegalArgumentException(m + ": max_cells must be >= 1, got " + maxCells);
        }
        if (maxCells > Integer.MAX_VALUE) { // the dense matrices are Java arrays
            throw new IllegalArgumentException(
                    m + ": max_cells must be at most " + Integer.MAX_VALUE + ", got " + maxCells);
        }
    }

    public static GlocalKConfig defaults() {
        return new GlocalKConfig(500, 2, 5, 20, 0.006, 30, 60, 5, 10, 1, 0.05, 10, false, 50_000_000L);
    }

    /** Reads the keys above; unknown keys are an error. */
    public static GlocalKConfig parse(ModelOptions options) {
        try {
            return RecordOptions.parseAll(GlocalKConfig.class, defaults(), options);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw m != null && m.startsWith(GlocalK.NAME)
                    ? e
                    : new IllegalArgumentException(GlocalK.NAME + ": " + m, e);
        }
    }

    public Map<String, String> toOptions() {
        return RecordOptions.toOptions(this);
    }
}
