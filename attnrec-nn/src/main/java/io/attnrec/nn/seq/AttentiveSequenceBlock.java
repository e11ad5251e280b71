package io.attnrec.nn.seq;

/**
 * A sequential network whose {@code encode} returns the last attention layer's weights after the
 * hidden states (SASRec, LSTM + attention): its model explains a recommendation by them ({@link
 * AttentiveSequenceRecommender}).
 */
public abstract class AttentiveSequenceBlock extends SequenceBlock {

    /** As {@link SequenceBlock}'s, with {@code capacity - numItems} spare rows in the item table. */
    protected AttentiveSequenceBlock(byte version, int numItems, int capacity, int maxLen, int dim, double dropout) {
        super(version, numItems, capacity, maxLen, dim, dropout);
    }

    /** The last block's attention weights follow the hidden states. */
    @Override
    public final boolean attends() {
        return true;
    }
}
