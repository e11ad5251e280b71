package io.attnrec.core.multi;

import io.attnrec.core.model.Explanation;
import java.util.List;

/**
 * One interest of a user, as {@link MultiInterest#explainInterests} describes it.
 *
 * @param index position of the interest among the user's interests (0-based)
 * @param vector the interest vector (length D)
 * @param history history items with this interest's weight (self-attention weight for
 *     ComiRec-SA, routing coefficient for capsule models), largest first
 * @param topItems the items this interest alone scores highest, best first
 * @param topScores their dot products with {@link #vector}
 */
public record Interest(
        int index, float[] vector, List<Explanation.Contribution> history, int[] topItems, float[] topScores) {

    public Interest {
        if (topItems.length != topScores.length) {
            throw new IllegalArgumentException("top items and top scores differ in length");
        }
        history = List.copyOf(history);
    }
}
