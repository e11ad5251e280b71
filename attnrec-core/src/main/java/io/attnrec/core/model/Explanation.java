package io.attnrec.core.model;

import java.util.List;

/**
 * Why an item was recommended: the history items that drove it, with their weights.
 *
 * @param item the recommended item (dense id)
 * @param interest index of the interest vector that produced it, or -1 for single-vector models
 * @param contributions history items and weights, largest weight first
 */
public record Explanation(int item, int interest, List<Contribution> contributions) {

    public Explanation {
        contributions = List.copyOf(contributions);
    }

    /**
     * @param item history item (dense id)
     * @param position its index in the history (0 = oldest)
     * @param weight attention weight (or similarity for non-attention models)
     */
    public record Contribution(int item, int position, double weight) {}
}
