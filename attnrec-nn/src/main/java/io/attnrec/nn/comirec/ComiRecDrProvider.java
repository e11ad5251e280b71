package io.attnrec.nn.comirec;

import io.attnrec.nn.multi.MultiInterestProvider;

/**
 * ComiRec-DR (Cen et al., "Controllable Multi-Interest Framework for Recommendation", KDD 2020):
 * a capsule network routes the history items dynamically into K interest capsules; an item scores by its best
 * interest; training reads out the interest closest to the target. Registered as {@code
 * comirec-dr}; options in {@link ComiRecDrConfig}.
 */
public final class ComiRecDrProvider extends MultiInterestProvider<ComiRecDrConfig> {

    /** Registered model name. */
    public static final String NAME = "comirec-dr";

    /** Its line in {@code --help}. */
    private static final String DESCRIPTION = "ComiRec-DR: K interests from capsule dynamic routing; diverse retrieval";

    public ComiRecDrProvider() {
        super(NAME, DESCRIPTION, ComiRecDrConfig::parse, ComiRecDrConfig::common, ComiRecDrNetwork::new);
    }
}
