package io.attnrec.core.baselines.bpr;

import io.attnrec.core.baselines.ValidationMetric;
import io.attnrec.core.model.ConfiguredProvider;
import io.attnrec.core.model.Increment;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.WarmStartable;

/** Registers {@link BprModel} as {@code bpr}. */
public final class BprProvider extends ConfiguredProvider<BprConfig> implements WarmStartable {

    public BprProvider() {
        super(
                BprModel.NAME,
                "BPR-MF: matrix factorisation trained with the pairwise BPR loss and uniform negative sampling",
                BprConfig::from,
                (data, config, seed) -> BprModel.train(data, config, seed, ValidationMetric.ndcgAt10(data)),
                BprModel::load);
    }

    /** Grows the user and item tables and continues on the recent and replayed users. */
    @Override
    public Recommender warmStart(Recommender parent, Increment increment, ModelOptions options, long seed) {
        if (!(parent instanceof BprModel p)) {
            throw new IllegalArgumentException("cannot warm-start a 'bpr' model from a '" + parent.name() + "' model");
        }
        BprConfig config = config(options);
        int epochs = increment.config().epochs() > 0 ? increment.config().epochs() : config.epochs();
        if (!increment.config().fineTune()) {
            epochs = 0;
        }
        return BprTrainer.warmStart(
                p, increment, config, epochs, seed, ValidationMetric.ndcgAt10(increment.fineTune()));
    }
}
