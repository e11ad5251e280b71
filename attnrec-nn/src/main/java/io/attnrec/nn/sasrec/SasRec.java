package io.attnrec.nn.sasrec;

import ai.djl.ndarray.NDManager;
import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.nn.Djl;
import io.attnrec.nn.content.ItemContent;
import io.attnrec.nn.seq.SequenceRecommender;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * SASRec, self-attentive sequential recommendation (Kang and McAuley, ICDM 2018), with the
 * losses of {@link io.attnrec.nn.train.LossKind}: the paper's BCE with one negative, full
 * cross-entropy ("SASRec+", Klenitskiy and Vasilev, RecSys 2023), sampled softmax and gSASRec's
 * gBCE (Petrov and Macdonald, RecSys 2023). The network is {@link SasRecNetwork}.
 *
 * <p>A user's score vector is the newest position's hidden state times the item table. The
 * explanation of a recommendation is that position's attention over the history in the last
 * block, averaged over heads.
 *
 * <p>With {@code content=true} ({@link SasRecConfig#content()}) the item table adds a projection of
 * the items' metadata to their ID embeddings, and items never seen in training are scored from
 * their metadata alone ({@link io.attnrec.nn.content.ContentEmbedding}); the features are saved with the model.
 */
public final class SasRec extends SequenceRecommender implements Explainable {

    /** Registered model name. */
    public static final String NAME = "sasrec";

    private final SasRecConfig config;
    /** Null without content. */
    private final ItemContent content;

    private SasRec(NDManager manager, SasRecNetwork network, SasRecConfig config) {
        super(NAME, manager, network);
        this.config = config;
        this.content = network.content() == null ? null : network.content().content();
    }

    /**
     * A new model with random weights drawn from the engine's generator; call {@link
     * Djl#seed(long)} first for a reproducible start.
     */
    public static SasRec create(SasRecConfig config, int numItems) {
        return create(config, numItems, null);
    }

    /**
     * A new model whose item table includes {@code content} (required exactly when {@code
     * config.content()} is on; build it with {@link ItemContent#build}).
     */
    public static SasRec create(SasRecConfig config, int numItems, ItemContent content) {
        if (numItems < 1) {
            throw new IllegalArgumentException("a model needs at least one item");
        }
        NDManager manager = Djl.newManager();
        SasRecNetwork network = new SasRecNetwork(numItems, config, content);
        Djl.noGrad();
        network.initializeFresh(manager);
        return new SasRec(manager, network, config);
    }

    /** Reads a model written by {@link #save}. */
    public static SasRec load(Path dir) throws IOException {
        Manifest manifest = readManifest(dir, NAME);
        SasRecConfig config = SasRecConfig.parse(new io.attnrec.core.model.ModelOptions(manifest.options()));
        ItemContent content = config.content().enabled()
                ? ItemContent.read(dir, manifest.numItems(), config.content().buckets())
                : null;
        NDManager manager = Djl.newManager();
        SasRecNetwork network = new SasRecNetwork(manifest.numItems(), config, content);
        try {
            readWeights(dir, network, manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
        return new SasRec(manager, network, config);
    }

    public SasRecConfig config() {
        return config;
    }

    @Override
    protected Map<String, String> options() {
        return config.toOptions();
    }

    /** Also writes the item content ({@link ItemContent#FILE}) when content is on. */
    @Override
    public void save(Path dir) throws IOException {
        super.save(dir);
        if (content != null) {
            content.write(dir);
        }
    }

    @Override
    public Explanation explain(int user, int[] history, int item) {
        return explainByAttention(history, item);
    }

    /** The network, for tests in this package. */
    SasRecNetwork sasRecNetwork() {
        return (SasRecNetwork) network();
    }
}
