package io.attnrec.nn.sasrec;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.nn.Djl;
import io.attnrec.nn.content.ItemContent;
import io.attnrec.nn.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@link SasRec} as {@code sasrec}. Options: see {@link SasRecConfig}. */
public final class SasRecProvider implements ModelProvider {

    @Override
    public String name() {
        return SasRec.NAME;
    }

    @Override
    public String description() {
        return "SASRec: causal self-attention over the item sequence (losses ce, bce, sampled, gbce)";
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        SasRecConfig config = SasRecConfig.parse(options);
        Djl.seed(seed);
        ItemContent content = config.content().enabled() ? ItemContent.build(data, config.content()) : null;
        SasRec model = SasRec.create(config, data.numItems(), content);
        try {
            new Trainer(config.train()).fit(model, data, seed);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return SasRec.load(dir);
    }
}
