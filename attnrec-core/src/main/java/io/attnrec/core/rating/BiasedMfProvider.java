package io.attnrec.core.rating;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@link BiasedMf} as {@code biasedmf}. */
public final class BiasedMfProvider implements ModelProvider {

    @Override
    public String name() {
        return BiasedMf.NAME;
    }

    @Override
    public String description() {
        return "Biased matrix factorisation for explicit ratings (SGD, early stopping on held-out ratings)";
    }

    @Override
    public void checkOptions(ModelOptions options) {
        BiasedMfConfig.from(options);
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        return BiasedMf.train(data, BiasedMfConfig.from(options), seed);
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return BiasedMf.load(dir);
    }
}
