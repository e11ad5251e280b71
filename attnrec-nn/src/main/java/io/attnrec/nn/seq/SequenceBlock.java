package io.attnrec.nn.seq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;

/**
 * The plumbing every sequential network shares: the sizes, the item embedding (the first
 * parameter, so saved weights and the seeded initialisation keep their order), the item table
 * read from it, and {@code encode} as one forward pass. A family adds its layers and writes
 * {@code forwardInternal}, {@link #padding} and its initialisation.
 */
public abstract class SequenceBlock extends AbstractBlock implements SequenceNetwork {

    /** Standard deviation of the item embedding's normal initialiser (SASRec's reference code). */
    private static final float EMBEDDING_STD = 0.02f;

    protected final int numItems;
    protected final int maxLen;
    protected final int dim;
    protected final float dropout;
    /** {@code (numItems + 1, D)}; row 0 is padding. */
    protected final Parameter itemEmbedding;

    protected SequenceBlock(byte version, int numItems, int maxLen, int dim, double dropout) {
        super(version);
        this.numItems = numItems;
        this.maxLen = maxLen;
        this.dim = dim;
        this.dropout = (float) dropout;
        itemEmbedding = addParameter(Parameter.builder()
                .setName("item_embedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(numItems + 1L, dim))
                .optInitializer(new NormalInitializer(EMBEDDING_STD))
                .build());
    }

    @Override
    public final Block block() {
        return this;
    }

    @Override
    public final int numItems() {
        return numItems;
    }

    @Override
    public final int maxLen() {
        return maxLen;
    }

    /** The ID embeddings; a network with content features adds them here. */
    @Override
    public NDArray itemTable(ParameterStore ps, boolean training) {
        return ps.getValue(itemEmbedding, itemEmbedding.getArray().getDevice(), training);
    }

    @Override
    public final NDList encode(ParameterStore ps, NDArray items, boolean training) {
        return forward(ps, new NDList(items), training);
    }

    /**
     * Zeroes the padding row after a fresh initialisation: it is masked everywhere, so it never
     * receives a gradient and stays zero.
     */
    protected final void zeroPaddingRow() {
        itemEmbedding.getArray().set(new NDIndex("0"), 0f);
    }
}
