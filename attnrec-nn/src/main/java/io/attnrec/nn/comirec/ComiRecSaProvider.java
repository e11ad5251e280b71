package io.attnrec.nn.comirec;

import io.attnrec.nn.multi.MultiInterestProvider;

/**
 * ComiRec-SA (Cen et al., "Controllable Multi-Interest Framework for Recommendation", KDD 2020):
 * K self-attention heads over the history give K interest vectors; an item scores by its best
 * interest; training reads out the interest closest to the target. Registered as {@code
 * comirec-sa}; options in {@link ComiRecSaConfig}.
 */
public final class ComiRecSaProvider extends MultiInterestProvider<ComiRecSaConfig> {

    /** Registered model name. */
    public static final String NAME = "comirec-sa";

    /** Its line in {@code --help}. */
    private static final String DESCRIPTION = "ComiRec-SA: K interests from self-attention heads; diverse retrieval";

    public ComiRecSaProvider() {
        super(NAME, DESCRIPTION, ComiRecSaConfig::parse, ComiRecSaConfig::common, ComiRecSaNetwork::new);
    }
}
