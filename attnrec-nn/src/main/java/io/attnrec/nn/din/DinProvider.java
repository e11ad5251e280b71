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
 * din:rerank=sasrec,candidates=100,sasrec.epochs=50}. With {@code scorer=DIR} the re-ranking DIN
 * is one saved earlier by {@code attnrec train} (checked like {@code saved:dir=DIR}) instead of a
 * fresh one, so a DIN trained once can be measured both alone and as a re-ranker.
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
    public void checkOptions(ModelOptions options) {
        DinConfig.read(options);
        Optional<RerankConfig> rerank = RerankConfig.read(options);
        String scorer = options.getString("scorer", null);
        options.requireAllUsed();
        if (scorer != null && rerank.isEmpty()) {
            throw new IllegalArgumentException("din: scorer=DIR is only used with rerank=MODEL");
        }
        if (rerank.isPresent()) {
            Models.require(rerank.get().base()).checkOptions(rerank.get().baseModelOptions());
        }
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        DinConfig config = DinConfig.read(options);
        Optional<RerankConfig> rerank = RerankConfig.read(options);
        String scorer = options.getString("scorer", null);
        options.requireAllUsed();
        if (scorer != null && rerank.isEmpty()) {
            throw new IllegalArgumentException("din: scorer=DIR is only used with rerank=MODEL");
        }
        Recommender base = null;
        if (rerank.isPresent()) {
            base = Models.require(rerank.get().base()).train(data, rerank.get().baseModelOptions(), seed);
        }
        if (scorer != null) {
            Recommender saved = Models.require("saved").train(data, ModelOptions.parsePairs("dir=" + scorer), seed);
            if (!(saved instanceof Din din)) {
                closeQuietly(saved);
                closeQuietly(base);
                throw new IllegalArgumentException("din: the model in " + scorer + " is " + saved.name() + ", not din");
            }
            return new DinReranker(base, din, rerank.get().candidates());
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
