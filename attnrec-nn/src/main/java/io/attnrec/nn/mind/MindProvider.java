package io.attnrec.nn.mind;

import io.attnrec.nn.multi.MultiInterestProvider;

/**
 * MIND (Li et al., "Multi-Interest Network with Dynamic Routing for Recommendation at Tmall",
 * CIKM 2019): behaviour-to-interest dynamic routing with a shared bilinear map, a dynamic number
 * of interests from the history length, and label-aware attention in training. Registered as
 * {@code mind}; options in {@link MindConfig}; the network is described in {@link MindNetwork}.
 */
public final class MindProvider extends MultiInterestProvider<MindConfig> {

    /** Registered model name. */
    public static final String NAME = "mind";

    /** Its line in {@code --help}. */
    private static final String DESCRIPTION = "MIND: dynamic capsule routing to 1..K interests, label-aware attention";

    public MindProvider() {
        super(NAME, DESCRIPTION, MindConfig::parse, MindConfig::common, MindNetwork::new);
    }
}
