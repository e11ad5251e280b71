package io.attnrec.nn.sasrec;

import io.attnrec.nn.seq.SequenceProvider;

/**
 * SASRec, self-attentive sequential recommendation (Kang and McAuley, ICDM 2018), with the
 * losses of {@link io.attnrec.nn.train.LossKind}: the paper's BCE with one negative, full
 * cross-entropy ("SASRec+", Klenitskiy and Vasilev, RecSys 2023), sampled softmax and gSASRec's
 * gBCE (Petrov and Macdonald, RecSys 2023). The network is {@link SasRecNetwork}; options are
 * {@link SasRecConfig}.
 *
 * <p>A user's score vector is the newest position's hidden state times the item table. The
 * explanation of a recommendation is that position's attention over the history in the last
 * block, averaged over heads. With {@code content=true} the item table adds a projection of the
 * items' metadata to their ID embeddings, and items never seen in training are scored from their
 * metadata alone ({@link io.attnrec.nn.content.ContentEmbedding}); the features are saved with
 * the model.
 */
public final class SasRecProvider extends SequenceProvider<SasRecConfig> {

    /** Registered model name. */
    public static final String NAME = "sasrec";

    /** Its line in {@code --help}. */
    private static final String DESCRIPTION =
            "SASRec: causal self-attention over the item sequence (losses ce, bce, sampled, gbce)";

    public SasRecProvider() {
        super(NAME, DESCRIPTION, SasRecConfig::parse, SasRecNetwork::new);
    }
}
