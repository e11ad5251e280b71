package io.attnrec.core.baselines.itemknn;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@link ItemKnnModel} as {@code itemknn}. */
public final class ItemKnnProvider implements ModelProvider {

    @Override
    public String name() {
        return ItemKnnModel.NAME;
    }

    @Override
    public String description() {
        return "Item-based k-nearest neighbours with shrunk cosine similarity over co-occurrence";
    }

    @Override
    public void checkOptions(ModelOptions options) {
        ItemKnnConfig.from(options);
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        return ItemKnnModel.train(data, ItemKnnConfig.from(options));
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return ItemKnnModel.load(dir);
    }
}
