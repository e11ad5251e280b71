package io.attnrec.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * What every neural network of a scoring model is, whatever it encodes a history into: a DJL
 * block that reads a window of at most {@link #maxLen} items and scores by dot products with an
 * item table. The sequential ({@code SequenceNetwork}: one hidden vector per position) and
 * multi-interest ({@code MultiInterestNetwork}: K interest vectors) contracts say what a window
 * is encoded into.
 *
 * @param <E> what {@link #encode} returns
 */
public interface ItemTableNetwork<E> {

    /** The DJL block that owns every parameter (usually {@code this}). */
    Block block();

    /** Number of real items; the item table has {@code numItems() + 1} rows (row 0 = padding). */
    int numItems();

    /** Embedding size D. */
    int dim();

    /** Longest window the network reads; longer histories keep their newest items. */
    int maxLen();

    /**
     * Rows of the item table besides padding; above {@link #numItems} they are spare, never
     * scored nor sampled (see {@code ItemTableBlock}).
     */
    int capacity();

    /**
     * Encodes a batch of windows.
     *
     * @param items {@code (B, T)} int64 item ids, {@code T <= maxLen()}, 0 = padding
     */
    E encode(ParameterStore ps, NDArray items, boolean training);

    /** The output item table {@code (numItems + 1, D)}; scores are dot products with it. */
    NDArray itemTable(ParameterStore ps, boolean training);

    /** Creates fresh random parameters (uses the engine's seeded generator). */
    void initializeFresh(NDManager manager);
}
