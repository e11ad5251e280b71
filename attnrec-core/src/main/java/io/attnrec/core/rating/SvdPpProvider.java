package io.attnrec.core.rating;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@link SvdPp} as {@code svdpp}. */
public final class SvdPpProvider implements ModelProvider {

    @Override
    public String name() {
        return SvdPp.NAME;
    }

    @Override
    public String description() {
        return "SVD++ (Koren 2008): biased MF plus implicit feedback of the rated items, for explicit ratings";
    }

    @Override
    public void checkOptions(ModelOptions options) {
        SvdPpConfig.from(options);
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        return SvdPp.train(data, SvdPpConfig.from(options), seed);
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return SvdPp.load(dir);
    }
}
