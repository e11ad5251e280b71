package io.attnrec.core.model;

/**
 * How the learning rate of a warm start's fine-tuning moves over a step budget ({@link
 * WarmStartConfig#stepsPerKiloEvent}). A parent far below a retrain on a small data set is not
 * moved there by a constant small rate within the budget (issue 16, session 23: ml-latest-small's
 * selection steps); continual pre-training re-warms the rate and decays it again so that a short
 * run both moves and settles (Ibrahim et al. 2024, "Simple and Scalable Strategies to Continually
 * Pre-train Large Language Models"). Measured there, it was not better than a constant rate at the
 * same peak, so it is not the default.
 */
public enum FineTuneSchedule implements NamedChoice {
    /** The fine-tuning's learning rate at every step. The default. */
    CONSTANT("constant"),
    /**
     * A linear warm-up from 0 to the fine-tuning's learning rate over the first tenth of the budget
     * (at least one step), then a cosine decay to 0 at the budget's last step.
     */
    COSINE("cosine");

    /** The share of the budget spent warming up, for {@link #COSINE}. */
    public static final double WARM_UP_SHARE = 0.1;

    private final String key;

    FineTuneSchedule(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    /**
     * The multiple of the learning rate at update {@code step} (1-based, as optimisers count them)
     * of a budget of {@code steps}; steps past the budget stay at the last step's value.
     *
     * @throws IllegalArgumentException for a budget below 1 or a step below 1
     */
    public double factor(int step, int steps) {
        if (steps < 1 || step < 1) {
            throw new IllegalArgumentException(
                    "a schedule needs steps >= 1 and step >= 1, got " + step + " of " + steps);
        }
        if (this == CONSTANT) {
            return 1;
        }
        int warm = Math.max(1, (int) Math.ceil(WARM_UP_SHARE * steps));
        int s = Math.min(step, steps);
        if (s <= warm) {
            return (double) s / warm;
        }
        // after the warm-up: from 1 at step `warm` to 0 at step `steps`
        double progress = (double) (s - warm) / Math.max(1, steps - warm);
        return 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    /** The schedule named {@code key}; a one-line error naming the choices otherwise. */
    public static FineTuneSchedule parse(String key) {
        return NamedChoice.parse(values(), key, "fine-tuning schedule");
    }
}
