package io.attnrec.nn.gru4rec;

import ai.djl.ndarray.NDManager;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.Djl;
import io.attnrec.nn.seq.SequenceRecommender;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * GRU4Rec (Hidasi et al., ICLR 2016) as a recurrent baseline: a GRU reads the history, its last
 * output scores every item by dot product with the tied item embeddings. Differs from the paper
 * in training: whole user sequences with a loss at every position (default full cross-entropy),
 * as in Klenitskiy and Vasilev's comparison, instead of session-parallel mini-batches with
 * BPR-max.
 */
public final class Gru4Rec extends SequenceRecommender {

    /** Registered model name. */
    public static final String NAME = "gru4rec";

    private final Gru4RecConfig config;

    private Gru4Rec(NDManager manager, Gru4RecNetwork network, Gru4RecConfig config) {
        super(NAME, manager, network);
        this.config = config;
    }

    /** A new model with random weights from the engine's (seeded) generator. */
    public static Gru4Rec create(Gru4RecConfig config, int numItems) {
        if (numItems < 1) {
            throw new IllegalArgumentException("a model needs at least one item");
        }
        NDManager manager = Djl.newManager();
        Gru4RecNetwork network = new Gru4RecNetwork(numItems, config);
        Djl.noGrad();
        network.initializeFresh(manager);
        return new Gru4Rec(manager, network, config);
    }

    /** Reads a model written by {@link #save}. */
    public static Gru4Rec load(Path dir) throws IOException {
        Manifest manifest = readManifest(dir, NAME);
        Gru4RecConfig config = Gru4RecConfig.parse(new ModelOptions(manifest.options()));
        NDManager manager = Djl.newManager();
        Gru4RecNetwork network = new Gru4RecNetwork(manifest.numItems(), config);
        try {
            readWeights(dir, network, manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
        return new Gru4Rec(manager, network, config);
    }

    public Gru4RecConfig config() {
        return config;
    }

    @Override
    protected Map<String, String> options() {
        return config.toOptions();
    }
}
