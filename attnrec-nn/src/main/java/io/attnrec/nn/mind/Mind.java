package io.attnrec.nn.mind;

import ai.djl.ndarray.NDManager;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.Djl;
import io.attnrec.nn.content.ItemContent;
import io.attnrec.nn.multi.MultiInterestModels;
import io.attnrec.nn.multi.MultiInterestRecommender;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * MIND (Li et al., "Multi-Interest Network with Dynamic Routing for Recommendation at Tmall",
 * CIKM 2019): behaviour-to-interest dynamic routing with a shared bilinear map, a dynamic number
 * of interests from the history length, and label-aware attention in training. Registered as
 * {@code mind}; options in {@link MindConfig}; the network is described in {@link MindNetwork}.
 */
public final class Mind extends MultiInterestRecommender {

    public static final String NAME = "mind";

    private final MindConfig config;

    private Mind(NDManager manager, MindNetwork network, MindConfig config) {
        super(NAME, manager, network, config.common().retrieval());
        this.config = config;
    }

    /** A fresh model; seed the engine ({@link Djl#seed}) first for reproducible weights. */
    public static Mind create(MindConfig config, int numItems) {
        return create(config, numItems, null);
    }

    /**
     * A fresh model whose item table includes {@code content} (required exactly when content is
     * on: {@link MultiInterestModels#content}).
     */
    public static Mind create(MindConfig config, int numItems, ItemContent content) {
        if (numItems < 1) {
            throw new IllegalArgumentException("a model needs at least one item");
        }
        NDManager manager = Djl.newManager();
        MindNetwork network = new MindNetwork(numItems, config, content);
        Djl.noGrad();
        network.initializeFresh(manager);
        return new Mind(manager, network, config);
    }

    /** Reads a model written by {@link #save}. */
    public static Mind load(Path dir) throws IOException {
        Manifest manifest = readManifest(dir, NAME);
        Map<String, String> options = new HashMap<>(manifest.options());
        // models saved before the option existed were built with the ReLU layer
        options.putIfAbsent("relu", "true");
        MindConfig config = MindConfig.parse(new ModelOptions(options));
        ItemContent content = MultiInterestModels.readContent(dir, config.common(), manifest.numItems());
        NDManager manager = Djl.newManager();
        Mind model = new Mind(manager, new MindNetwork(manifest.numItems(), config, content), config);
        try {
            readState(dir, model, manifest);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    public MindConfig config() {
        return config;
    }

    @Override
    protected Map<String, String> options() {
        return config.toOptions();
    }
}
