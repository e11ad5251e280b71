package io.attnrec.nn.model;

import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;

/**
 * What every network with an item table holds: its sizes and the item embedding, which is always
 * the first parameter, so saved weights and the seeded initialisation keep their order. The
 * sequential ({@code SequenceBlock}) and multi-interest ({@code MultiInterestBlock}) bases build
 * on it.
 */
public abstract class ItemTableBlock extends AbstractBlock {

    protected final int numItems;
    protected final int maxLen;
    protected final int dim;
    protected final float dropout;
    /** {@code (numItems + 1, D)}; row 0 is padding. */
    protected final Parameter itemEmbedding;

    /**
     * @param embeddingStd standard deviation of the item embedding's normal initialiser
     */
    protected ItemTableBlock(byte version, int numItems, int maxLen, int dim, double dropout, float embeddingStd) {
        super(version);
        this.numItems = numItems;
        this.maxLen = maxLen;
        this.dim = dim;
        this.dropout = (float) dropout;
        itemEmbedding = addParameter(Parameter.builder()
                .setName("item_embedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(numItems + 1L, dim))
                .optInitializer(new NormalInitializer(embeddingStd))
                .build());
    }

    /** The DJL block that owns every parameter: this one. */
    public final Block block() {
        return this;
    }

    /** Number of real items; the item table has {@code numItems() + 1} rows. */
    public final int numItems() {
        return numItems;
    }

    /** Longest window read; longer histories keep their newest items. */
    public final int maxLen() {
        return maxLen;
    }

    /**
     * Zeroes the padding row after a fresh initialisation: it is masked everywhere, so it never
     * receives a gradient and stays zero.
     */
    protected final void zeroPaddingRow() {
        itemEmbedding.getArray().set(new NDIndex("0"), 0f);
    }
}
