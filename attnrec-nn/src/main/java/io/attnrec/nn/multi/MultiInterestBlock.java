package io.attnrec.nn.multi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import io.attnrec.nn.content.ContentEmbedding;
import io.attnrec.nn.content.ItemContent;
import io.attnrec.nn.model.ItemTableBlock;
import io.attnrec.nn.model.Weights;

/**
 * The plumbing every multi-interest network shares: the item table (an ID embedding, plus the
 * content projection when the model has content features), the sizes, fresh initialisation with
 * a zero padding row, and the output shapes {@code interests (B, K, D), active (B, K), weights
 * (B, K, T)}. A family adds its own parameters and children and writes {@code forwardWindow}.
 *
 * <p>The order of parameters and children decides the layout of saved weights and the order in
 * which a fresh model draws from the seeded generator: the item embedding is always the first
 * parameter, and a subclass calls {@link #addOrderAndContent} last in its constructor, so the
 * order-aware blocks and the content child come after the family's own children.
 */
public abstract class MultiInterestBlock extends ItemTableBlock implements MultiInterestNetwork {

    protected final int interests;

    /** Null without content. */
    private ContentEmbedding content;

    /** Interests beyond the family's K: the order-aware blocks' newest output ({@link OrderOptions}). */
    private int extraInterests;

    /** Null with {@code context=0}. */
    private OrderContext context;

    /** Whether the extractor reads the order-aware blocks' outputs instead of the raw embeddings. */
    private boolean readsContext;

    /** {@code (D, D)}, or null without {@code successor_map}. */
    private Parameter successorMap;

    /**
     * DJL's version of every multi-interest network's parameter layout. A layout that changes with
     * an option (context blocks, content) is told apart by the saved options, and older models are
     * brought forward by the model format's migrations, so the families share one version.
     */
    private static final byte VERSION = 1;

    /** Item embeddings start from N(0, 1/D), as in ComiRec's and MIND's code. */
    protected MultiInterestBlock(int numItems, MultiInterestConfig config) {
        super(VERSION, numItems, config.maxLen(), config.dim(), config.dropout(), initStd(config.dim()));
        this.interests = config.interests();
    }

    /** The standard deviation 1/√D of the family's normal initialisers. */
    protected static float initStd(int dim) {
        return (float) (1 / Math.sqrt(dim));
    }

    /**
     * Adds the order-aware blocks that {@code order} asks for, then the content child when {@code
     * config} has content on; call it last in the constructor. Each is added only when asked for,
     * so weights saved without it keep their layout.
     *
     * @param itemContent the items' features when content is on, else null
     */
    protected final void addOrderAndContent(OrderOptions order, MultiInterestConfig config, ItemContent itemContent) {
        if (order.successorMap()) {
            successorMap = addParameter(Weights.weight(
                    "successor_map",
                    new Shape(dim, dim),
                    (manager, shape, dataType) -> manager.eye((int) shape.get(0))));
        }
        OrderContext c = order.block(maxLen, dim);
        if (c != null) {
            extraInterests = order.extraInterests();
            context = addChildBlock("context", c);
            readsContext = order.readsContext();
        }
        ContentEmbedding contentBlock = MultiInterestModels.contentBlock(config, numItems, itemContent, initStd(dim));
        content = contentBlock == null ? null : addChildBlock("content", contentBlock);
    }

    /**
     * A window's inputs to the family's extractor.
     *
     * @param embeddings {@code (B, T, D)}: the items' embeddings after dropout, or the order-aware
     *     blocks' outputs when the extractor reads them ({@code context_mode=input|both})
     * @param context the order-aware blocks' outputs ({@code H, newest weights}), or null without
     *     blocks
     */
    protected record Window(NDArray embeddings, NDList context) {}

    /** @param items {@code (B, T)} item ids, 0 = padding, aligned on the newest item */
    protected final Window embed(ParameterStore ps, NDArray items, boolean training) {
        // (B, T) -> (B, T, D)
        NDArray e = Dropout.dropout(
                        Embedding.embedding(items, itemTable(ps, training), SparseFormat.DENSE)
                                .head(),
                        dropout,
                        training)
                .head();
        NDList ctx = context == null ? null : context.forward(ps, new NDList(e, items), training);
        // reading the order-aware outputs, a position's vector can point at the item that follows it
        return new Window(readsContext ? ctx.head() : e, ctx);
    }

    /**
     * The window's {@code t} newest positions of {@code positions}, a parameter whose axis {@code
     * axis} (0 or 1) runs over the {@code maxLen} positions, oldest first (windows are aligned on the
     * newest item).
     *
     * <p>The slice is attached to {@code m}, the batch's manager: an op's result belongs to its first
     * operand's manager, so without this the slice, and every array computed from it (each holding
     * its step's autograd graph), would belong to the model's manager and live as long as the model.
     */
    protected final NDArray newestPositions(
            ParameterStore ps, Parameter positions, int axis, int t, NDManager m, boolean training) {
        String rows = (maxLen - t) + ":";
        NDArray slice =
                ps.getValue(positions, m.getDevice(), training).get(new NDIndex(axis == 0 ? rows : ":, " + rows));
        slice.attach(m);
        return slice;
    }

    /**
     * The family's {@code (interests, active, weights)} as the order options ask: mapped by the
     * successor map, and with the blocks' newest output appended as one more interest.
     *
     * @param window the window the family read
     */
    protected final NDList withOrder(
            ParameterStore ps, boolean training, NDArray interests, NDArray active, NDArray weights, Window window) {
        if (successorMap != null) {
            // (B, K, D) x (D, D)
            interests = interests.matMul(ps.getValue(successorMap, interests.getDevice(), training));
        }
        if (extraInterests == 0) {
            return new NDList(interests, active, weights);
        }
        NDList ctx = window.context();
        NDArray h = ctx.get(0);
        long b = h.getShape().get(0);
        // (B, T, D) -> the newest position (B, 1, D); always active; weights: what it read
        NDArray newest = h.get(new NDIndex(":, -1:, :"));
        return new NDList(
                interests.concat(newest, 1),
                active.concat(active.getManager().ones(new Shape(b, 1)), 1),
                weights.concat(ctx.get(1), 1));
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

    /** Initialises the family's own children; the order-aware blocks and the content child follow. */
    protected void initializeFamilyChildren(NDManager manager, DataType dataType, Shape input) {}

    @Override
    protected final void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape input = inputShapes[0];
        initializeFamilyChildren(manager, dataType, input);
        if (context != null) {
            context.initialize(manager, dataType, new Shape(input.get(0), input.get(1), dim), input);
        }
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
