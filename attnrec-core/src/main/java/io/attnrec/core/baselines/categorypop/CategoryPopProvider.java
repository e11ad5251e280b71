package io.attnrec.core.baselines.categorypop;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@link CategoryPopModel} as {@code category-pop}. */
public final class CategoryPopProvider implements ModelProvider {

    @Override
    public String name() {
        return CategoryPopModel.NAME;
    }

    @Override
    public String description() {
        return "Popularity within the user's most frequent categories (cold-start baseline; needs item categories)";
    }

    @Override
    public void checkOptions(ModelOptions options) {
        options.requireAllUsed();
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        return CategoryPopModel.train(data, options);
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return CategoryPopModel.load(dir);
    }
}
