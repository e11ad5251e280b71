package io.attnrec.core.model;

/**
 * Whose held-out events a warm start's fine-tuning validates on (early stopping, and whether the
 * parent's weights are kept). A replayed user's sequence has not changed since the parent, so its
 * held-out event is one the parent's own training was early-stopped on: the parent's score there
 * is the best of many validations, and a fine-tuning must beat that luck before it is kept. The
 * recent users' held-out events are new to both, and nearer the events that follow. Measured
 * (issue 16, session 25): validating on the recent users alone was lower on the selection steps of
 * ml-latest-small and ml-1m-partial, so the default stays.
 */
public enum FineTuneValidation implements NamedChoice {
    /** The recent and the replayed users' held-out events: is the new data learnt, the old kept? The default. */
    TRAINED("trained"),
    /**
     * The recent users' held-out events alone (the users with new events). Falls back to {@link
     * #TRAINED} when none of them has a held-out event.
     */
    RECENT("recent"),
    /**
     * No validation: each run keeps its last weights and the whole budget is trained, a bold probe
     * always leads, and a shrunk start is never taken back. The parent's validation events are the
     * ones it was early-stopped on, older than the events that follow; a budget sized to the
     * increment is then trusted rather than judged on them (issue 16, session 26). Whether the
     * result may replace its parent is still decided outside the fine-tuning ({@code attnrec
     * update}'s tolerance).
     */
    NONE("none");

    private final String key;

    FineTuneValidation(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    /** The rule named {@code key}; a one-line error naming the choices otherwise. */
    public static FineTuneValidation parse(String key) {
        return NamedChoice.parse(values(), key, "fine-tuning validation");
    }
}
