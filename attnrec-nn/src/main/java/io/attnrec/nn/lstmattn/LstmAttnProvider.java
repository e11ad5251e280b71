package io.attnrec.nn.lstmattn;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.nn.Djl;
import io.attnrec.nn.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@link LstmAttn} as {@code lstm-attn}. Options: see {@link LstmAttnConfig}. */
public final class LstmAttnProvider implements ModelProvider {

    @Override
    public String name() {
        return LstmAttn.NAME;
    }

    @Override
    public String description() {
        return "LSTM + attention: an LSTM encoder with causal multi-head attention over its states";
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        LstmAttnConfig config = LstmAttnConfig.parse(options);
        Djl.seed(seed);
        LstmAttn model = LstmAttn.create(config, data.numItems());
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
        return LstmAttn.load(dir);
    }
}
