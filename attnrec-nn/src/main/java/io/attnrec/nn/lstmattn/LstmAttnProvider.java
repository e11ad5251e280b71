package io.attnrec.nn.lstmattn;

import io.attnrec.nn.content.ContentOptions;
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

    public LstmAttnProvider() {
        super(
                NAME,
                "LSTM + attention: an LSTM encoder with causal multi-head attention over its states",
                LstmAttnConfig::parse,
                LstmAttnConfig::toOptions,
                LstmAttnConfig::train,
                config -> ContentOptions.defaults(),
                (numItems, capacity, config, content) -> new LstmAttnNetwork(numItems, capacity, config));
    }
}
