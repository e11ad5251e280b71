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
import java.util.ArrayList;
import java.util.List;

/**
 * Target attention with DIN's activation unit (Zhou et al. 2018, figure 2): each history item
 * {@code k_t} is weighted by a small MLP of {@code [k_t, c, k_t - c, k_t * c]}, where {@code c} is
 * the candidate (target) item, so the same history yields a different user vector per candidate.
 *
 * <p>Inputs: {@code target (B, D)}, {@code keys (B, T, D)} and optionally an additive key mask
 * {@code (B, T)} (see {@link Masks#fromValid} and {@link Masks#keyPadding}). Outputs: {@code
 * (pooled (B, D), weights (B, T))}.
 *
 * <p>The paper keeps the raw activation (no softmax) "to reserve the intensity of user
 * interests"; DIN's released code normalises with a softmax. Both are offered: with {@code
 * normalize=false} masked positions get weight exactly 0 by multiplication. The hidden layers
 * use the sigmoid, as the released code does (the paper uses PReLU/Dice).
 */
public final class TargetAttention extends AbstractBlock {

    private static final byte VERSION = 1;

    private final boolean normalize;
    private final List<Linear> hidden = new ArrayList<>();
    private final Linear scoreProj;

    private TargetAttention(int[] hiddenSizes, boolean normalize) {
        super(VERSION);
        this.normalize = normalize;
        for (int i = 0; i < hiddenSizes.length; i++) {
            hidden.add(addChildBlock(
                    "hidden" + i, Linear.builder().setUnits(hiddenSizes[i]).build()));
        }
        scoreProj = addChildBlock("score", Linear.builder().setUnits(1).build());
    }

    /**
     * @param hiddenSizes widths of the activation unit's hidden layers, e.g. {@code {80, 40}}
     * @param normalize softmax over the history (true) or raw activations (false, as in the paper)
     */
    public static TargetAttention create(int[] hiddenSizes, boolean normalize) {
        for (int h : hiddenSizes) {
            if (h <= 0) {
                throw new IllegalArgumentException("hidden layer sizes must be positive");
            }
        }
        return new TargetAttention(hiddenSizes.clone(), normalize);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray target = inputs.get(0);
        NDArray keys = inputs.get(1);
        NDArray mask = inputs.size() > 2 ? inputs.get(2) : null;
        long t = keys.getShape().get(1);
        // (B, D) -> (B, T, D)
        NDArray c = target.expandDims(1).repeat(1, t);
        // (B, T, 4D)
        NDArray x = keys.concat(c, -1).concat(keys.sub(c), -1).concat(keys.mul(c), -1);
        for (Linear layer : hidden) {
            x = Activation.sigmoid(layer.forward(ps, new NDList(x), training).head());
        }
        // (B, T, 1) -> (B, T)
        NDArray scores = scoreProj.forward(ps, new NDList(x), training).head().squeeze(-1);
        NDArray weights;
        if (normalize) {
            weights = (mask == null ? scores : scores.add(mask)).softmax(-1);
        } else {
            weights = mask == null ? scores : scores.mul(mask.eq(0f).toType(DataType.FLOAT32, false));
        }
        // (B, 1, T) x (B, T, D) -> (B, D)
        NDArray pooled = weights.expandDims(1).matMul(keys).squeeze(1);
        return new NDList(pooled, weights);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape k = inputShapes[1];
        return new Shape[] {new Shape(k.get(0), k.get(2)), new Shape(k.get(0), k.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape k = inputShapes[1];
        Shape in = new Shape(k.get(0), k.get(1), 4 * k.get(2));
        for (Linear layer : hidden) {
            layer.initialize(manager, dataType, in);
            in = layer.getOutputShapes(new Shape[] {in})[0];
        }
        scoreProj.initialize(manager, dataType, in);
    }
}
