package io.attnrec.core.baselines.pop;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@link PopModel} as {@code pop}. */
public final class PopProvider implements ModelProvider {

    @Override
    public String name() {
        return PopModel.NAME;
    }

    @Override
    public String description() {
        return "Most popular items by training interaction count (no personalisation)";
    }

    @Override
    public void checkOptions(ModelOptions options) {
        PopConfig.from(options);
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        return PopModel.train(data, PopConfig.from(options));
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return PopModel.load(dir);
    }
}
