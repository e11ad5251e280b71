package io.attnrec.core.rating;

import io.attnrec.core.model.ConfiguredProvider;

/** Registers {@link AttnRating} as {@code attn-rating}. */
public final class AttnRatingProvider extends ConfiguredProvider<AttnRatingConfig> {

    public AttnRatingProvider() {
        super(
                AttnRating.NAME,
                "Rating prediction with target-dependent attention over the user's rated history (MSE, SGD)",
                AttnRatingConfig::from,
                AttnRating::train,
                AttnRating::load);
    }
}
