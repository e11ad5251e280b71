package io.attnrec.nn.din;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.nn.Djl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Registers {@link Din} as {@code din}. Options: {@link DinConfig}; with {@code rerank=MODEL} (see
 * {@link RerankConfig}) the named model is trained first on the same data and seed and DIN
 * re-ranks its top {@code candidates} ({@link DinReranker}), e.g. {@code
 * din:rerank=sasrec,candidates=100,sasrec.epochs=50}.
 */
public final class DinProvider implements ModelProvider {

    @Override
    public String name() {
        return Din.NAME;
    }

    @Override
    public String description() {
        return "DIN: target attention over the history per candidate; rerank=MODEL re-ranks that model's top candidates";
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        DinConfig config = DinConfig.read(options);
        Optional<RerankConfig> rerank = RerankConfig.read(options);
        options.requireAllUsed();
        Recommender base = null;
        if (rerank.isPresent()) {
            base = Models.require(rerank.get().base()).train(data, rerank.get().baseModelOptions(), seed);
        }
        Djl.seed(seed);
        Din din = Din.create(config, data.numItems());
        try {
            new DinTrainer(config).fit(din, data, seed);
        } catch (RuntimeException e) {
            din.close();
            closeQuietly(base);
            throw e;
        }
        return base == null ? din : new DinReranker(base, din, rerank.get().candidates());
    }

    private static void closeQuietly(Recommender r) {
        if (r instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already failing; the training error is the one to report
            }
        }
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return DinReranker.isSavedIn(dir) ? DinReranker.load(dir) : Din.load(dir);
    }
}
