package io.attnrec.nn.din;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.attnrec.nn.attention.Masks;
import io.attnrec.nn.attention.TargetAttention;
import java.util.ArrayList;
import java.util.List;

/**
 * DIN's network (Zhou et al. 2018, figure 2, right), with the paper's names:
 *
 * <ul>
 *   <li>{@code e}: the item embedding table {@code (N + 1, D)}, row 0 = padding;
 *   <li>activation unit: {@link TargetAttention} without softmax, an MLP on {@code [e_j, v_A, e_j -
 *       v_A, e_j * v_A]} per history item {@code e_j} against the candidate ad {@code v_A}, giving
 *       the unnormalised weight {@code a(e_j, v_A)}; padding gets weight exactly 0;
 *   <li>{@code v_U(A) = sum_j a(e_j, v_A) e_j}, the weighted sum pooling (eq. 3);
 *   <li>the scoring MLP on {@code [v_U, v_A, v_U * v_A]} with ReLU hidden layers, ending in one
 *       logit. The paper feeds the concatenation of user, ad and context features; with items only,
 *       the product term gives the MLP the interaction directly;
 *   <li>optional per-candidate context features {@code f} (F of them, F = 0 for plain DIN): the
 *       second stage of {@link TwoStageDin} feeds the first stage's score and rank here. They join
 *       the scoring MLP's input, {@code [v_U, v_A, v_U * v_A, f]}, and reach the logit through a
 *       linear skip as well, so that "trust the first stage" is one weight away from the start.
 *       A network with F = 0 has exactly the parameters of the original DIN (saved models load).
 * </ul>
 *
 * <p>Differences from the paper: sigmoid in the activation unit (as its released code) and ReLU in
 * the scoring MLP instead of PReLU/Dice; no user-profile or context features; no
 * mini-batch-aware regulariser (AdamW's decoupled weight decay instead).
 *
 * <p>Two forward paths with the same numbers: {@link #forwardInternal} (training: a batch of
 * histories, each with its own candidates) and {@link #scoreCandidates} (scoring: one history
 * against many candidates). The latter splits the activation unit's first layer, {@code W [h, c,
 * h - c, h * c] = (W_h + W_d) h + (W_c - W_d) c + W_p (h * c)}, so the per-item term is computed
 * once per history, the per-candidate term once per candidate, and only {@code W_p (h * c)} per
 * pair, as one matrix product {@code (N, D) x (D, T * H1)}: a quarter of the pairwise work.
 */
