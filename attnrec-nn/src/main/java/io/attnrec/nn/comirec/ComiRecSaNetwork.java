package io.attnrec.nn.comirec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.attnrec.nn.attention.Masks;
import io.attnrec.nn.attention.SelfAttentivePooling;
import io.attnrec.nn.content.ItemContent;
import io.attnrec.nn.model.Weights;
import io.attnrec.nn.multi.MultiInterestBlock;
import io.attnrec.nn.multi.MultiInterestRecommender;
import io.attnrec.nn.multi.OrderContext;
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
 * With {@code context > 0} causal self-attention blocks run over the history ({@link
 * OrderContext}); {@code context_mode=input} replaces {@code E} by their outputs, so the heads read
 * and pool order-aware vectors, and {@code interest} adds their newest output as interest K + 1.
 *
 * Differences: positions count back from the newest item (ComiRec's code counts from the oldest
 * item of the window, so the same position means "long ago" in a long history and "just now" in
 * a short one); the two projections have no bias (Lin et al.'s structured self-attention, the
 * {@link SelfAttentivePooling} block); item and position embeddings start from N(0, 1/D).
 */
final class ComiRecSaNetwork extends MultiInterestBlock {

    /** Whether the heads read position embeddings beside the items. */
    private final boolean positions;
    /** Kept with {@code positions=false} too (unread), so saved weights keep one layout. */
    private final Parameter positionEmbedding;

    private final SelfAttentivePooling attention;

    /**
     * @param itemContent the items' features when {@code content=true}, else null
     */
    ComiRecSaNetwork(int numItems, ComiRecSaConfig config, ItemContent itemContent) {
        super(numItems, config.common());
        this.positions = config.positions();
        positionEmbedding = addParameter(
                Weights.weight("position_embedding", new Shape(maxLen, dim), new NormalInitializer(initStd(dim))));
        attention = addChildBlock("attention", SelfAttentivePooling.create(config.attentionSize(), interests));
        addOrderAndContent(config.order(), config.common(), itemContent);
    }

    @Override
    public Readout readout() {
        return Readout.hard();
    }

    @Override
    protected void initializeFamilyChildren(NDManager manager, DataType dataType, Shape input) {
        Shape x = new Shape(input.get(0), input.get(1), dim);
        attention.initialize(manager, dataType, x);
    }

    @Override
    protected NDList forwardWindow(ParameterStore ps, NDArray items, boolean training) {
        NDManager m = items.getManager();
        long b = items.getShape().get(0);
        int t = (int) items.getShape().get(1);
        Window input = embed(ps, items, training);
        // the heads read and pool the window's vectors
        NDArray e = input.embeddings();
        NDArray x = e;
        if (positions) {
            NDArray p = ps.getValue(positionEmbedding, e.getDevice(), training);
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
        return withOrder(ps, training, v, MultiInterestRecommender.allActive(m, b, interests), a, input);
    }
}
