package io.attnrec.core.baselines.categorypop;

import io.attnrec.core.model.ConfiguredProvider;
import io.attnrec.core.model.ModelOptions;

/** Registers {@link CategoryPopModel} as {@code category-pop}; it takes no options. */
public final class CategoryPopProvider extends ConfiguredProvider<ModelOptions> {

    public CategoryPopProvider() {
        super(
                CategoryPopModel.NAME,
                "Popularity within the user's most frequent categories (cold-start baseline; needs item categories)",
                CategoryPopProvider::none,
                (data, options, seed) -> CategoryPopModel.train(data, options),
                CategoryPopModel::load);
    }

    /** Refuses every option: the model has no settings. */
    private static ModelOptions none(ModelOptions options) {
        options.requireAllUsed();
        return options;
    }
}
