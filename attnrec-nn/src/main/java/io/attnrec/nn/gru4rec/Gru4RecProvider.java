package io.attnrec.nn.gru4rec;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.nn.Djl;
import io.attnrec.nn.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@link Gru4Rec} as {@code gru4rec}. Options: see {@link Gru4RecConfig}. */
public final class Gru4RecProvider implements ModelProvider {

    @Override
    public String name() {
        return Gru4Rec.NAME;
    }

    @Override
    public String description() {
        return "GRU4Rec: a GRU over the item sequence (recurrent baseline)";
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        Gru4RecConfig config = Gru4RecConfig.parse(options);
        Djl.seed(seed);
        Gru4Rec model = Gru4Rec.create(config, data.numItems());
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
        return Gru4Rec.load(dir);
    }
}