final class DinNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int numItems;
    private final int maxLen;
    private final int dim;
    private final Parameter itemEmbedding;
    private final TargetAttention attention;
    private final List<Linear> mlp = new ArrayList<>();
    private final Linear output;
    private final int features;
    private final Linear featureSkip;

    DinNetwork(int numItems, DinConfig config) {
        this(numItems, config, 0);
    }

    DinNetwork(int numItems, DinConfig config, int features) {
        super(VERSION);
        if (features < 0) {
            throw new IllegalArgumentException("din: feature count must be >= 0");
        }
        this.numItems = numItems;
        this.features = features;
        this.maxLen = config.maxLen();
        this.dim = config.dim();
        itemEmbedding = addParameter(Parameter.builder()
                .setName("item_embedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(numItems + 1L, dim))
                .build());
        attention = addChildBlock("attention", TargetAttention.create(config.attentionHidden(), false));
        int[] hidden = config.mlpHidden();
        for (int i = 0; i < hidden.length; i++) {
            mlp.add(addChildBlock(
                    "mlp" + i, Linear.builder().setUnits(hidden[i]).build()));
        }
        output = addChildBlock("output", Linear.builder().setUnits(1).build());
        featureSkip = features == 0
                ? null
                : addChildBlock(
                        "feature_skip",
                        Linear.builder().setUnits(1).optBias(false).build());
    }

    int features() {
        return features;
    }

    /**
     * The residual start of a second stage: the MLP's output layer is zeroed (DIN adds nothing yet)
     * and the feature skip reads {@code weights}, so the network begins by reproducing the first
     * stage's order and training learns a correction to it. The MLP's hidden layers, the attention
     * unit and the embeddings keep their values (random or pre-trained).
     */
    void residualStart(float[] weights) {
        if (featureSkip == null || weights.length != features) {
            throw new IllegalArgumentException("din: residual start needs " + features + " feature weights");
        }
        for (Pair<String, Parameter> p : output.getParameters()) {
            p.getValue().getArray().set(new NDIndex(":"), 0f);
        }
        NDArray w = featureSkip.getParameters().get("weight").getArray();
        w.set(new NDIndex(":"), w.getManager().create(weights).reshape(w.getShape()));
    }

    int numItems() {
        return numItems;
    }

    int maxLen() {
        return maxLen;
    }

    /** Fresh parameters from the engine's seeded generator; the padding row is zero. */
    void initializeFresh(NDManager manager) {
        XavierInitializer xavier =
                new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f);
        for (Pair<String, Parameter> p : getParameters()) {
            if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                p.getValue().setInitializer(p.getValue() == itemEmbedding ? new NormalInitializer(0.05f) : xavier);
            }
        }
        initialize(manager, DataType.FLOAT32, new Shape(1, maxLen), new Shape(1, 1));
        itemEmbedding.getArray().set(new NDIndex("0"), 0f);
    }

    /**
     * Training forward pass.
     *
     * @param inputs {@code history (B, T)} int64 ids (0 = padding), {@code candidates (B, K)} and,
     *     when the network has features, optionally {@code features (B, K, F)} (zeros when absent)
     * @return {@code logits (B, K)} and the activation weights {@code (B, K, T)}
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray history = inputs.get(0);
        NDArray candidates = inputs.get(1);
        long b = history.getShape().get(0);
        long t = history.getShape().get(1);
        long k = candidates.getShape().get(1);
        NDArray table = ps.getValue(itemEmbedding, itemEmbedding.getArray().getDevice(), training);
        // (B, T) -> (B, T, D) -> (B * K, T, D): each candidate reads its row's history
        NDArray keys = Embedding.embedding(history, table, SparseFormat.DENSE)
                .head()
                .expandDims(1)
                .repeat(1, k)
                .reshape(b * k, t, dim);
        NDArray mask =
                Masks.fromValid(history.neq(0)).expandDims(1).repeat(1, k).reshape(b * k, t);
        // (B, K) -> (B * K, D)
        NDArray c = Embedding.embedding(candidates.reshape(b * k), table, SparseFormat.DENSE)
                .head();
        NDList attended = attention.forward(ps, new NDList(c, keys, mask), training);
        NDArray f = null;
        if (features > 0) {
            f = inputs.size() > 2
                    ? inputs.get(2).reshape(b * k, features)
                    : history.getManager().zeros(new Shape(b * k, features));
        }
        NDArray logits = mlp(ps, attended.get(0), c, f, training).reshape(b, k);
        return new NDList(logits, attended.get(1).reshape(b, k, t));
    }

    /**
     * The scoring MLP: {@code pooled (R, D)}, {@code candidate (R, D)}, {@code features (R, F)} or
     * null when F = 0 -> {@code (R)} logits.
     */
    private NDArray mlp(ParameterStore ps, NDArray pooled, NDArray candidate, NDArray f, boolean training) {
        NDArray x = pooled.concat(candidate, -1).concat(pooled.mul(candidate), -1);
        if (f != null) {
            x = x.concat(f, -1);
        }
        for (Linear layer : mlp) {
            x = Activation.relu(layer.forward(ps, new NDList(x), training).head());
        }
        NDArray logit = output.forward(ps, new NDList(x), training).head();
        if (f != null) {
            logit = logit.add(featureSkip.forward(ps, new NDList(f), training).head());
        }
        return logit.squeeze(-1);
    }

    /**
     * Scores one history against many candidates (no gradients). Equal to {@link
     * #forwardInternal} up to float rounding.
     *
     * @param history {@code (T)} int64 real item ids (no padding), T may be 0
     * @param candidates {@code (C)} int64 item ids
     * @return {@code logits (C)} and, when {@code withWeights}, the activation weights {@code (C,
     *     T)}
     */
    NDList scoreCandidates(NDManager m, long[] history, long[] candidates, boolean withWeights) {
        return scoreCandidates(m, history, candidates, null, withWeights);
    }

    /**
     * As {@link #scoreCandidates(NDManager, long[], long[], boolean)} with the candidates' features,
     * {@code (C * F)} row-major, or null for zeros.
     */
    NDList scoreCandidates(NDManager m, long[] history, long[] candidates, float[] featureValues, boolean withWeights) {
        ParameterStore ps = new ParameterStore(m, false);
        NDArray table = itemEmbedding.getArray();
        int t = history.length;
        int n = candidates.length;
        // (C, D)
        NDArray c = Embedding.embedding(m.create(candidates), table, SparseFormat.DENSE)
                .head();
        NDArray pooled;
        NDArray weights = null;
        if (t == 0) {
            pooled = m.zeros(new Shape(n, dim));
            if (withWeights) {
                weights = m.zeros(new Shape(n, 0));
            }
        } else {
            // (T, D)
            NDArray h = Embedding.embedding(m.create(history), table, SparseFormat.DENSE)
                    .head();
            List<Linear> layers = attentionLayers();
            NDArray w1 = layers.get(0).getParameters().get("weight").getArray();
            NDArray b1 = layers.get(0).getParameters().get("bias").getArray();
            long h1 = w1.getShape().get(0);
            // W1 (H1, 4D) = [W_h | W_c | W_d | W_p], matching TargetAttention's [k, c, k - c, k * c]
            NDArray wh = w1.get(new NDIndex(":, 0:{}", dim));
            NDArray wc = w1.get(new NDIndex(":, {}:{}", dim, 2 * dim));
            NDArray wd = w1.get(new NDIndex(":, {}:{}", 2 * dim, 3 * dim));
            NDArray wp = w1.get(new NDIndex(":, {}:", 3 * dim));
            // (T, H1): the history's term, bias included
            NDArray perItem = h.matMul(wh.add(wd).transpose()).add(b1);
            // (C, H1): the candidate's term
            NDArray perCandidate = c.matMul(wc.sub(wd).transpose());
            // (D, T, H1): M[d, t, u] = h[t, d] * W_p[u, d]; then (C, D) x (D, T * H1)
            NDArray mixed = h.transpose().expandDims(2).mul(wp.transpose().expandDims(1));
            NDArray x = c.matMul(mixed.reshape(dim, t * h1))
                    .reshape(n, t, h1)
                    .add(perItem.expandDims(0))
                    .add(perCandidate.expandDims(1));
            x = Activation.sigmoid(x);
            for (int i = 1; i < layers.size() - 1; i++) {
                x = Activation.sigmoid(
                        layers.get(i).forward(ps, new NDList(x), false).head());
            }
            // (C, T, 1) -> (C, T)
            weights = layers.get(layers.size() - 1)
                    .forward(ps, new NDList(x), false)
                    .head()
                    .squeeze(-1);
            // (C, T) x (T, D) -> (C, D)
            pooled = weights.matMul(h);
        }
        NDArray f = null;
        if (features > 0) {
            f = featureValues == null
                    ? m.zeros(new Shape(n, features))
                    : m.create(featureValues, new Shape(n, features));
        }
        NDArray logits = mlp(ps, pooled, c, f, false);
        return withWeights ? new NDList(logits, weights) : new NDList(logits);
    }

    /** The activation unit's linear layers in order: hidden layers, then the score layer. */
    private List<Linear> attentionLayers() {
        List<Linear> layers = new ArrayList<>();
        for (Block child : attention.getChildren().values()) {
            layers.add((Linear) child);
        }
        return layers;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape h = inputShapes[0];
        Shape k = inputShapes[1];
        return new Shape[] {k, new Shape(k.get(0), k.get(1), h.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long t = inputShapes[0].get(1);
        attention.initialize(manager, dataType, new Shape(1, dim), new Shape(1, t, dim), new Shape(1, t));
        Shape in = new Shape(1, 3L * dim + features);
        for (Linear layer : mlp) {
            layer.initialize(manager, dataType, in);
            in = layer.getOutputShapes(new Shape[] {in})[0];
        }
        output.initialize(manager, dataType, in);
        if (featureSkip != null) {
            featureSkip.initialize(manager, dataType, new Shape(1, features));
        }
    }
}
