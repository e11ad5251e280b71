package io.attnrec.nn.gru4rec;

import io.attnrec.nn.seq.SequenceProvider;

/**
 * GRU4Rec (Hidasi et al., ICLR 2016) as a recurrent baseline: a GRU reads the history, its last
 * output scores every item by dot product with the tied item embeddings. Differs from the paper
 * in training: whole user sequences with a loss at every position (default full cross-entropy),
 * as in Klenitskiy and Vasilev's comparison, instead of session-parallel mini-batches with
 * BPR-max. Options: {@link Gru4RecConfig}.
 */
public final class Gru4RecProvider extends SequenceProvider<Gru4RecConfig> {

    /** Registered model name. */
    public static final String NAME = "gru4rec";

    /** Its line in {@code --help}. */
    private static final String DESCRIPTION = "GRU4Rec: a GRU over the item sequence (recurrent baseline)";

    public Gru4RecProvider() {
        super(NAME, DESCRIPTION, Gru4RecConfig::parse, plain(Gru4RecNetwork::new));
    }
}
