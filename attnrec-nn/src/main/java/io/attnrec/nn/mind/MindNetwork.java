package io.attnrec.nn.mind;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import io.attnrec.nn.Scalars;
import io.attnrec.nn.content.ItemContent;
import io.attnrec.nn.model.Weights;
import io.attnrec.nn.multi.Capsules;
import io.attnrec.nn.multi.DynamicInterests;
import io.attnrec.nn.multi.MultiInterestBlock;
import io.attnrec.nn.multi.OrderContext;
import io.attnrec.nn.multi.Readout;
import java.util.Arrays;

/**
 * MIND's network (Li et al., "Multi-Interest Network with Dynamic Routing", CIKM 2019):
 *
 * <pre>
 *   ê_i = S e_i                      one bilinear map S shared by every interest (B2I routing);
 *                                     with {@code position_gain=true}, ê_i = g_t ⊙ S e_i for the
 *                                     item t steps back
 *   b_ij ~ N(0, 1), fixed             initial routing logits: a shared S would otherwise give
 *                                     every capsule the same value
 *   v_j = route(ê, b, iterations)     {@link Capsules#route}, over the K'_u active interests
 *   u_j = v_j                         by default; with {@code relu=true} the paper's
 *   u_j = ReLU(W v_j + c)             per-interest layer (ComiRec's relu_layer)
 * </pre>
 *
 * with {@code K'_u = max(1, min(K, floor(log2 |history|)))} ({@link DynamicInterests}); with
 * {@code objective=readout} (the paper's) training reads out with label-aware attention of power p
 * ({@link Readout#labelAware}); by default it trains the merged ranking scores. With {@code
 * context > 0} causal self-attention blocks run over the history ({@link OrderContext}): the map
 * reads their outputs instead of the raw embeddings ({@code context_mode=input}), and/or their
 * newest output is interest K + 1 ({@code interest}).
 *
 * <p>Differences from the paper: the paper redraws the initial logits at random on every call,
 * which makes a user's scores differ from call to call; here they are drawn once per position and
 * interest from the seed ({@code (K, maxLen)}, saved with the model), so scoring is deterministic.
 * There are no user-profile features, so the ReLU layer reads the capsule alone.
 */
final class MindNetwork extends MultiInterestBlock {

    private final MindConfig config;
    private final Readout readout;
    /** {@code (K, maxLen)} initial routing logits, fixed unless {@code learn_routing}. */
    private final Parameter routingLogits;

    private final Linear bilinear;
    /**
     * {@code (maxLen, D)} per-position gains on the map's output, {@code (K, maxLen, D)} with {@code
     * interest_gain}; null unless {@code position_gain}.
     */
    private final Parameter positionGain;
    /** Null with {@code relu=false}. */
    private final Linear output;

    /**
     * @param itemContent the items' features when {@code content=true}, else null
     */
    MindNetwork(int numItems, MindConfig config, ItemContent itemContent) {
        super(numItems, config.common());
        this.config = config;
        this.readout = Readout.labelAware(config.pow());
        routingLogits = addParameter(Parameter.builder()
                .setName("routing_logits")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(interests, maxLen))
                .optInitializer(new NormalInitializer(1f))
                .optRequiresGrad(config.learnRouting())
                .build());
        bilinear = addChildBlock(
                "bilinear", Linear.builder().setUnits(dim).optBias(false).build());
        // added only with the option, so models saved without it keep their layout
        Shape gainShape = config.interestGain() ? new Shape(interests, maxLen, dim) : new Shape(maxLen, dim);
        positionGain = config.positionGain()
                ? addParameter(Weights.weight("position_gain", gainShape, new ConstantInitializer(1f)))
                : null;
        // the child is added only with the layer, so weights saved with it keep their layout
        output = config.relu()
                ? addChildBlock("output", Linear.builder().setUnits(dim).build())
                : null;
        addOrderAndContent(config.order(), config.common(), itemContent);
    }

    @Override
    public Readout readout() {
        return readout;
    }

    @Override
    protected void initializeFamilyChildren(NDManager manager, DataType dataType, Shape input) {
        long b = input.get(0);
        bilinear.initialize(manager, dataType, new Shape(b, input.get(1), dim));
        if (output != null) {
            output.initialize(manager, dataType, new Shape(b, interests, dim));
        }
    }

    @Override
    protected NDList forwardWindow(ParameterStore ps, NDArray items, boolean training) {
        NDManager m = items.getManager();
        int b = (int) items.getShape().get(0);
        int t = (int) items.getShape().get(1);
        Window input = embed(ps, items, training);
        // (B, T, D) -> shared map -> (B, 1, T, D), broadcast over the K interests
        NDArray hat = bilinear.forward(ps, new NDList(input.embeddings()), training)
                .head()
                .expandDims(1);
        if (positionGain != null) {
            // the window's last t positions (row maxLen - 1 is the newest item): (T, D), broadcast
            // over (B, 1, T, D); per interest (K, T, D), which makes hat (B, K, T, D)
            NDArray gain = newestPositions(ps, positionGain, config.interestGain() ? 1 : 0, t, m, training);
            hat = hat.mul(gain);
        }
        NDArray real = items.neq(0).toType(DataType.FLOAT32, false);
        NDArray active = m.create(activeRows(items, b, t), new Shape(b, interests));
        // (K, maxLen) -> (1, K, T)
        NDArray window = newestPositions(ps, routingLogits, 1, t, m, training);
        NDArray logits = window.expandDims(0);
        NDList routed = Capsules.route(hat, logits, real, active, config.iterations());
        // (B, K, D) -> (B, K, D)
        NDArray u = output == null
                ? routed.get(0)
                : Activation.relu(
                        output.forward(ps, new NDList(routed.get(0)), training).head());
        if (config.interestScale() != 1) {
            u = Scalars.mul(u, (float) config.interestScale());
        }
        return withOrder(ps, training, u, active, routed.get(1), input);
    }

    /** {@code (B, K)} activity from each row's number of real items. */
    private float[] activeRows(NDArray items, int b, int t) {
        if (!config.dynamic()) {
            float[] all = new float[b * interests];
            Arrays.fill(all, 1f);
            return all;
        }
        long[] ids = items.toLongArray();
        int[] lengths = new int[b];
        for (int r = 0; r < b; r++) {
            for (int c = 0; c < t; c++) {
                if (ids[r * t + c] != 0) {
                    lengths[r]++;
                }
            }
        }
        return DynamicInterests.activeRows(lengths, interests);
    }
}
