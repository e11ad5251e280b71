package io.attnrec.nn.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * Multi-head attention (Vaswani et al. 2017, section 3.2.2): queries, keys and values are
 * projected to {@code H} heads of size {@code E/H}, each head runs scaled dot-product attention,
 * and the heads are concatenated and projected back to {@code E}.
 *
 * <p>Inputs: {@code query (B, Tq, E)}, {@code key (B, Tk, E)}, {@code value (B, Tk, E)} and
 * optionally an additive mask broadcastable to {@code (B, H, Tq, Tk)} (see {@link Masks}).
 * Outputs: {@code (output (B, Tq, E), weights (B, H, Tq, Tk))}.
 *
 * <p>Unlike DJL's {@code ScaledDotProductAttentionBlock} the weights are returned (explanations
 * need them) and queries may come from a different tensor than keys, as in SASRec where the
 * query is layer-normalised and the keys are not.
 */
public final class MultiHeadAttention extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int embedDim;
    private final int heads;
    private final float dropout;
    private final Linear queryProj;
    private final Linear keyProj;
    private final Linear valueProj;
    private final Linear outputProj;

    private MultiHeadAttention(Builder builder) {
        super(VERSION);
        this.embedDim = builder.embedDim;
        this.heads = builder.heads;
        this.dropout = builder.dropout;
        queryProj = addChildBlock(
                "query",
                Linear.builder().setUnits(embedDim).optBias(builder.bias).build());
        keyProj = addChildBlock(
                "key", Linear.builder().setUnits(embedDim).optBias(builder.bias).build());
        valueProj = addChildBlock(
                "value",
                Linear.builder().setUnits(embedDim).optBias(builder.bias).build());
        outputProj = addChildBlock(
                "output",
                Linear.builder().setUnits(embedDim).optBias(builder.bias).build());
    }

    public static Builder builder() {
        return new Builder();
    }

    public int heads() {
        return heads;
    }

    int embedDim() {
        return embedDim;
    }

    /** The query, key, value and output projections, in that order (for plain-Java inference). */
    public List<Linear> projections() {
        return List.of(queryProj, keyProj, valueProj, outputProj);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray query = inputs.get(0);
        NDArray key = inputs.get(1);
        NDArray value = inputs.get(2);
        NDArray mask = inputs.size() > 3 ? inputs.get(3) : null;
        long batch = query.getShape().get(0);
        long tq = query.getShape().get(1);
        long tk = key.getShape().get(1);
        int headDim = embedDim / heads;

        // (B, T, E) -> (B, T, H, E/H) -> (B, H, T, E/H)
        NDArray q = split(queryProj.forward(ps, new NDList(query), training).head(), batch, tq, headDim);
        NDArray k = split(keyProj.forward(ps, new NDList(key), training).head(), batch, tk, headDim);
        NDArray v = split(valueProj.forward(ps, new NDList(value), training).head(), batch, tk, headDim);

        NDList attended =
                DotProductAttention.attend(q, k, v, mask, (float) (1.0 / Math.sqrt(headDim)), dropout, training);
        // (B, H, Tq, E/H) -> (B, Tq, H, E/H) -> (B, Tq, E)
        NDArray merged = attended.get(0).transpose(0, 2, 1, 3).reshape(batch, tq, embedDim);
        NDArray out = outputProj.forward(ps, new NDList(merged), training).head();
        return new NDList(out, attended.get(1));
    }

    private NDArray split(NDArray x, long batch, long t, int headDim) {
        return x.reshape(batch, t, heads, headDim).transpose(0, 2, 1, 3);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape q = inputShapes[0];
        Shape k = inputShapes[1];
        return new Shape[] {new Shape(q.get(0), q.get(1), embedDim), new Shape(q.get(0), heads, q.get(1), k.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        queryProj.initialize(manager, dataType, inputShapes[0]);
        keyProj.initialize(manager, dataType, inputShapes[1]);
        valueProj.initialize(manager, dataType, inputShapes[2]);
        Shape q = inputShapes[0];
        outputProj.initialize(manager, dataType, new Shape(q.get(0), q.get(1), embedDim));
    }

    /** Builder: {@code setEmbedDim} and {@code setHeads} are required. */
    public static final class Builder {
        private int embedDim;
        private int heads = 1;
        private float dropout;
        private boolean bias = true;

        private Builder() {}

        /** Model width {@code E}; must be divisible by the number of heads. */
        public Builder setEmbedDim(int embedDim) {
            this.embedDim = embedDim;
            return this;
        }

        public Builder setHeads(int heads) {
            this.heads = heads;
            return this;
        }

        /** Dropout on the attention weights while training (default 0). */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /** Whether the four projections have a bias (default true). */
        public Builder optBias(boolean bias) {
            this.bias = bias;
            return this;
        }

        public MultiHeadAttention build() {
            if (embedDim <= 0 || heads <= 0) {
                throw new IllegalArgumentException("embedding size and head count must be positive");
            }
            if (embedDim % heads != 0) {
                throw new IllegalArgumentException(
                        "embedding size " + embedDim + " is not divisible by " + heads + " heads");
            }
            if (dropout < 0f || dropout >= 1f) {
                throw new IllegalArgumentException("dropout must be in [0, 1)");
            }
            return new MultiHeadAttention(this);
        }
    }
}
