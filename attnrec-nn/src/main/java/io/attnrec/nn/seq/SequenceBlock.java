package io.attnrec.nn.seq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.recurrent.RecurrentBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import io.attnrec.nn.model.ItemTableBlock;

/**
 * The plumbing every sequential network shares: the sizes, the item embedding (the first
 * parameter, so saved weights and the seeded initialisation keep their order), the item table
 * read from it, and {@code encode} as one forward pass. A family adds its layers and writes
 * {@code forwardWindow}, {@link #padding} and its initialisation.
 */
public abstract class SequenceBlock extends ItemTableBlock implements SequenceNetwork {

    /** Standard deviation of the item embedding's normal initialiser (SASRec's reference code). */
    private static final float EMBEDDING_STD = 0.02f;

    protected SequenceBlock(byte version, int numItems, int maxLen, int dim, double dropout) {
        super(version, numItems, maxLen, dim, dropout, EMBEDDING_STD);
    }

    /** As above, with {@code capacity - numItems} spare rows in the item table. */
    protected SequenceBlock(byte version, int numItems, int capacity, int maxLen, int dim, double dropout) {
        super(version, numItems, capacity, maxLen, dim, dropout, EMBEDDING_STD);
    }

    /** The ID embeddings; a network with content features adds them here. */
    @Override
    public NDArray itemTable(ParameterStore ps, boolean training) {
        return idTable(ps, training);
    }

    @Override
    public final NDList encode(ParameterStore ps, NDArray items, boolean training) {
        return forward(ps, new NDList(items), training);
    }

    /**
     * {@code builder} set for a recurrent layer of this network (GRU4Rec's GRU, the LSTM of LSTM +
     * attention): D-wide states, {@code layers} layers, batch-first windows, outputs only.
     */
    protected final <B extends RecurrentBlock.BaseBuilder<B>> B recurrent(B builder, int layers) {
        return builder.setStateSize(dim)
                .setNumLayers(layers)
                .optBatchFirst(true)
                .optReturnState(false);
    }

    /**
     * Fresh parameters for a network with a recurrent layer: the layer's weights from PyTorch's
     * default for recurrent weights, uniform(-1/sqrt(H), 1/sqrt(H)), every other parameter from its
     * own initialiser, and a zero padding row.
     */
    protected final void initializeRecurrent(NDManager manager, Block rnn) {
        rnn.setInitializer(new UniformInitializer((float) (1 / Math.sqrt(dim))), Parameter.Type.WEIGHT);
        initialize(manager, DataType.FLOAT32, new Shape(1, maxLen));
        zeroPaddingRow();
    }
}
