package io.attnrec.nn.content;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.attnrec.nn.model.Weights;

/**
 * The item-content encoder (SPEC C9): a learned linear projection {@code W (F, D)} of each item's
 * sparse hashed TF-IDF row {@code x_i} ({@link ItemContent}), added to its ID embedding:
 *
 * <pre>
 *   table_i = warm_i * keep_i * E_i + x_i W        (N + 1, D)
 * </pre>
 *
 * where {@code warm_i} is 1 for items with training events and 0 for cold items and the padding
 * row (so a cold item is scored from its content alone), and {@code keep_i} is 1 except in
 * training with {@code content_id_dropout > 0}, where each warm row's ID part is dropped with that
 * probability for the step ({@link ContentOptions#idDropout()} says why). Items without features
 * have {@code x_i = 0}: their row is the ID embedding alone. In training a cold item's row is 0
 * (it is not in the catalogue the model learns from, as a genuinely new item would not be): with a
 * softmax over all items it would otherwise be trained only as a negative, and the features that
 * only cold items have would learn to push them down.
 *
 * <p>{@code X W} is one sparse (COO) times dense product, the embedding-bag of every item at once:
 * it costs {@code nnz x D} multiply-adds and never materialises a dense {@code (N + 1, F)}
 * matrix (Amazon Beauty: 12k or 57k items x 2^14 buckets would be 0.8 or 3.7 GB); its gradient
 * {@code X^T dTable} is sparse times dense again. The constant {@code X} and the warm mask live on
 * the parameter's device, built on first use.
 *
 * <p>A network calls {@link #table} wherever it used its ID table (the input embeddings and the
 * output layer). Within one {@link ParameterStore} (one training step, one scoring chunk) the
 * table is computed once and reused, so a step's input and output layers see the same ID dropout
 * and the product runs once. The block's only parameter is {@code projection}; a network adds it
 * as a child block only when content is on, so the weights of a model without content keep their
 * layout.
 */
public final class ContentEmbedding extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ItemContent content;
    private final int dim;
    private final float idDropout;
    private final Parameter projection;
    /** Sparse features and warm mask on the parameter's device; built on first use. */
    private volatile Constants constants;
    /** The last table computed, with the store and ID table it was computed for. */
    private volatile Cached cached;

    private record Constants(Device device, NDArray features, NDArray mask) {}

    private record Cached(ParameterStore ps, NDArray idTable, boolean training, NDArray table) {}

    /**
     * A projection of {@code content}'s features to {@code dim}, initialised N(0, {@code initStd}²)
     * (the ID embedding's initialisation: each feature row has unit length, so a content row
     * starts at the ID rows' scale).
     */
    public ContentEmbedding(ItemContent content, int dim, float initStd, double idDropout) {
        super(VERSION);
        if (dim < 1) {
            throw new IllegalArgumentException("content projection size must be >= 1, got " + dim);
        }
        if (!(idDropout >= 0 && idDropout < 1)) {
            throw new IllegalArgumentException("content_id_dropout must be in [0, 1), got " + idDropout);
        }
        this.content = content;
        this.dim = dim;
        this.idDropout = (float) idDropout;
        projection = addParameter(
                Weights.weight("projection", new Shape(content.buckets(), dim), new NormalInitializer(initStd)));
    }

    /** The items' features and warm flags. */
    public ItemContent content() {
        return content;
    }

    /**
     * The effective item table {@code (N + 1, D)} for the ID table {@code idTable} (the network's
     * {@code item_embedding} value from {@code ps}). The result belongs to {@code ps}'s manager.
     */
    public NDArray table(ParameterStore ps, NDArray idTable, boolean training) {
        Cached c = cached;
        if (c != null && c.ps == ps && c.idTable == idTable && c.training == training) {
            return c.table;
        }
        NDArray t = compute(ps, idTable, training);
        cached = new Cached(ps, idTable, training, t);
        return t;
    }

    /**
     * {@code block}'s table for {@code idTable}, or {@code idTable} itself when {@code block} is
     * null (a network without content).
     */
    public static NDArray table(ContentEmbedding block, ParameterStore ps, NDArray idTable, boolean training) {
        return block == null ? idTable : block.table(ps, idTable, training);
    }

    private NDArray compute(ParameterStore ps, NDArray idTable, boolean training) {
        NDManager m = ps.getManager();
        long rows = content.numItems() + 1L;
        if (idTable.getShape().get(0) != rows || idTable.getShape().get(1) != dim) {
            throw new IllegalArgumentException(
                    "ID table has shape " + idTable.getShape() + ", expected (" + rows + ", " + dim + ")");
        }
        Constants k = constants(idTable.getDevice());
        NDArray mask = k.mask;
        if (training && idDropout > 0) {
            // (N + 1, 1): keep a warm row's ID part with probability 1 - p, unscaled
            mask = m.randomUniform(0f, 1f, new Shape(rows, 1), DataType.FLOAT32)
                    .gte(idDropout)
                    .toType(DataType.FLOAT32, false)
                    .mul(k.mask);
        }
        // both products take a long-lived first operand, so their results are moved to the
        // per-call manager, which frees them
        NDArray idPart = idTable.mul(mask);
        idPart.attach(m);
        if (k.features == null) {
            return idPart;
        }
        NDArray w = ps.getValue(projection, k.device, training);
        // (N + 1, F) sparse x (F, D) -> (N + 1, D)
        NDArray contentPart = k.features.matMul(w);
        contentPart.attach(m);
        if (training) {
            // cold rows are zero in training: never a positive, a cold item would otherwise be
            // trained only as a negative, and the features only it has (a title word) would learn
            // "never chosen", which is exactly what must not decide its score later
            contentPart = contentPart.mul(k.mask);
        }
        return idPart.add(contentPart);
    }

    private Constants constants(Device device) {
        Constants k = constants;
        if (k != null && k.device.equals(device)) {
            return k;
        }
        synchronized (this) {
            k = constants;
            if (k == null || !k.device.equals(device)) {
                // owned by the parameter's manager, so freed with the model
                NDManager owner = projection.getArray().getManager().newSubManager(device);
                long rows = content.numItems() + 1L;
                NDArray mask = owner.create(content.idMask(), new Shape(rows, 1));
                NDArray features = null;
                if (content.nonZeros() > 0) {
                    features = sparse(owner, rows);
                }
                k = new Constants(device, features, mask);
                constants = k;
            }
        }
        return k;
    }

    /**
     * The features as a sparse COO {@code (N + 1, F)} array. Not {@code NDManager.createCoo}: DJL's
     * PyTorch engine closes the index and value arrays there, whose memory the sparse tensor still
     * reads (they are views of Java buffers), so its products read freed memory. Here the two are
     * copied into PyTorch-owned memory first and kept open with the owner.
     */
    private NDArray sparse(NDManager owner, long rows) {
        // (2, nnz) int64 and (nnz) float32, copied out of the Java buffers
        NDArray indices = owner.create(content.cooIndices()).duplicate();
        NDArray values = owner.create(content.cooValues()).duplicate();
        return JniUtils.createSparseCoo((PtNDArray) indices, (PtNDArray) values, new Shape(rows, content.buckets()));
    }

    /** Input: the ID table {@code (N + 1, D)}; output: the effective table. */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(table(ps, inputs.head(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(content.numItems() + 1L, dim)};
    }
}
