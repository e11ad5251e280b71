package io.attnrec.core.fusion;

import io.attnrec.core.model.ConfiguredProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;

/**
 * Registers {@link FusionModel} as {@code fusion}, e.g. {@code fusion:models=ease+itemknn,ease.lambda=200}.
 * After training it writes the validation outcome (weights, best member, whether the blend beats
 * it) as one line to standard error, where the CLI's progress goes; {@link FusionModel#tuning()}
 * has the same in numbers.
 */
public final class FusionProvider extends ConfiguredProvider<FusionConfig> {

    public FusionProvider() {
        super(
                FusionModel.NAME,
                "Blend of several models' normalised scores, weights chosen on validation NDCG@10 (models=a+b)",
                FusionConfig::from,
                FusionProvider::trainAndReport,
                FusionModel::load);
    }

    private static Recommender trainAndReport(TrainingData data, FusionConfig config, long seed) {
        FusionModel m = FusionTrainer.train(data, config, seed);
        System.err.println("attnrec: fusion " + String.join("+", m.tuning().members()) + ": "
                + m.tuning().summary());
        return m;
    }
}
