package io.attnrec.nn.seq;

import ai.djl.ndarray.NDList;
import io.attnrec.nn.model.ItemTableNetwork;

/**
 * A network that encodes a window of item ids into one hidden vector per position, scored
 * against a shared item table: the common shape of SASRec, LSTM+attention and GRU4Rec. The
 * trainer ({@code io.attnrec.nn.train.Trainer}) and {@link SequenceRecommender} rely only on this.
 *
 * <p>Contract: the output at position {@code t} depends only on items at positions {@code <= t}
 * (causality) and never on padding (id 0). {@link #encode} returns {@code hidden (B, T, D)},
 * followed, for attention models, by the last attention layer's weights {@code (B, H, T, T)} (or
 * {@code (B, T, T)}).
 */
public interface SequenceNetwork extends ItemTableNetwork<NDList> {

    /** How shorter sequences are aligned in a window. */
    Padding padding();

    /**
     * Whether {@link #encode} returns attention weights after the hidden states; a model whose
     * network attends explains its recommendations by them.
     */
    default boolean attends() {
        return false;
    }

    /**
     * A plain-Java encoder of the newest position reading the current parameters, or null when the
     * network has none (then single requests go through {@link #encode}). Parameters changed later
     * (more training) are not seen by it: callers build a new one.
     *
     * @param itemRows a copy of {@link #itemTable}, rows {@code 0..numItems}
     */
    default NewestEncoder newestEncoder(float[][] itemRows) {
        return null;
    }
}
