package io.attnrec.nn.multi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.attnrec.nn.attention.CausalStack;
import io.attnrec.nn.attention.Masks;
import io.attnrec.nn.model.Weights;

/**
 * Order-aware inputs for a multi-interest extractor ({@code context} blocks, issue 19): SASRec's
 * causal self-attention blocks (pre-LN, as {@code SasRecNetwork}) over the history's item
 * embeddings plus learned position embeddings,
 *
 * <pre>
 *   x = dropout(E[items] + P[positions]) * notPadding
 *   for each block:
 *     q = LN(x);  x = q + MHA(q, x, x, causal and padding mask)
 *     x = LN(x);  x = (x + dropout(W2 dropout(relu(W1 x)))) * notPadding
 *   H = LN(x) * notPadding
 * </pre>
 *
 * The interest extractor then reads {@code H} instead of the raw embeddings. Why: a position's
 * output sees the items before it and where it stands, so it can point at what follows it — the
 * order that SASRec reads and that pooling raw embeddings (ComiRec-SA) or routing them (ComiRec-DR,
 * MIND) cannot express: a single item table scores an item's neighbours, not its successor.
 *
 * <p>Positions count back from the newest item (position {@code maxLen - 1}), as everywhere in the
 * multi-interest networks; padding never changes an output (padding keys are masked, padding rows
 * are zeroed).
 */
public final class OrderContext extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int maxLen;
    private final int dim;
    private final float dropout;
    private final Parameter positionEmbedding;
    private final CausalStack layers;

    /**
     * @param blocks self-attention blocks, >= 1
     * @param dropout on the input, the attention weights and the feed-forward layers
     */
    public OrderContext(int blocks, int maxLen, int dim, double dropout) {
        super(VERSION);
        if (blocks < 1) {
            throw new IllegalArgumentException("context blocks must be >= 1");
        }
        this.maxLen = maxLen;
        this.dim = dim;
        this.dropout = (float) dropout;
        // the scale of the multi-interest item embeddings, N(0, 1/D)
        positionEmbedding = addParameter(Weights.weight(
                "position_embedding", new Shape(maxLen, dim), new NormalInitializer((float) (1 / Math.sqrt(dim)))));
        layers = new CausalStack(blocks, dim, 1, this.dropout, this::addChildBlock);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        layers.initialize(manager, dataType, inputShapes[0]);
    }

    /**
     * @param inputs {@code e (B, T, D)} the history's embeddings, {@code items (B, T)} their ids (0 =
     *     padding), aligned on the newest item
     * @return {@code H (B, T, D)}, zero at padding, and {@code (B, 1, T)} the last block's
     *     attention weights of the newest position (what its output read)
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray e = inputs.get(0);
        NDArray items = inputs.get(1);
        NDManager m = items.getManager();
        int t = (int) items.getShape().get(1);
        NDArray p = ps.getValue(positionEmbedding, e.getDevice(), training);
        NDArray posIds = m.arange(maxLen - t, maxLen, 1, DataType.INT64);
        NDArray notPadding = items.neq(0).toType(DataType.FLOAT32, false).expandDims(2);
        NDArray x = Dropout.dropout(
                        e.add(Embedding.embedding(posIds, p, SparseFormat.DENSE).head()), dropout, training)
                .head()
                .mul(notPadding);
        // (T, T) + (B, 1, 1, T) -> (B, 1, T, T), broadcast over heads
        NDArray mask = Masks.combine(Masks.causal(m, t), Masks.keyPadding(items).expandDims(1));
        NDList h = layers.forward(ps, x, notPadding, mask, training);
        // (B, 1, T, T) -> the newest query's row (B, 1, T)
        NDArray newest = h.get(1).get(new NDIndex(":, 0, -1:, :"));
        return new NDList(h.head().mul(notPadding), newest);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {x, new Shape(x.get(0), 1, x.get(1))};
    }
}
