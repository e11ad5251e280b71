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
 * Additive attention (Bahdanau et al. 2015): {@code score(q_i, k_j) = v^T tanh(W q_i + U k_j +
 * b)}, normalised with a softmax over the keys.
 *
 * <p>Inputs: {@code query (B, Tq, Dq)}, {@code key (B, Tk, Dk)}, {@code value (B, Tk, Dv)} and
 * optionally an additive mask broadcastable to {@code (B, Tq, Tk)}. Outputs: {@code (output (B,
 * Tq, Dv), weights (B, Tq, Tk))}. Parameters: {@code query_weight (A, Dq)} ({@code W}), {@code
 * key_weight (A, Dk)} and {@code key_bias (A)} ({@code U}, {@code b}), {@code score_weight (1, A)}
 * ({@code v}), where {@code A} is the attention size.
 */
final class AdditiveAttention extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int attentionSize;
    private final Linear queryProj;
    private final Linear keyProj;
    private final Linear scoreProj;

    private AdditiveAttention(int attentionSize) {
        super(VERSION);
        this.attentionSize = attentionSize;
        queryProj = addChildBlock(
                "query", Linear.builder().setUnits(attentionSize).optBias(false).build());
        keyProj = addChildBlock("key", Linear.builder().setUnits(attentionSize).build());
        scoreProj = addChildBlock(
                "score", Linear.builder().setUnits(1).optBias(false).build());
    }

    /**
     * @param attentionSize width {@code A} of the hidden layer that scores each (query, key) pair
     */
    public static AdditiveAttention create(int attentionSize) {
        if (attentionSize <= 0) {
            throw new IllegalArgumentException("attention size must be positive");
        }
        return new AdditiveAttention(attentionSize);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray query = inputs.get(0);
        NDArray key = inputs.get(1);
        NDArray value = inputs.get(2);
        NDArray mask = inputs.size() > 3 ? inputs.get(3) : null;
        // (B, Tq, A) -> (B, Tq, 1, A); (B, Tk, A) -> (B, 1, Tk, A)
        NDArray q = queryProj.forward(ps, new NDList(query), training).head().expandDims(2);
        NDArray k = keyProj.forward(ps, new NDList(key), training).head().expandDims(1);
        // (B, Tq, Tk, A) -> (B, Tq, Tk, 1) -> (B, Tq, Tk)
        NDArray hidden = Activation.tanh(q.add(k));
        NDArray scores =
                scoreProj.forward(ps, new NDList(hidden), training).head().squeeze(-1);
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray weights = scores.softmax(-1);
        // (B, Tq, Tk) x (B, Tk, Dv) -> (B, Tq, Dv)
        return new NDList(weights.matMul(value), weights);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape q = inputShapes[0];
        Shape k = inputShapes[1];
        Shape v = inputShapes[2];
        return new Shape[] {new Shape(q.get(0), q.get(1), v.get(2)), new Shape(q.get(0), q.get(1), k.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        queryProj.initialize(manager, dataType, inputShapes[0]);
        keyProj.initialize(manager, dataType, inputShapes[1]);
        Shape q = inputShapes[0];
        scoreProj.initialize(manager, dataType, new Shape(q.get(0), q.get(1), 1, attentionSize));
    }
}
