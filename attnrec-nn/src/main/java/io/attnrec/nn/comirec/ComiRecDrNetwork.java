package io.attnrec.nn.comirec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.attnrec.nn.Scalars;
import io.attnrec.nn.content.ItemContent;
import io.attnrec.nn.model.Weights;
import io.attnrec.nn.multi.Capsules;
import io.attnrec.nn.multi.MultiInterestBlock;
import io.attnrec.nn.multi.MultiInterestRecommender;
import io.attnrec.nn.multi.OrderContext;
import io.attnrec.nn.multi.Readout;

/**
 * ComiRec-DR's network (Cen et al., KDD 2020, section 3.2.1), as in the authors' code ({@code
 * bilinear_type = 2}): each history position {@code t} and interest {@code k} has its own
 * bilinear map, {@code ê_{k|t} = W_{t,k} e_t}; routing logits start at 0 and run {@code
 * iterations} rounds of {@link Capsules#route}; the squashed capsules are the interests. With
 * {@code context > 0} causal self-attention blocks run over the history ({@link OrderContext}): the
 * maps read their outputs instead of the raw embeddings ({@code context_mode=input}), and/or their
 * newest output is interest K + 1 ({@code interest}).
 *
 * <p>Differences: positions count back from the newest item (ComiRec's code counts from the
 * oldest), so a map means "so many steps ago"; item embeddings start from N(0, 1/D) and the maps from N(0, 1/D) (so that
 * {@code ê} keeps the scale of {@code e}).
 */
final class ComiRecDrNetwork extends MultiInterestBlock {

    private final ComiRecDrConfig config;
    /**
     * {@code (maxLen, D, K * D)}: row t maps item t of the window to its K predictions; or {@code
     * (1, D, K * D)}, one map for every position ({@code maps=interest}).
     */
    private final Parameter bilinear;

    /**
     * @param itemContent the items' features when {@code content=true}, else null
     */
    ComiRecDrNetwork(int numItems, ComiRecDrConfig config, ItemContent itemContent) {
        super(numItems, config.common());
        this.config = config;
        long maps = config.sharedMaps() ? 1 : maxLen;
        bilinear = addParameter(Weights.weight(
                "bilinear", new Shape(maps, dim, (long) interests * dim), new NormalInitializer(initStd(dim))));
        addOrderAndContent(config.order(), config.common(), itemContent);
    }

    @Override
    public Readout readout() {
        return Readout.hard();
    }

    @Override
    protected NDList forwardWindow(ParameterStore ps, NDArray items, boolean training) {
        NDManager m = items.getManager();
        long b = items.getShape().get(0);
        int t = (int) items.getShape().get(1);
        Window input = embed(ps, items, training);
        // (B, T, D) -> (T, B, D)
        NDArray e = input.embeddings().transpose(1, 0, 2);
        NDArray products;
        if (config.sharedMaps()) {
            // one shared map: (T * B, D) x (D, K*D), a plain matrix product (a broadcast batched
            // product takes a different kernel path depending on whether the weights record
            // gradients, so a loaded model's scores could differ in the last bit from the trained
            // one's)
            NDArray map = ps.getValue(bilinear, e.getDevice(), training).reshape(dim, (long) interests * dim);
            // the view would otherwise belong to the model's manager and outlive the batch
            map.attach(m);
            products = e.reshape(t * b, dim).matMul(map);
        } else {
            NDArray maps = newestPositions(ps, bilinear, 0, t, m, training);
            // (T, B, D) x (T, D, K*D) -> (T, B, K*D)
            products = e.matMul(maps);
        }
        // -> (T, B, K, D) -> (B, K, T, D)
        NDArray hat = products.reshape(t, b, interests, dim).transpose(1, 2, 0, 3);
        NDArray real = items.neq(0).toType(DataType.FLOAT32, false);
        NDArray active = MultiInterestRecommender.allActive(m, b, interests);
        NDList routed = Capsules.route(hat, m.zeros(new Shape(1, interests, t)), real, active, config.iterations());
        NDArray v = routed.get(0);
        if (config.interestScale() != 1) {
            v = Scalars.mul(v, (float) config.interestScale());
        }
        return withOrder(ps, training, v, active, routed.get(1), input);
    }
}
