package io.attnrec.nn.train;

/** The rule checks of the neural config records' constructors: one line a rule. */
public final class Checks {

    private Checks() {}

    /** Throws {@link IllegalArgumentException} with {@code message} unless {@code ok}. */
    public static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * The rules of the settings every trainer has (the sequence, DIN and multi-interest
     * trainers): passes, batch, optimiser, negatives, early stopping and validation sample.
     */
    public static void loop(
            int epochs,
            int batchSize,
            double learningRate,
            double weightDecay,
            int negatives,
            int patience,
            int evalEvery,
            int valUsers) {
        require(epochs >= 1, "epochs must be >= 1");
        require(batchSize >= 1, "batch_size must be >= 1");
        require(learningRate > 0 && Double.isFinite(learningRate), "lr must be a positive number");
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "weight_decay must be >= 0");
        require(negatives >= 1, "negatives must be >= 1");
        require(patience >= 1, "patience must be >= 1");
        require(evalEvery >= 1, "eval_every must be >= 1");
        require(valUsers >= 0, "val_users must be >= 0");
    }
}
