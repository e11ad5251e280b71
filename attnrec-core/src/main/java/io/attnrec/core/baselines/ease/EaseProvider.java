package io.attnrec.core.baselines.ease;

import io.attnrec.core.baselines.ValidationMetric;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@link EaseModel} as {@code ease}. */
public final class EaseProvider implements ModelProvider {

    @Override
    public String name() {
        return EaseModel.NAME;
    }

    @Override
    public String description() {
        return "EASE closed-form item-item autoencoder (Steck 2019) on the most popular items, lambda tuned on validation";
    }

    @Override
    public void checkOptions(ModelOptions options) {
        EaseConfig.from(options);
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        EaseConfig config = EaseConfig.from(options);
        return EaseModel.train(data, config, ValidationMetric.ndcgAt10(data));
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return EaseModel.load(dir);
    }
}
