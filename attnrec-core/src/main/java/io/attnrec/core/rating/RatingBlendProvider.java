package io.attnrec.core.rating;

import io.attnrec.core.model.ConfiguredProvider;
import io.attnrec.core.model.MemberCopies;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;

/** Registers {@link RatingBlend} as {@code rating-blend}. */
public final class RatingBlendProvider extends ConfiguredProvider<RatingBlendConfig> {

    public RatingBlendProvider() {
        super(
                RatingBlend.NAME,
                "linear blend of rating models (default attn-rating and autorec, weights varying with user and item"
                        + " support), fitted on held-out training ratings",
                RatingBlendConfig::from,
                RatingBlend::train,
                RatingBlend::load);
    }

    /** Also checks each member's own options. */
    @Override
    public void checkOptions(ModelOptions options) {
        RatingBlendConfig c = config(options);
        for (String m : c.members()) {
            Models.require(MemberCopies.model(m)).checkOptions(new ModelOptions(c.memberOptions(m)));
        }
    }
}
