package io.attnrec.core.baselines.itemknn;

import io.attnrec.core.model.ConfiguredProvider;

/** Registers {@link ItemKnnModel} as {@code itemknn}. */
public final class ItemKnnProvider extends ConfiguredProvider<ItemKnnConfig> {

    public ItemKnnProvider() {
        super(
                ItemKnnModel.NAME,
                "Item-based k-nearest neighbours with shrunk cosine similarity over co-occurrence",
                ItemKnnConfig::from,
                (data, config, seed) -> ItemKnnModel.train(data, config),
                ItemKnnModel::load);
    }
}
