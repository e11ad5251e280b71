package io.attnrec.core.baselines.ease;

import io.attnrec.core.baselines.ValidationMetric;
import io.attnrec.core.model.ConfiguredProvider;

/** Registers {@link EaseModel} as {@code ease}. */
public final class EaseProvider extends ConfiguredProvider<EaseConfig> {

    public EaseProvider() {
        super(
                EaseModel.NAME,
                "EASE closed-form item-item autoencoder (Steck 2019) on the most popular items, lambda tuned on validation",
                EaseConfig::from,
                (data, config, seed) -> EaseModel.train(data, config, ValidationMetric.ndcgAt10(data)),
                EaseModel::load);
    }
}
