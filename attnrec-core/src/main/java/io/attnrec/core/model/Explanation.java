package io.attnrec.core.model;

import java.util.Comparator;
import java.util.List;

/**
 * Why an item was recommended: the history items that drove it, with their weights.
 *
 * <p>Two views can sit side by side (issue 19). {@link #contributions()} is the primary one, named
 * by {@link #method()}: {@code "deletion"} when it holds each history item's contribution to this
 * item's own score (the score drop when that item is removed, {@link
 * io.attnrec.core.explain.DeletionAttribution}), or {@code "model"} when it is what the model's
 * {@link Explainable#explain} gave (attention weights, similarities). {@link #attention()} is the
 * model's own weights kept as a second view next to a deletion attribution (empty when there is
 * none, or when the primary view already is the model's).
 *
 * @param item the recommended item (dense id)
 * @param interest index of the interest vector that produced it, or -1 for single-vector models
 * @param contributions history items and weights, largest weight first
 * @param method what the weights of {@code contributions} are: {@code deletion}, {@code model}, or
 *     {@code none} when the item was not explained (beyond the cap on explained items)
 * @param attention the model's own weights (attention, routing) for this item, largest first; may
 *     be empty
 */
public record Explanation(
        int item, int interest, List<Contribution> contributions, String method, List<Contribution> attention) {

    /** The primary view's name for a model's own explanation. */
    public static final String MODEL = "model";

    /** The primary view's name for a deletion attribution. */
    public static final String DELETION = "deletion";

    /** The primary view's name for an item left unexplained. */
    public static final String NONE = "none";

    public Explanation {
        contributions = List.copyOf(contributions);
        attention = List.copyOf(attention);
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("an explanation needs a method");
        }
    }

    /** The order of a model's own contributions: the largest weight first, ties the oldest first. */
    public static final Comparator<Contribution> STRONGEST_FIRST =
            Comparator.comparingDouble(Contribution::weight).reversed().thenComparingInt(Contribution::position);

    /** A model's own explanation (what {@link Explainable#explain} returns). */
    public Explanation(int item, int interest, List<Contribution> contributions) {
        this(item, interest, contributions, MODEL, List.of());
    }

    /**
     * @param item history item (dense id)
     * @param position its index in the history (0 = oldest)
     * @param weight attention weight, similarity, or (for a deletion attribution) the score drop
     *     of the recommended item when this history entry is removed; may be negative
     */
    public record Contribution(int item, int position, double weight) {}
}
