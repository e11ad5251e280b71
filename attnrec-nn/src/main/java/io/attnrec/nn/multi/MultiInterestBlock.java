package io.attnrec.nn.multi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.attnrec.nn.content.ContentEmbedding;
import io.attnrec.nn.content.ItemContent;
import io.attnrec.nn.model.ItemTableBlock;

/**
 * The plumbing every multi-interest network shares: the item table (an ID embedding, plus the
 * content projection when the model has content features), the sizes, fresh initialisation with
 * a zero padding row, and the output shapes {@code interests (B, K, D), active (B, K), weights
 * (B, K, T)}. A family adds its own parameters and children and writes {@code forwardWindow}.
 *
 * <p>The order of parameters and children decides the layout of saved weights and the order in
 * which a fresh model draws from the seeded generator: the item embedding is always the first
 * parameter, and a subclass calls {@link #addContent} last in its constructor, so the content
 * child comes after the family's own children.
 */
public abstract class MultiInterestBlock extends ItemTableBlock implements MultiInterestNetwork {

    protected final int interests;

    /** Null without content. */
    private ContentEmbedding content;

    /** Interests beyond the family's K: the order-aware blocks' newest output ({@link OrderOptions}). */
    private int extraInterests;

    /** {@code (D, D)}, or null without {@code successor_map}. */
    private Parameter successorMap;

    /** Item embeddings start from N(0, 1/D), as in ComiRec's and MIND's code. */
    protected MultiInterestBlock(byte version, int numItems, MultiInterestConfig config) {
        super(version, numItems, config.maxLen(), config.dim(), config.dropout(), initStd(config.dim()));
        this.interests = config.interests();
    }

    /** The standard deviation 1/√D of the family's normal initialisers. */
    protected static float initStd(int dim) {
        return (float) (1 / Math.sqrt(dim));
    }

    /**
     * Adds the content child when {@code config} has content on; call it last in the constructor.
     * The child is added only with content, so weights saved without it keep their layout.
     *
     * @param itemContent the items' features when content is on, else null
     */
    protected final void addContent(MultiInterestConfig config, ItemContent itemContent) {
        ContentEmbedding c = MultiInterestModels.contentBlock(config, numItems, itemContent, initStd(dim));
        content = c == null ? null : addChildBlock("content", c);
    }

    /**
     * Adds the order-aware blocks that {@code order} asks for (call it before {@link #addContent}),
     * or nothing: weights saved without them keep their layout.
     *
     * @return the blocks, or null
     */
    protected final OrderContext addOrderContext(OrderOptions order) {
        if (order.successorMap()) {
            successorMap = addParameter(Parameter.builder()
                    .setName("successor_map")
                    .setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(dim, dim))
                    .optInitializer((manager, shape, dataType) -> manager.eye((int) shape.get(0)))
                    .build());
        }
        OrderContext c = order.block(maxLen, dim);
        if (c == null) {
            return null;
        }
        extraInterests = order.extraInterests();
        return addChildBlock("context", c);
    }

    /**
     * The family's {@code (interests, active, weights)} as the order options ask: mapped by the
     * successor map, and with the blocks' newest output appended as one more interest.
     *
     * @param context the blocks' outputs ({@code H, newest weights}), or null without blocks
     */
    protected final NDList withOrder(
            ParameterStore ps, boolean training, NDArray interests, NDArray active, NDArray weights, NDList context) {
        if (successorMap != null) {
            // (B, K, D) x (D, D)
            interests = interests.matMul(ps.getValue(successorMap, interests.getDevice(), training));
        }
        if (extraInterests == 0) {
            return new NDList(interests, active, weights);
        }
        NDArray h = context.get(0);
        long b = h.getShape().get(0);
        // (B, T, D) -> the newest position (B, 1, D); always active; weights: what it read
        NDArray newest = h.get(new NDIndex(":, -1:, :"));
        return new NDList(
                interests.concat(newest, 1),
                active.concat(active.getManager().ones(new Shape(b, 1)), 1),
                weights.concat(context.get(1), 1));
    }

    @Override
    public final int maxInterests() {
        return interests + extraInterests;
    }

    @Override
    public final ItemContent itemContent() {
        return content == null ? null : content.content();
    }

    @Override
    public final void initializeFresh(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, maxLen));
        zeroPaddingRow();
    }

    /** Initialises the family's own children; the content child follows. */
    protected void initializeFamilyChildren(NDManager manager, DataType dataType, Shape input) {}

    @Override
    protected final void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        initializeFamilyChildren(manager, dataType, inputShapes[0]);
        if (content != null) {
            content.initialize(manager, dataType, new Shape(numItems + 1L, dim));
        }
    }

    @Override
    public final NDArray itemTable(ParameterStore ps, boolean training) {
        return ContentEmbedding.table(content, ps, idTable(ps, training), training);
    }

    @Override
    public final Encoded encode(ParameterStore ps, NDArray items, boolean training) {
        NDList out = forward(ps, new NDList(items), training);
        return new Encoded(out.get(0), out.get(1), out.get(2));
    }

    @Override
    public final Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {
            new Shape(in.get(0), maxInterests(), dim),
            new Shape(in.get(0), maxInterests()),
            new Shape(in.get(0), maxInterests(), in.get(1))
        };
    }
}
