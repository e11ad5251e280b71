package io.attnrec.nn.comirec;

import ai.djl.ndarray.NDManager;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.Djl;
import io.attnrec.nn.content.ItemContent;
import io.attnrec.nn.multi.MultiInterestModels;
import io.attnrec.nn.multi.MultiInterestRecommender;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * ComiRec-SA (Cen et al., "Controllable Multi-Interest Framework for Recommendation", KDD 2020):
 * K self-attention heads over the history give K interest vectors; an item scores by its best
 * interest; training reads out the interest closest to the target. Registered as {@code
 * comirec-sa}; options in {@link ComiRecSaConfig}.
 */
public final class ComiRecSa extends MultiInterestRecommender {

    public static final String NAME = "comirec-sa";

    private final ComiRecSaConfig config;

    private ComiRecSa(NDManager manager, ComiRecSaNetwork network, ComiRecSaConfig config) {
        super(NAME, manager, network, config.common().retrieval());
        this.config = config;
    }

    /** A fresh model; seed the engine ({@link Djl#seed}) first for reproducible weights. */
    public static ComiRecSa create(ComiRecSaConfig config, int numItems) {
        return create(config, numItems, null);
    }

    /**
     * A fresh model whose item table includes {@code content} (required exactly when content is
     * on: {@link MultiInterestModels#content}).
     */
    public static ComiRecSa create(ComiRecSaConfig config, int numItems, ItemContent content) {
        if (numItems < 1) {
            throw new IllegalArgumentException("a model needs at least one item");
        }
        NDManager manager = Djl.newManager();
        ComiRecSaNetwork network = new ComiRecSaNetwork(numItems, config, content);
        Djl.noGrad();
        network.initializeFresh(manager);
        return new ComiRecSa(manager, network, config);
    }

    /** Reads a model written by {@link #save}. */
    public static ComiRecSa load(Path dir) throws IOException {
        Manifest manifest = readManifest(dir, NAME);
        ComiRecSaConfig config = ComiRecSaConfig.parse(new ModelOptions(manifest.options()));
        ItemContent content = MultiInterestModels.readContent(dir, config.common(), manifest.numItems());
        NDManager manager = Djl.newManager();
        ComiRecSa model = new ComiRecSa(manager, new ComiRecSaNetwork(manifest.numItems(), config, content), config);
        try {
            readState(dir, model, manifest);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    public ComiRecSaConfig config() {
        return config;
    }

    @Override
    protected Map<String, String> options() {
        return config.toOptions();
    }
}
