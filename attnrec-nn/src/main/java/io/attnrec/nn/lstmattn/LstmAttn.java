package io.attnrec.nn.lstmattn;

import ai.djl.ndarray.NDManager;
import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.Djl;
import io.attnrec.nn.seq.SequenceRecommender;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * LSTM + attention sequential recommender ({@link LstmAttnNetwork}): an LSTM encodes the history
 * and causal multi-head attention over its states forms the user vector. Explanations are the
 * newest position's attention weights over the history, averaged over heads.
 */
public final class LstmAttn extends SequenceRecommender implements Explainable {

    /** Registered model name. */
    public static final String NAME = "lstm-attn";

    private final LstmAttnConfig config;

    private LstmAttn(NDManager manager, LstmAttnNetwork network, LstmAttnConfig config) {
        super(NAME, manager, network);
        this.config = config;
    }

    /** A new model with random weights from the engine's (seeded) generator. */
    public static LstmAttn create(LstmAttnConfig config, int numItems) {
        if (numItems < 1) {
            throw new IllegalArgumentException("a model needs at least one item");
        }
        NDManager manager = Djl.newManager();
        LstmAttnNetwork network = new LstmAttnNetwork(numItems, config);
        Djl.noGrad();
        network.initializeFresh(manager);
        return new LstmAttn(manager, network, config);
    }

    /** Reads a model written by {@link #save}. */
    public static LstmAttn load(Path dir) throws IOException {
        Manifest manifest = readManifest(dir, NAME);
        LstmAttnConfig config = LstmAttnConfig.parse(new ModelOptions(manifest.options()));
        NDManager manager = Djl.newManager();
        LstmAttnNetwork network = new LstmAttnNetwork(manifest.numItems(), config);
        try {
            readWeights(dir, network, manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
        return new LstmAttn(manager, network, config);
    }

    public LstmAttnConfig config() {
        return config;
    }

    @Override
    protected Map<String, String> options() {
        return config.toOptions();
    }

    @Override
    public Explanation explain(int user, int[] history, int item) {
        return explainByAttention(history, item);
    }
}
