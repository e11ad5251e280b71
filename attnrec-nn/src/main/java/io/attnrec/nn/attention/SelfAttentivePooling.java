package io.attnrec.nn.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Structured self-attentive pooling (Lin et al. 2017): {@code A = softmax(W_s2 tanh(W_s1 H^T))}
 * with {@code r} rows, and the pooled matrix {@code M = A H}. With {@code r = 1} it pools a
 * sequence into one vector; with {@code r = K} it yields ComiRec-SA's K interest vectors.
 *
 * <p>Inputs: {@code H (B, T, D)} and optionally an additive key mask {@code (B, T)}. Outputs:
 * {@code (M (B, r, D), A (B, r, T))}. Parameters: {@code W_s1 (Da, D)} and {@code W_s2 (r, Da)},
 * no biases, as in the paper.
 */
public final class SelfAttentivePooling extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int attentionSize;
    private final Linear first;
    private final Linear second;

    private SelfAttentivePooling(int attentionSize, int rows) {
        super(VERSION);
        this.attentionSize = attentionSize;
        first = addChildBlock(
                "ws1", Linear.builder().setUnits(attentionSize).optBias(false).build());
        second = addChildBlock(
                "ws2", Linear.builder().setUnits(rows).optBias(false).build());
    }

    /**
     * @param attentionSize hidden width {@code Da}
     * @param rows number of attention rows {@code r} (pooled vectors)
     */
    public static SelfAttentivePooling create(int attentionSize, int rows) {
        if (attentionSize <= 0 || rows <= 0) {
            throw new IllegalArgumentException("attention size and rows must be positive");
        }
        return new SelfAttentivePooling(attentionSize, rows);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = inputs.get(0);
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : null;
        // (B, T, D) -> (B, T, Da) -> (B, T, r) -> (B, r, T)
        NDArray hidden =
                Activation.tanh(first.forward(ps, new NDList(h), training).head());
        NDArray scores = second.forward(ps, new NDList(hidden), training).head().transpose(0, 2, 1);
        if (mask != null) {
            scores = scores.add(mask.expandDims(1));
        }
        NDArray weights = scores.softmax(-1);
        // (B, r, T) x (B, T, D) -> (B, r, D)
        return new NDList(weights.matMul(h), weights);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape h = inputShapes[0];
        long rows = second.getOutputShapes(new Shape[] {new Shape(1, attentionSize)})[0].get(1);
        return new Shape[] {new Shape(h.get(0), rows, h.get(2)), new Shape(h.get(0), rows, h.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape h = inputShapes[0];
        first.initialize(manager, dataType, h);
        second.initialize(manager, dataType, new Shape(h.get(0), h.get(1), attentionSize));
    }
}
