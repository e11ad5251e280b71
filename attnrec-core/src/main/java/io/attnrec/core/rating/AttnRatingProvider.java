package io.attnrec.core.rating;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@link AttnRating} as {@code attn-rating}. */
public final class AttnRatingProvider implements ModelProvider {

    @Override
    public String name() {
        return AttnRating.NAME;
    }

    @Override
    public String description() {
        return "Rating prediction with target-dependent attention over the user's rated history (MSE, SGD)";
    }

    @Override
    public void checkOptions(ModelOptions options) {
        AttnRatingConfig.from(options);
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        return AttnRating.train(data, AttnRatingConfig.from(options), seed);
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return AttnRating.load(dir);
    }
}
