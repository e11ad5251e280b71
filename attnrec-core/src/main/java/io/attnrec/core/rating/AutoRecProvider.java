package io.attnrec.core.rating;

import io.attnrec.core.model.ConfiguredProvider;

/** Registers {@link AutoRec} as {@code autorec}. */
public final class AutoRecProvider extends ConfiguredProvider<AutoRecConfig> {

    public AutoRecProvider() {
        super(
                AutoRec.NAME,
                "I-AutoRec: item-based autoencoder for explicit ratings (Adam, early stopping on held-out ratings)",
                AutoRecConfig::from,
                AutoRec::train,
                AutoRec::load);
    }
}
