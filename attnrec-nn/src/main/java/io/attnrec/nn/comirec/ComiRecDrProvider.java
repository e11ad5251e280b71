package io.attnrec.nn.comirec;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.nn.Djl;
import io.attnrec.nn.multi.MultiInterestModels;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@link ComiRecDr} as {@code comirec-dr}. Options: see {@link ComiRecDrConfig}. */
public final class ComiRecDrProvider implements ModelProvider {

    @Override
    public String name() {
        return ComiRecDr.NAME;
    }

    @Override
    public String description() {
        return "ComiRec-DR: capsule dynamic routing gives K interests; diversity-controlled retrieval";
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        ComiRecDrConfig config = ComiRecDrConfig.parse(options);
        Djl.seed(seed);
        return MultiInterestModels.fit(
                ComiRecDr.create(config, data.numItems(), MultiInterestModels.content(config.common(), data)),
                config.common().train(),
                data,
                seed);
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return ComiRecDr.load(dir);
    }
}
