package io.attnrec.core.fusion;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Registers {@link FusionModel} as {@code fusion}, e.g. {@code fusion:models=ease+itemknn,ease.lambda=200}.
 * After training it writes the validation outcome (weights, best member, whether the blend beats
 * it) as one line to standard error, where the CLI's progress goes; {@link FusionModel#tuning()}
 * has the same in numbers.
 */
public final class FusionProvider implements ModelProvider {

    @Override
    public String name() {
        return FusionModel.NAME;
    }

    @Override
    public String description() {
        return "Blend of several models' normalised scores, weights chosen on validation NDCG@10 (models=a+b)";
    }

    @Override
    public void checkOptions(ModelOptions options) {
        FusionConfig.from(options);
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        FusionModel m = FusionTrainer.train(data, FusionConfig.from(options), seed);
        System.err.println("attnrec: fusion " + String.join("+", m.tuning().members()) + ": "
                + m.tuning().summary());
        return m;
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return FusionModel.load(dir);
    }
}
