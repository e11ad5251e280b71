package io.attnrec.nn.comirec;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.nn.Djl;
import io.attnrec.nn.multi.MultiInterestModels;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@link ComiRecSa} as {@code comirec-sa}. Options: see {@link ComiRecSaConfig}. */
public final class ComiRecSaProvider implements ModelProvider {

    @Override
    public String name() {
        return ComiRecSa.NAME;
    }

    @Override
    public String description() {
        return "ComiRec-SA: K self-attention heads give K interests; diversity-controlled retrieval";
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        ComiRecSaConfig config = ComiRecSaConfig.parse(options);
        Djl.seed(seed);
        return MultiInterestModels.fit(
                ComiRecSa.create(config, data.numItems(), MultiInterestModels.content(config.common(), data)),
                config.common().train(),
                data,
                seed);
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return ComiRecSa.load(dir);
    }
}
