package io.attnrec.nn.sasrec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import io.attnrec.nn.Scalars;
import io.attnrec.nn.attention.CausalStack;
import io.attnrec.nn.attention.Masks;
import io.attnrec.nn.content.ContentEmbedding;
import io.attnrec.nn.content.ItemContent;
import io.attnrec.nn.model.Weights;
import io.attnrec.nn.seq.AttentiveSequenceBlock;
import io.attnrec.nn.seq.NewestEncoder;
import io.attnrec.nn.seq.Padding;
import java.util.List;

/**
 * SASRec's network (Kang and McAuley 2018), laid out as the official code (and its PyTorch port)
 * does it, pre-LN:
 *
 * <pre>
 *   x = E[items] * sqrt(D) + P[positions];  x = dropout(x) * notPadding
 *   for each block:
 *     q = LN(x);  x = q + MHA(q, x, x, causal and padding mask)
 *     x = LN(x);  x = (x + dropout(W2 dropout(relu(W1 x)))) * notPadding
 *   h = LN(x)
 * </pre>
 *
 * and an item's score at position t is {@code h_t . E[item]} with the shared item table.
 *
 * <p>Differences from the official code: padding keys are masked (the official code lets every
 * query attend to the padding positions' bias vectors), positions are counted from the newest
 * item (the official left-padded window does the same with a fixed window; here the window may
 * be cut to the batch's longest sequence without changing any output), and the initialisation
 * follows Klenitskiy and Vasilev's SASRec+ (normal(0.02) embeddings and feed-forward weights,
 * Xavier-uniform attention projections).
 *
 * <p>With {@code content=true} the table {@code E} is {@link ContentEmbedding}'s: ID embeddings of
 * the items seen in training plus a projection of every item's metadata, in the input layer and
 * the output layer alike.
 */
final class SasRecNetwork extends AttentiveSequenceBlock {

    private static final byte VERSION = 1;

    private final Parameter positionEmbedding;
    private final CausalStack layers;
    /** Null without content. */
    private final ContentEmbedding content;

    /**
     * @param capacity item-table rows besides padding; {@code capacity - numItems} are spare
     * @param itemContent the items' features when {@code config.content()} is on, else null
     */
    SasRecNetwork(int numItems, int capacity, SasRecConfig config, ItemContent itemContent) {
        super(VERSION, numItems, capacity, config.maxLen(), config.dim(), config.dropout());
        NormalInitializer normal = new NormalInitializer(0.02f);
        positionEmbedding = addParameter(Weights.weight("position_embedding", new Shape(maxLen, dim), normal));
        layers = new CausalStack(config.layer(), config.blocks(), dim, config.heads(), dropout, this::addChildBlock);
        if (config.content().enabled() != (itemContent != null)) {
            throw new IllegalArgumentException("item content must be given exactly when content=true");
        }
        if (itemContent != null && itemContent.numItems() != numItems) {
            throw new IllegalArgumentException(
                    "item content has " + itemContent.numItems() + " items, the model " + numItems);
        }
        // the child is added only with content, so weights saved without it keep their layout
        content = itemContent == null
                ? null
                : addChildBlock(
                        "content",
                        new ContentEmbedding(
                                itemContent, dim, 0.02f, config.content().idDropout()));
    }

    /** The content block, or null without content. */
    ContentEmbedding content() {
        return content;
    }

    @Override
    public Padding padding() {
        return Padding.LEFT;
    }

