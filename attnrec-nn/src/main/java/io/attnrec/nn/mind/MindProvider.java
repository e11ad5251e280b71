package io.attnrec.nn.mind;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.nn.Djl;
import io.attnrec.nn.multi.MultiInterestModels;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@link Mind} as {@code comirec-sa}. Options: see {@link MindConfig}. */
public final class MindProvider implements ModelProvider {

    @Override
    public String name() {
        return Mind.NAME;
    }

    @Override
    public String description() {
        return "MIND: behaviour-to-interest capsule routing, dynamic interest count, label-aware attention";
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        MindConfig config = MindConfig.parse(options);
        Djl.seed(seed);
        return MultiInterestModels.fit(
                Mind.create(config, data.numItems(), MultiInterestModels.content(config.common(), data)),
                config.common().train(),
                data,
                seed);
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return Mind.load(dir);
    }
}
