package io.attnrec.core.rating;

import io.attnrec.core.model.ConfiguredProvider;

/** Registers {@link KnnBaseline} as {@code knn-baseline}. */
public final class KnnBaselineProvider extends ConfiguredProvider<KnnBaselineConfig> {

    public KnnBaselineProvider() {
        super(
                KnnBaseline.NAME,
                "item-kNN on baseline residuals (Koren 2008): shrunk Pearson similarity, k nearest rated items",
                KnnBaselineConfig::from,
                KnnBaseline::train,
                KnnBaseline::load);
    }
}
