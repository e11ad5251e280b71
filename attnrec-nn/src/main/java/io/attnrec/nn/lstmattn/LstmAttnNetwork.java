package io.attnrec.nn.lstmattn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import io.attnrec.nn.attention.Masks;
import io.attnrec.nn.attention.MultiHeadAttention;
import io.attnrec.nn.seq.AttentiveSequenceBlock;
import io.attnrec.nn.seq.Padding;

/**
 * An LSTM encoder with causal multi-head self-attention over its states:
 *
 * <pre>
 *   S = LSTM(dropout(E[items]))                   (B, T, D)
 *   h = LN(S + dropout(MHA(S, S, S, causal and padding mask)))
 * </pre>
 *
 * and scores {@code h_t . E[item]} with the shared item table. The LSTM carries order and
 * recency; the attention lets the newest position pick out any earlier state directly, and its
 * weights explain the recommendation. Windows are right-padded so padding never reaches a real
 * position through the recurrence.
 */
final class LstmAttnNetwork extends AttentiveSequenceBlock {

    private static final byte VERSION = 1;

    private final LSTM lstm;
    private final MultiHeadAttention attention;
    private final LayerNorm norm;

    /** With {@code capacity - numItems} spare rows in the item table. */
    LstmAttnNetwork(int numItems, int capacity, LstmAttnConfig config) {
        super(VERSION, numItems, capacity, config.maxLen(), config.dim(), config.dropout());
        lstm = addChildBlock("lstm", recurrent(LSTM.builder(), config.layers()).build());
        attention = addChildBlock(
                "attention",
                MultiHeadAttention.builder()
                        .setEmbedDim(dim)
                        .setHeads(config.heads())
                        .optDropout(dropout)
                        .build());
        norm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
    }

    @Override
    public Padding padding() {
        return Padding.RIGHT;
    }

    @Override
    public void initializeFresh(NDManager manager) {
        XavierInitializer xavier =
                new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f);
        for (Pair<String, Parameter> p : attention.getParameters()) {
            if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                p.getValue().setInitializer(xavier);
            }
        }
        initializeRecurrent(manager, lstm);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        long t = inputShapes[0].get(1);
        lstm.initialize(manager, dataType, new Shape(new long[] {b, t, dim}, "NTC"));
        Shape x = new Shape(b, t, dim);
        attention.initialize(manager, dataType, x, x, x);
        norm.initialize(manager, dataType, x);
    }

    @Override
    protected NDList forwardWindow(ParameterStore ps, NDArray items, boolean training) {
        NDManager m = items.getManager();
        int t = (int) items.getShape().get(1);
        NDArray x = Embedding.embedding(items, itemTable(ps, training), SparseFormat.DENSE)
                .head();
        x = Dropout.dropout(x, dropout, training).head();
        // (B, T, D) -> (B, T, D) states
        NDArray states = lstm.forward(ps, new NDList(x), training).head();
        // (T, T) + (B, 1, 1, T) -> (B, 1, T, T)
        NDArray mask = Masks.combine(Masks.causal(m, t), Masks.keyPadding(items).expandDims(1));
        NDList attended = attention.forward(ps, new NDList(states, states, states, mask), training);
        NDArray y = Dropout.dropout(attended.get(0), dropout, training).head();
        NDArray h = norm.forward(ps, new NDList(states.add(y)), training).head();
        return new NDList(h, attended.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1), dim)};
    }
}
