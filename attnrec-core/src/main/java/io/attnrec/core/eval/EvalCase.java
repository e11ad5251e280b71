package io.attnrec.core.eval;

/**
 * One user to evaluate.
 *
 * @param user dense user id, or -1 for a user the model never trained on (user-split protocol)
 * @param history items the model may read, in time order (input to {@code Recommender.score})
 * @param targets the relevant items (one for leave-one-out, several for the user split)
 * @param excluded items removed from the ranking (already known to the user), sorted ascending;
 *     never contains a target
 */
public record EvalCase(int user, int[] history, int[] targets, int[] excluded) implements java.io.Serializable {}
