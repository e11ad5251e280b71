package io.attnrec.nn.glocal;

import io.attnrec.core.model.ConfiguredProvider;

/** Registers {@link GlocalK} as {@code glocal-k}; options in {@link GlocalKConfig}. */
public final class GlocalKProvider extends ConfiguredProvider<GlocalKConfig> {

    public GlocalKProvider() {
        super(
                GlocalK.NAME,
                "GLocal-K: kernelised item autoencoder with a global convolution kernel, for explicit ratings (L-BFGS)",
                GlocalKConfig::parse,
                GlocalK::train,
                GlocalK::load);
    }
}
