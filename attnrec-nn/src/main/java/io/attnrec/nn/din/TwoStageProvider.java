package io.attnrec.nn.din;

import ai.djl.ndarray.NDManager;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.nn.Djl;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Registers {@link TwoStageDin} as {@code din-rerank}: {@code
 * din-rerank:first=sasrec,candidates=100,sasrec.epochs=50}, or with a first stage trained earlier,
 * {@code din-rerank:first=saved,saved.dir=DIR}. Options: {@link TwoStageConfig}.
 */
public final class TwoStageProvider implements ModelProvider {

    @Override
    public String name() {
        return TwoStageDin.NAME;
    }

    @Override
    public String description() {
        return "DIN trained as a second stage on the first stage's own top candidates (first=MODEL), its score as a"
                + " feature";
    }

    @Override
    public void checkOptions(ModelOptions options) {
        TwoStageConfig config = TwoStageConfig.parse(options);
        Models.require(config.first().model()).checkOptions(config.first().modelOptions());
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        TwoStageConfig config = TwoStageConfig.parse(options);
        // refuse leaking data before the (possibly long) first-stage training
        TwoStageTrainer.checkNoLeak(data);
        Recommender first = Models.require(config.first().model())
                .train(data, config.first().modelOptions(), seed);
        NDManager manager = Djl.newManager();
        try {
            Djl.seed(seed);
            DinNetwork network = TwoStageDin.freshNetwork(manager, config, data.numItems());
            new TwoStageTrainer(config).fit(first, manager, network, data, seed);
            return new TwoStageDin(first, manager, network, config);
        } catch (RuntimeException e) {
            manager.close();
            if (first instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // already failing; the training error is the one to report
                }
            }
            throw e;
        }
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return TwoStageDin.load(dir);
    }
}
