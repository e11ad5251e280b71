package io.attnrec.serve.testmodels;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@link CoocModel} for the serve tests only (test resources' services file). */
public final class CoocProvider implements ModelProvider {

    @Override
    public String name() {
        return CoocModel.NAME;
    }

    @Override
    public String description() {
        return "test model: recency-weighted item co-occurrence";
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        options.requireAllUsed();
        return CoocModel.train(data.numItems(), data.sequences());
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return CoocModel.read(dir);
    }
}
