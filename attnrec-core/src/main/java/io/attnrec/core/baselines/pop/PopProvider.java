package io.attnrec.core.baselines.pop;

import io.attnrec.core.model.ConfiguredProvider;

/** Registers {@link PopModel} as {@code pop}. */
public final class PopProvider extends ConfiguredProvider<PopConfig> {

    public PopProvider() {
        super(
                PopModel.NAME,
                "Most popular items by training interaction count (no personalisation)",
                PopConfig::from,
                (data, config, seed) -> PopModel.train(data, config),
                PopModel::load);
    }
}
