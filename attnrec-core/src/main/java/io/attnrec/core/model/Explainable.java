package io.attnrec.core.model;

/** A model that can say which history items drove a recommendation. */
public interface Explainable {

    /** Explains {@code item}'s score for this user and history. Thread-safe. */
    Explanation explain(int user, int[] history, int item);
}
