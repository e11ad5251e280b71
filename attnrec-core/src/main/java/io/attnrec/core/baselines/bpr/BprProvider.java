package io.attnrec.core.baselines.bpr;

import io.attnrec.core.baselines.ValidationMetric;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@link BprModel} as {@code bpr}. */
public final class BprProvider implements ModelProvider {

    @Override
    public String name() {
        return BprModel.NAME;
    }

    @Override
    public String description() {
        return "BPR-MF: matrix factorisation trained with the pairwise BPR loss and uniform negative sampling";
    }

    @Override
    public void checkOptions(ModelOptions options) {
        BprConfig.from(options);
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        BprConfig config = BprConfig.from(options);
        return BprModel.train(data, config, seed, ValidationMetric.ndcgAt10(data));
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return BprModel.load(dir);
    }
}
