package io.attnrec.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * What every network with an item table holds: its sizes and the item embedding, which is always
 * the first parameter, so saved weights and the seeded initialisation keep their order. The
 * sequential ({@code SequenceBlock}) and multi-interest ({@code MultiInterestBlock}) bases build
 * on it.
 *
 * <p>The table may hold spare rows ({@link #capacity} above {@link #numItems}): a model grown by a
 * warm start keeps room for later items, so the next growth within that room keeps the table's
 * shape. Spare rows are never read: {@link #idTable} returns rows {@code 0..numItems} only, so they
 * are out of every score, every softmax and every negative sample by construction.
 */
public abstract class ItemTableBlock extends AbstractBlock {

    protected final int numItems;
    /** Rows of the table minus the padding row: {@code >= numItems}. */
    protected final int capacity;

    protected final int maxLen;
    protected final int dim;
    protected final float dropout;
    /** {@code (numItems + 1, D)}; row 0 is padding. */
    protected final Parameter itemEmbedding;
    /** The last active-row view computed, with the store it was computed for. */
    private volatile ActiveRows activeRows;

    private record ActiveRows(ParameterStore ps, boolean training, NDArray full, NDArray rows) {}

    /**
     * @param embeddingStd standard deviation of the item embedding's normal initialiser
     */
    protected ItemTableBlock(byte version, int numItems, int maxLen, int dim, double dropout, float embeddingStd) {
        this(version, numItems, numItems, maxLen, dim, dropout, embeddingStd);
    }

    /**
     * @param capacity rows of the item table besides padding ({@code >= numItems}); rows above
     *     {@code numItems} are spare
     */
    protected ItemTableBlock(
            byte version, int numItems, int capacity, int maxLen, int dim, double dropout, float embeddingStd) {
        super(version);
        if (capacity < numItems) {
            throw new IllegalArgumentException("item capacity " + capacity + " is below the " + numItems + " items");
        }
        this.numItems = numItems;
        this.capacity = capacity;
        this.maxLen = maxLen;
        this.dim = dim;
        this.dropout = (float) dropout;
        itemEmbedding = addParameter(
                Weights.weight("item_embedding", new Shape(capacity + 1L, dim), new NormalInitializer(embeddingStd)));
    }

    /** The DJL block that owns every parameter: this one. */
    public final Block block() {
        return this;
    }

    /** Number of real items; the item table has {@code numItems() + 1} rows. */
    public final int numItems() {
        return numItems;
    }

    /** Embedding size D. */
    public final int dim() {
        return dim;
    }

    /** Rows of the item table besides padding, spare rows included. */
    public final int capacity() {
        return capacity;
    }

    /**
     * The ID embeddings of the padding row and the real items, {@code (numItems + 1, D)}: the whole
     * table without spare rows, else a view of its first rows (the gradient flows through it into
     * the table, spare rows get none). Within one store the view is computed once, so a content
     * block's cache (keyed on this array) still hits; it belongs to the store's manager.
     */
    protected final NDArray idTable(ParameterStore ps, boolean training) {
        NDArray full = ps.getValue(itemEmbedding, itemEmbedding.getArray().getDevice(), training);
        if (capacity == numItems) {
            return full;
        }
        ActiveRows a = activeRows;
        if (a != null && a.ps == ps && a.training == training && a.full == full) {
            return a.rows;
        }
        NDArray rows = full.get(new NDIndex("0:" + (numItems + 1)));
        rows.attach(ps.getManager());
        activeRows = new ActiveRows(ps, training, full, rows);
        return rows;
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

    /**
     * Every family's network reads one input, the {@code (B, T)} item ids of a batch of windows,
     * so it writes {@link #forwardWindow} instead.
     */
    @Override
    protected final NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return forwardWindow(ps, inputs.head(), training);
    }

    /** The forward pass over {@code items}, {@code (B, T)} int64 ids (0 = padding). */
    protected abstract NDList forwardWindow(ParameterStore ps, NDArray items, boolean training);
}
