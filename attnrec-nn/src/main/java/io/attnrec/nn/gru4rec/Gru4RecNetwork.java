package io.attnrec.nn.gru4rec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.recurrent.GRU;
import ai.djl.training.ParameterStore;
import io.attnrec.nn.seq.Padding;
import io.attnrec.nn.seq.SequenceBlock;

/**
 * GRU4Rec's network in the form used as a baseline by Klenitskiy and Vasilev (RecSys 2023):
 * item embeddings, a GRU over the session, and scores as the dot product of the GRU output with
 * the same (tied) item embeddings. Windows are right-padded, so padding never reaches a real
 * position.
 */
final class Gru4RecNetwork extends SequenceBlock {

    private static final byte VERSION = 1;

    private final GRU gru;

    /** With {@code capacity - numItems} spare rows in the item table. */
    Gru4RecNetwork(int numItems, int capacity, Gru4RecConfig config) {
        super(VERSION, numItems, capacity, config.maxLen(), config.dim(), config.dropout());
        gru = addChildBlock("gru", recurrent(GRU.builder(), config.layers()).build());
    }

    @Override
    public Padding padding() {
        return Padding.RIGHT;
    }

    @Override
    public void initializeFresh(NDManager manager) {
        initializeRecurrent(manager, gru);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        gru.initialize(
                manager, dataType, new Shape(new long[] {inputShapes[0].get(0), inputShapes[0].get(1), dim}, "NTC"));
    }

    @Override
    protected NDList forwardWindow(ParameterStore ps, NDArray items, boolean training) {
        // (B, T) -> (B, T, D)
        NDArray x = Embedding.embedding(items, itemTable(ps, training), SparseFormat.DENSE)
                .head();
        x = Dropout.dropout(x, dropout, training).head();
        // (B, T, D) -> (B, T, D); a fresh list because the GRU block appends its initial state
        NDArray h = gru.forward(ps, new NDList(x), training).head();
        return new NDList(Dropout.dropout(h, dropout, training).head());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1), dim)};
    }
}
