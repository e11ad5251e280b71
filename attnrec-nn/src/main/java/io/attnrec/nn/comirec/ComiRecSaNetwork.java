package io.attnrec.nn.comirec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.attnrec.nn.attention.Masks;
import io.attnrec.nn.attention.SelfAttentivePooling;
import io.attnrec.nn.content.ContentEmbedding;
import io.attnrec.nn.content.ItemContent;
import io.attnrec.nn.multi.MultiInterestModels;
import io.attnrec.nn.multi.MultiInterestNetwork;
import io.attnrec.nn.multi.MultiInterestRecommender;
import io.attnrec.nn.multi.Readout;

/**
 * ComiRec-SA's network (Cen et al., KDD 2020, section 3.2.2), as in the authors' code:
 *
 * <pre>
 *   E = items' embeddings (B, T, D);  X = E + P[positions]      (positions, optional)
 *   A = softmax_T(W_2 tanh(W_1 X^T))   (B, K, T), padding masked
 *   V = A E                             (B, K, D): the K interests
 * </pre>
 *
 * Differences: positions count back from the newest item (ComiRec's code counts from the oldest
 * item of the window, so the same position means "long ago" in a long history and "just now" in
 * a short one); the two projections have no bias (Lin et al.'s structured self-attention, the
 * {@link SelfAttentivePooling} block); item and position embeddings start from N(0, 1/D).
 */
final class ComiRecSaNetwork extends AbstractBlock implements MultiInterestNetwork {

    private static final byte VERSION = 1;

    private final int numItems;
    private final int maxLen;
    private final int dim;
    private final int interests;
    private final float dropout;
    private final boolean positions;
    private final Parameter itemEmbedding;
    private final Parameter positionEmbedding;
    private final SelfAttentivePooling attention;

    /** Null without content. */
    private final ContentEmbedding content;

    /**
     * @param itemContent the items' features when {@code content=true}, else null
     */
    ComiRecSaNetwork(int numItems, ComiRecSaConfig config, ItemContent itemContent) {
        super(VERSION);
        this.numItems = numItems;
        this.maxLen = config.common().maxLen();
        this.dim = config.common().dim();
        this.interests = config.common().interests();
        this.dropout = (float) config.common().dropout();
        this.positions = config.positions();
        NormalInitializer normal = new NormalInitializer((float) (1 / Math.sqrt(dim)));
        itemEmbedding = addParameter(Parameter.builder()
                .setName("item_embedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(numItems + 1L, dim))
                .optInitializer(normal)
                .build());
        positionEmbedding = addParameter(Parameter.builder()
                .setName("position_embedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(maxLen, dim))
                .optInitializer(normal)
                .build());
        attention = addChildBlock("attention", SelfAttentivePooling.create(config.attentionSize(), interests));
        // the child is added only with content, so weights saved without it keep their layout
        ContentEmbedding c =
                MultiInterestModels.contentBlock(config.common(), numItems, itemContent, (float) (1 / Math.sqrt(dim)));
        content = c == null ? null : addChildBlock("content", c);
    }

    @Override
    public Block block() {
        return this;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    @Override
    public int maxLen() {
        return maxLen;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int maxInterests() {
        return interests;
    }

    @Override
    public Readout readout() {
        return Readout.hard();
    }

    @Override
    public ItemContent itemContent() {
        return content == null ? null : content.content();
    }

    @Override
    public void initializeFresh(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, maxLen));
        MultiInterestModels.zeroPaddingRow(itemEmbedding.getArray());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        attention.initialize(manager, dataType, new Shape(inputShapes[0].get(0), inputShapes[0].get(1), dim));
        if (content != null) {
            content.initialize(manager, dataType, new Shape(numItems + 1L, dim));
        }
    }

    @Override
    public NDArray itemTable(ParameterStore ps, boolean training) {
        return ContentEmbedding.table(
                content, ps, ps.getValue(itemEmbedding, itemEmbedding.getArray().getDevice(), training), training);
    }

    @Override
    public Encoded encode(ParameterStore ps, NDArray items, boolean training) {
        NDList out = forward(ps, new NDList(items), training);
        return new Encoded(out.get(0), out.get(1), out.get(2));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray items = inputs.head();
        NDManager m = items.getManager();
        long b = items.getShape().get(0);
        int t = (int) items.getShape().get(1);
        NDArray table = itemTable(ps, training);
        // (B, T) -> (B, T, D)
        NDArray e = Dropout.dropout(
                        Embedding.embedding(items, table, SparseFormat.DENSE).head(), dropout, training)
                .head();
        NDArray x = e;
        if (positions) {
            NDArray p = ps.getValue(positionEmbedding, table.getDevice(), training);
            // (T, D) broadcast over the batch; the newest item is position maxLen - 1
            x = e.add(Embedding.embedding(m.arange(maxLen - t, maxLen, 1, DataType.INT64), p, SparseFormat.DENSE)
                    .head());
        }
        NDArray real = items.neq(0).toType(DataType.FLOAT32, false);
        // (B, T) additive mask; A: (B, K, T)
        NDArray a = attention
                .forward(ps, new NDList(x, Masks.fromValid(real)), training)
                .get(1);
        // an all-padding row attends uniformly to padding: zero it, so it pools nothing
        a = a.mul(real.expandDims(1));
        // (B, K, T) x (B, T, D) -> (B, K, D)
        NDArray v = a.matMul(e);
        return new NDList(v, MultiInterestRecommender.allActive(m, b, interests), a);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {
            new Shape(in.get(0), interests, dim),
            new Shape(in.get(0), interests),
            new Shape(in.get(0), interests, in.get(1))
        };
    }
}
