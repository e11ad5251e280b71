package io.attnrec.core.model;

/**
 * One user to evaluate.
 *
 * @param user dense user id, or -1 for a user the model never trained on (user-split protocol)
 * @param history items the model may read, in time order (input to {@code Recommender.score})
 * @param targets the relevant items (one for leave-one-out, several for the user split)
 * @param excluded items removed from the ranking (already known to the user), sorted ascending; a
 *     target listed here (one the user had before, under the default history mask) cannot be
 *     ranked and counts as a miss
 */
public record EvalCase(int user, int[] history, int[] targets, int[] excluded) implements java.io.Serializable {}