    @Override
    public void initializeFresh(NDManager manager) {
        NormalInitializer normal = new NormalInitializer(0.02f);
        XavierInitializer xavier =
                new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f);
        for (Pair<String, Parameter> p : getParameters()) {
            String key = p.getKey();
            if (p.getValue().getType() != Parameter.Type.WEIGHT) {
                continue;
            }
            // LiGR's gates start small (normal), so every gate starts near 0.5
            boolean projection = key.contains("attention")
                    && !key.contains("norm")
                    && !key.contains("output")
                    && !key.contains("gate");
            p.getValue().setInitializer(projection ? xavier : normal);
        }
        initialize(manager, DataType.FLOAT32, new Shape(1, maxLen));
        zeroPaddingRow();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), dim);
        layers.initialize(manager, dataType, x);
        if (content != null) {
            content.initialize(manager, dataType, new Shape(numItems + 1L, dim));
        }
    }

    @Override
    public NDArray itemTable(ParameterStore ps, boolean training) {
        NDArray ids = idTable(ps, training);
        return content == null ? ids : content.table(ps, ids, training);
    }

    @Override
    protected NDList forwardWindow(ParameterStore ps, NDArray items, boolean training) {
        NDManager m = items.getManager();
        int t = (int) items.getShape().get(1);
        // every op below takes a per-batch array as its first operand, so its result belongs to
        // the batch's manager and is freed with it
        NDArray table = itemTable(ps, training);
        NDArray positions = ps.getValue(positionEmbedding, table.getDevice(), training);
        // (B, T) -> (B, T, D)
        NDArray x = Scalars.mul(
                Embedding.embedding(items, table, SparseFormat.DENSE).head(), (float) Math.sqrt(dim));
        // position of column c in a window of T: counted so that the newest item is maxLen-1
        NDArray posIds = m.arange(maxLen - t, maxLen, 1, DataType.INT64);
        x = x.add(Embedding.embedding(posIds, positions, SparseFormat.DENSE).head());
        x = Dropout.dropout(x, dropout, training).head();
        // (B, T, 1): 1 for real items, 0 for padding
        NDArray notPadding = items.neq(0).toType(DataType.FLOAT32, false).expandDims(2);
        x = x.mul(notPadding);
        // (T, T) + (B, 1, 1, T) -> (B, 1, T, T), broadcast over heads
        NDArray mask = Masks.combine(Masks.causal(m, t), Masks.keyPadding(items).expandDims(1));
        return layers.forward(ps, x, notPadding, mask, training);
    }

    /** The weights copied into {@link SasRecInference}. */
    @Override
    public NewestEncoder newestEncoder(float[][] itemRows) {
        List<CausalStack.Layer> stack = layers.layers();
        SasRecInference.Layer[] copies = new SasRecInference.Layer[stack.size()];
        for (int i = 0; i < copies.length; i++) {
            CausalStack.Layer layer = stack.get(i);
            List<Linear> qkvo = layer.attention().projections();
            boolean gated = layer.attentionGate() != null;
            copies[i] = new SasRecInference.Layer(
                    values(layer.attentionNorm(), "gamma"),
                    values(layer.attentionNorm(), "beta"),
                    weights(qkvo.get(0)),
                    bias(qkvo.get(0)),
                    weights(qkvo.get(1)),
                    bias(qkvo.get(1)),
                    weights(qkvo.get(2)),
                    bias(qkvo.get(2)),
                    weights(qkvo.get(3)),
                    bias(qkvo.get(3)),
                    values(layer.ffnNorm(), "gamma"),
                    values(layer.ffnNorm(), "beta"),
                    weights(layer.ffnIn()),
                    bias(layer.ffnIn()),
                    weights(layer.ffnOut()),
                    bias(layer.ffnOut()),
                    gated ? weights(layer.ffnUp()) : null,
                    gated ? weights(layer.attentionGate()) : null,
                    gated ? bias(layer.attentionGate()) : null,
                    gated ? weights(layer.ffnGate()) : null,
                    gated ? bias(layer.ffnGate()) : null);
        }
        return new SasRecInference(
                dim,
                stack.get(0).attention().heads(),
                maxLen,
                itemRows,
                positionEmbedding.getArray().toFloatArray(),
                copies,
                values(layers.finalNorm(), "gamma"),
                values(layers.finalNorm(), "beta"));
    }

    private static float[] values(ai.djl.nn.Block block, String name) {
        return block.getParameters().get(name).getArray().toFloatArray();
    }

    /** A linear layer's weight {@code (out, in)}, transposed to {@code (in, out)}. */
    private static float[] weights(Linear linear) {
        NDArray w = linear.getParameters().get("weight").getArray();
        Shape shape = w.getShape();
        return SasRecInference.transpose(w.toFloatArray(), (int) shape.get(0), (int) shape.get(1));
    }

    /** A linear layer's bias {@code (out)}, or zeros for a layer built without one. */
    private static float[] bias(Linear linear) {
        Parameter b = linear.getParameters().get("bias");
        return b != null
                ? b.getArray().toFloatArray()
                : new float
                        [(int) linear.getParameters()
                                .get("weight")
                                .getArray()
                                .getShape()
                                .get(0)];
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), dim)};
    }
}
