package io.attnrec.core.model;

/**
 * Which of a step budget's validated weights a warm start keeps (the parent's among them, as the
 * weights before the first step).
 */
public enum FineTuneSelection implements NamedChoice {
    /** The weights that validate best. The default. */
    BEST("best"),
    /**
     * The latest weights within one standard error of the best score, the parent's counted as the
     * first: a fine-tuning's gains on its held-out events are smaller than their noise, so the best
     * is an early interval or the parent as often by luck as by merit, while the steps after it
     * carry the new data further. The parent stays only when every later validation falls more
     * than that below the best (issue 16, session 26).
     */
    LATEST("latest");

    private final String key;

    FineTuneSelection(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    /** The rule named {@code key}; a one-line error naming the choices otherwise. */
    public static FineTuneSelection parse(String key) {
        return NamedChoice.parse(values(), key, "fine-tuning selection");
    }
}
