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
 * order-aware context:
 *
 * <pre>
 *   for each layer:
 *     q = LN(x);  x = q + MHA(q, x, x, mask)
 *     x = LN(x);  x = (x + dropout(W2 dropout(relu(W1 x)))) * notPadding
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

    /** One layer's blocks, in the order they run. */
    public record Layer(
            LayerNorm attentionNorm, MultiHeadAttention attention, LayerNorm ffnNorm, Linear ffnIn, Linear ffnOut) {}

    private final List<Layer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final float dropout;

    /**
     * @param dropout on the attention weights and the feed-forward layers
     * @param children the owner's {@code addChildBlock}
     */
    public CausalStack(int layerCount, int dim, int heads, float dropout, Children children) {
        this.dropout = dropout;
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
            Linear ffnIn =
                    children.add("ffn_in" + i, Linear.builder().setUnits(dim).build());
            Linear ffnOut =
                    children.add("ffn_out" + i, Linear.builder().setUnits(dim).build());
            layers.add(new Layer(attentionNorm, attention, ffnNorm, ffnIn, ffnOut));
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

    /** @param x {@code (B, T, D)}, the shape every layer reads */
    public void initialize(NDManager manager, DataType dataType, Shape x) {
        for (Layer layer : layers) {
            layer.attentionNorm().initialize(manager, dataType, x);
            layer.attention().initialize(manager, dataType, x, x, x);
            layer.ffnNorm().initialize(manager, dataType, x);
            layer.ffnIn().initialize(manager, dataType, x);
            layer.ffnOut().initialize(manager, dataType, x);
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
}
