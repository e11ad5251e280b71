package io.attnrec.core.rating;

import io.attnrec.core.model.ConfiguredProvider;

/** Registers {@link BiasedMf} as {@code biasedmf}. */
public final class BiasedMfProvider extends ConfiguredProvider<BiasedMfConfig> {

    public BiasedMfProvider() {
        super(
                BiasedMf.NAME,
                "Biased matrix factorisation for explicit ratings (SGD, early stopping on held-out ratings)",
                BiasedMfConfig::from,
                BiasedMf::train,
                BiasedMf::load);
    }
}
