package io.attnrec.core.rating;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@link RatingBlend} as {@code rating-blend}. */
public final class RatingBlendProvider implements ModelProvider {

    @Override
    public String name() {
        return RatingBlend.NAME;
    }

    @Override
    public String description() {
        return "linear blend of rating models (default attn-rating, svdpp, biasedmf), weights fitted on held-out"
                + " training ratings";
    }

    @Override
    public void checkOptions(ModelOptions options) {
        RatingBlendConfig c = RatingBlendConfig.from(options);
        for (String m : c.members()) {
            Models.require(m).checkOptions(new ModelOptions(c.memberOptions(m)));
        }
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        return RatingBlend.train(data, RatingBlendConfig.from(options), seed);
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return RatingBlend.load(dir);
    }
}
