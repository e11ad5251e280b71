package io.attnrec.nn.multi;

import ai.djl.ndarray.NDArray;
import io.attnrec.nn.content.ItemContent;
import io.attnrec.nn.model.ItemTableNetwork;

/**
 * A network that turns a window of history items into K interest vectors, scored against a shared
 * item table: the common shape of ComiRec-SA, ComiRec-DR and MIND. {@link MultiInterestTrainer}
 * and {@link MultiInterestRecommender} rely only on this.
 *
 * <p>Windows are aligned on the newest item (column {@code T - 1}; shorter histories are padded
 * with id 0 on the left), and positions are counted back from the newest item, position {@code
 * maxLen - 1}: position-dependent parameters then mean "so many steps ago" whatever the length of
 * the history or of the batch's window (column {@code c} of a window of {@code T} is position
 * {@code maxLen() - T + c}). Padding never changes an output.
 */
public interface MultiInterestNetwork extends ItemTableNetwork<MultiInterestNetwork.Encoded> {

    /** Interests per user K (a user may have fewer active ones, see {@link Encoded#active}). */
    int maxInterests();

    /** How training picks the interest that predicts a target. */
    Readout readout();

    /** The content features in the item table, or null when the model has no content. */
    default ItemContent itemContent() {
        return null;
    }

    /**
     * A network's output.
     *
     * @param interests {@code (B, K, D)} interest vectors
     * @param active {@code (B, K)} 1 for an interest the user has, 0 for one switched off (MIND's
     *     dynamic interest count); inactive interests never score an item
     * @param weights {@code (B, K, T)} how much each history position contributes to each interest
     *     (self-attention weights, or routing coefficients); 0 at padding
     */
    record Encoded(NDArray interests, NDArray active, NDArray weights) {}
}
