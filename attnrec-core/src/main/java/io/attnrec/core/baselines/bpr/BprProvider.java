package io.attnrec.core.baselines.bpr;

import io.attnrec.core.baselines.ValidationMetric;
import io.attnrec.core.model.Increment;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.model.WarmStartable;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@link BprModel} as {@code bpr}. */
public final class BprProvider implements ModelProvider, WarmStartable {

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

    /** Grows the user and item tables and continues on the recent and replayed users. */
    @Override
    public Recommender warmStart(Recommender parent, Increment increment, ModelOptions options, long seed) {
        if (!(parent instanceof BprModel p)) {
            throw new IllegalArgumentException("cannot warm-start a 'bpr' model from a '" + parent.name() + "' model");
        }
        BprConfig config = BprConfig.from(options);
        int epochs = increment.config().epochs() > 0 ? increment.config().epochs() : config.epochs();
        if (!increment.config().fineTune()) {
            epochs = 0;
        }
        return BprTrainer.warmStart(
                p, increment, config, epochs, seed, ValidationMetric.ndcgAt10(increment.fineTune()));
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return BprModel.load(dir);
    }
}
