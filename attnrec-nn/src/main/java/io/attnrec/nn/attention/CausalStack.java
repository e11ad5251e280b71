package io.attnrec.nn.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * SASRec's stack of pre-LN self-attention layers, shared by SASRec and the multi-interest models'
 * order-aware context. Its layers are SASRec's ({@link LayerKind#SASREC}, the default):
 *
 * <pre>
 *   for each layer:
 *     q = LN(x);  x = q + MHA(q, x, x, mask)
 *     x = LN(x);  x = (x + dropout(W2 dropout(relu(W1 x)))) * notPadding
 *   h = LN(x)
 * </pre>
 *
 * or LiGR's ({@link LayerKind#LIGR}: gated residuals, a SwiGLU feed-forward 4D wide without
 * biases):
 *
 * <pre>
 *   for each layer:
 *     q = LN(x);  x = x + sigmoid(Ga x) * dropout(MHA(q, q, q, mask))
 *     z = LN(x);  x = (x + sigmoid(Gf x) * dropout(W2 dropout(silu(W1 z) * W3 z))) * notPadding
 *   h = LN(x)
 * </pre>
 *
 * The layers are registered as children of the block that owns the stack, not as a block of
 * their own: saved weights list them under the owner ({@code attention_norm0}, {@code attention0},
 * {@code ffn_norm0}, {@code ffn_in0}, {@code ffn_out0}, …, {@code final_norm}), and a nested block
 * would change that layout.
 */
public final class CausalStack {

    /** The owner's {@code addChildBlock}: registers a child under a name and returns it. */
    @FunctionalInterface
    public interface Children {
        <B extends Block> B add(String name, B block);
    }

    /**
     * One layer's blocks, in the order they run; {@code attentionGate}, {@code ffnUp} and {@code
     * ffnGate} only in a LiGR layer (null in SASRec's).
     */
    public record Layer(
            LayerNorm attentionNorm,
            MultiHeadAttention attention,
            LayerNorm ffnNorm,
            Linear ffnIn,
            Linear ffnOut,
            Linear attentionGate,
            Linear ffnUp,
            Linear ffnGate) {}

    /** LiGR's feed-forward width as a multiple of D (eSASRec's setting). */
    public static final int LIGR_FFN_MULTIPLIER = 4;

    private final List<Layer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final float dropout;
    private final LayerKind kind;
    /** The feed-forward's inner width. */
    private final int inner;

    /** A stack of SASRec's layers. */
    public CausalStack(int layerCount, int dim, int heads, float dropout, Children children) {
        this(LayerKind.SASREC, layerCount, dim, heads, dropout, children);
    }

    /**
     * @param dropout on the attention weights and the feed-forward layers
     * @param children the owner's {@code addChildBlock}
     */
    public CausalStack(LayerKind kind, int layerCount, int dim, int heads, float dropout, Children children) {
        this.dropout = dropout;
        this.kind = kind;
        boolean ligr = kind == LayerKind.LIGR;
        // SASRec's feed-forward keeps D and biases; LiGR's SwiGLU is 4D wide without biases
        this.inner = ligr ? LIGR_FFN_MULTIPLIER * dim : dim;
        for (int i = 0; i < layerCount; i++) {
            LayerNorm attentionNorm = children.add("attention_norm" + i, norm());
            MultiHeadAttention attention = children.add(
                    "attention" + i,
                    MultiHeadAttention.builder()
                            .setEmbedDim(dim)
                            .setHeads(heads)
                            .optDropout(dropout)
                            .build());
            LayerNorm ffnNorm = children.add("ffn_norm" + i, norm());
            Linear ffnIn = children.add(
                    "ffn_in" + i,
                    Linear.builder().setUnits(inner).optBias(!ligr).build());
            Linear ffnOut = children.add(
                    "ffn_out" + i, Linear.builder().setUnits(dim).optBias(!ligr).build());
            // new names only in LiGR layers, so SASRec's saved weights keep their layout
            Linear attentionGate = ligr
                    ? children.add(
                            "attention_gate" + i, Linear.builder().setUnits(dim).build())
                    : null;
            Linear ffnUp = ligr
                    ? children.add(
                            "ffn_up" + i,
                            Linear.builder().setUnits(inner).optBias(false).build())
                    : null;
            Linear ffnGate = ligr
                    ? children.add(
                            "ffn_gate" + i, Linear.builder().setUnits(dim).build())
                    : null;
            layers.add(new Layer(attentionNorm, attention, ffnNorm, ffnIn, ffnOut, attentionGate, ffnUp, ffnGate));
        }
        finalNorm = children.add("final_norm", norm());
    }

