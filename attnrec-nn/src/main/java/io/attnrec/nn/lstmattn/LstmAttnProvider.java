package io.attnrec.nn.lstmattn;

import io.attnrec.nn.seq.SequenceProvider;

/**
 * LSTM + attention sequential recommender ({@link LstmAttnNetwork}): an LSTM encodes the history
 * and causal multi-head attention over its states forms the user vector. Explanations are the
 * newest position's attention weights over the history, averaged over heads. Options: {@link
 * LstmAttnConfig}.
 */
public final class LstmAttnProvider extends SequenceProvider<LstmAttnConfig> {

    /** Registered model name. */
    public static final String NAME = "lstm-attn";

    /** Its line in {@code --help}. */
    private static final String DESCRIPTION =
            "LSTM + attention: an LSTM encoder with causal multi-head attention over its states";

    public LstmAttnProvider() {
        super(NAME, DESCRIPTION, LstmAttnConfig::parse, plain(LstmAttnNetwork::new));
    }
}
