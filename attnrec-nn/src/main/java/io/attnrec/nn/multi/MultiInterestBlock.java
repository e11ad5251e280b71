package io.attnrec.nn.multi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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

    @Override
    public final int maxInterests() {
        return interests;
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
            new Shape(in.get(0), interests, dim),
            new Shape(in.get(0), interests),
            new Shape(in.get(0), interests, in.get(1))
        };
    }
}
