package io.attnrec.nn.din;

import io.attnrec.core.model.Increment;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.model.WarmStartable;
import io.attnrec.nn.Djl;
import io.attnrec.nn.model.GrownWeights;
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
public final class DinProvider implements ModelProvider, WarmStartable {

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

    /**
     * Grows a stand-alone DIN to the increment's items (weights kept, new rows from their known
     * neighbours, see {@code GrownWeights}) and fine-tunes it on the recent and replayed users. A
     * DIN that re-ranks a base model is refused: its base would have to grow with it.
     */
    @Override
    public Recommender warmStart(Recommender parent, Increment increment, ModelOptions options, long seed) {
        if (!(parent instanceof Din d)) {
            throw new IllegalArgumentException("cannot warm-start a '" + parent.name() + "' model as din"
                    + (parent instanceof DinReranker ? " (a re-ranking DIN is trained again instead)" : ""));
        }
        DinConfig config = DinConfig.read(options);
        options.requireAllUsed();
        if (increment.config().epochs() > 0) {
            config = new DinConfig(
                    config.maxLen(),
                    config.dim(),
                    config.attentionHidden(),
                    config.mlpHidden(),
                    config.positions(),
                    config.valNegatives(),
                    config.train().withEpochs(increment.config().epochs()));
        }
        Djl.seed(seed);
        int items = increment.all().numItems();
        Din din = Din.create(config, items);
        try {
            GrownWeights.copy(d.network(), din.network(), increment.parentItems(), false);
            GrownWeights.initNewRows(
                    din.network(),
                    increment.parentItems(),
                    items,
                    increment.fineTune().sequences(),
                    increment.all().sequences(),
                    increment.config().newItemInit());
            if (increment.config().fineTune()) {
                new DinTrainer(config).fit(din, increment.fineTune(), seed);
            }
        } catch (RuntimeException e) {
            din.close();
            throw e;
        }
        return din;
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
