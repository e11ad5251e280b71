package io.attnrec.core.rating;

import io.attnrec.core.model.ConfiguredProvider;

/** Registers {@link SvdPp} as {@code svdpp}. */
public final class SvdPpProvider extends ConfiguredProvider<SvdPpConfig> {

    public SvdPpProvider() {
        super(
                SvdPp.NAME,
                "SVD++ (Koren 2008): biased MF plus implicit feedback of the rated items, for explicit ratings",
                SvdPpConfig::from,
                SvdPp::train,
                SvdPp::load);
    }
}