    private static LayerNorm norm() {
        // normalise over the feature axis only: without axis(2) DJL normalises over (T, D)
        return LayerNorm.builder().axis(2).optEpsilon(1e-8f).build();
    }

    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    public LayerNorm finalNorm() {
        return finalNorm;
    }

    public LayerKind kind() {
        return kind;
    }

    /** @param x {@code (B, T, D)}, the shape every layer reads */
    public void initialize(NDManager manager, DataType dataType, Shape x) {
        for (Layer layer : layers) {
            layer.attentionNorm().initialize(manager, dataType, x);
            layer.attention().initialize(manager, dataType, x, x, x);
            layer.ffnNorm().initialize(manager, dataType, x);
            layer.ffnIn().initialize(manager, dataType, x);
            layer.ffnOut().initialize(manager, dataType, new Shape(x.get(0), x.get(1), inner));
            if (kind == LayerKind.LIGR) {
                layer.attentionGate().initialize(manager, dataType, x);
                layer.ffnUp().initialize(manager, dataType, x);
                layer.ffnGate().initialize(manager, dataType, x);
            }
        }
        finalNorm.initialize(manager, dataType, x);
    }

    /**
     * @param x {@code (B, T, D)} the layers' input, zero at padding
     * @param notPadding {@code (B, T, 1)}: 1 for real items, 0 for padding
     * @param mask additive attention mask broadcast to {@code (B, H, T, T)}
     * @return {@code h (B, T, D)} and, with at least one layer, the last layer's attention weights
     *     {@code (B, H, T, T)}
     */
    public NDList forward(ParameterStore ps, NDArray x, NDArray notPadding, NDArray mask, boolean training) {
        NDArray weights = null;
        for (Layer layer : layers) {
            if (kind == LayerKind.LIGR) {
                NDList out = ligr(layer, ps, x, notPadding, mask, training);
                x = out.head();
                weights = out.get(1);
                continue;
            }
            NDArray q =
                    layer.attentionNorm().forward(ps, new NDList(x), training).head();
            NDList attended = layer.attention().forward(ps, new NDList(q, x, x, mask), training);
            weights = attended.get(1);
            x = q.add(attended.head());
            x = layer.ffnNorm().forward(ps, new NDList(x), training).head();
            NDArray y = layer.ffnIn().forward(ps, new NDList(x), training).head();
            y = Activation.relu(Dropout.dropout(y, dropout, training).head());
            y = layer.ffnOut().forward(ps, new NDList(y), training).head();
            y = Dropout.dropout(y, dropout, training).head();
            x = x.add(y).mul(notPadding);
        }
        NDArray h = finalNorm.forward(ps, new NDList(x), training).head();
        return weights == null ? new NDList(h) : new NDList(h, weights);
    }

    /** One LiGR layer: the new {@code x (B, T, D)} and its attention weights {@code (B, H, T, T)}. */
    private NDList ligr(Layer layer, ParameterStore ps, NDArray x, NDArray notPadding, NDArray mask, boolean training) {
        NDArray q = layer.attentionNorm().forward(ps, new NDList(x), training).head();
        NDList attended = layer.attention().forward(ps, new NDList(q, q, q, mask), training);
        // the gates read the stream itself, not its normalised copy (as LiGR and eSASRec do)
        NDArray gate = Activation.sigmoid(
                layer.attentionGate().forward(ps, new NDList(x), training).head());
        x = x.add(gate.mul(Dropout.dropout(attended.head(), dropout, training).head()));
        NDArray z = layer.ffnNorm().forward(ps, new NDList(x), training).head();
        // (B, T, 4D): silu(W1 z) * W3 z
        NDArray wide = Activation.swish(
                        layer.ffnIn().forward(ps, new NDList(z), training).head(), 1f)
                .mul(layer.ffnUp().forward(ps, new NDList(z), training).head());
        NDArray y = layer.ffnOut()
                .forward(ps, new NDList(Dropout.dropout(wide, dropout, training).head()), training)
                .head();
        NDArray ffnGate = Activation.sigmoid(
                layer.ffnGate().forward(ps, new NDList(x), training).head());
        x = x.add(ffnGate.mul(Dropout.dropout(y, dropout, training).head())).mul(notPadding);
        return new NDList(x, attended.get(1));
    }
}
