package io.attnrec.nn.din;

import ai.djl.ndarray.NDManager;
import io.attnrec.core.model.BaseRecommender;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import io.attnrec.nn.Djl;
import io.attnrec.nn.model.NeuralFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * DIN trained as a second stage, the way two-stage systems train their ranker ({@code
 * din-rerank}): a first stage scores the whole catalogue, its best {@code candidates} items outside
 * the history are re-ordered by a DIN network that also reads the first stage's verdict on each
 * candidate, and every other item keeps its first-stage score below them ({@link
 * DinReranker#place}, the same full ranking as {@code din:rerank=}).
 *
 * <p>What differs from {@code din:rerank=}: that DIN learns to tell the next item from uniformly
 * drawn items and never sees the hard candidates the first stage ranks high, so it re-orders them
 * worse than the first stage did (issue 6). This one is trained ({@link TwoStageTrainer}) on the
 * first stage's own top {@code candidates} for each validation user, with a softmax over that list
 * and two features per candidate ({@link #features}): the first stage's score standardised within
 * the list and its rank.
 *
 * <p>Thread-safe for scoring when the first stage is (each call opens its own NDArray manager).
 *
 * <p>Files: {@code model.json} and {@code weights.bin} ({@link NeuralFiles}; the options hold the
 * whole config, first stage included) and the first stage in {@code base/}, loaded through the
 * registry.
 */
public final class TwoStageDin extends BaseRecommender implements Persistable, AutoCloseable {

    /** Registered model name. */
    public static final String NAME = "din-rerank";

    /** Per-candidate inputs of the scoring MLP: first-stage score (standardised) and rank. */
    static final int FEATURES = 2;

    /** Header extra: registered name of the saved first stage (in {@code base/}). */
    static final String FIRST_MODEL = "first_model";

    private final Recommender first;
    private final NDManager manager;
    private final DinNetwork network;
    private final TwoStageConfig config;

    TwoStageDin(Recommender first, NDManager manager, DinNetwork network, TwoStageConfig config) {
        super(NAME, network.numItems());
        if (first.numItems() != network.numItems()) {
            throw new IllegalArgumentException(NAME + " re-ranks " + network.numItems() + " items but its first stage '"
                    + first.name() + "' scores " + first.numItems());
        }
        this.first = first;
        this.manager = manager;
        this.network = network;
        this.config = config;
    }

    /** A network with random weights from the engine's generator (seed it first). */
    static DinNetwork freshNetwork(NDManager manager, TwoStageConfig config, int numItems) {
        if (numItems < 2) {
            throw new IllegalArgumentException(NAME + " needs at least two items");
        }
        DinNetwork network = new DinNetwork(numItems, config.din(), FEATURES);
        Djl.noGrad();
        network.initializeFresh(manager);
        return network;
    }

    /** The model whose top candidates are re-ordered. */
    public Recommender first() {
        return first;
    }

    public TwoStageConfig config() {
        return config;
    }

    DinNetwork network() {
        return network;
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        first.score(user, history, scores);
        rerank(history, scores);
    }

    @Override
    public void scoreBatch(int[] users, int[][] histories, float[][] out) {
        first.scoreBatch(users, histories, out);
        for (int b = 0; b < users.length; b++) {
            rerank(histories[b], out[b]);
        }
    }

    private void rerank(int[] history, float[] scores) {
        int[] top = DinReranker.topCandidates(history, scores, config.candidates());
        if (top.length == 0) {
            return;
        }
        float[] second = secondStage(history, top, features(scores, top, config.candidates()));
        DinReranker.place(scores, top, second);
    }

    /** The second stage's logits for {@code top} (first-stage order) given their features. */
    float[] secondStage(int[] history, int[] top, float[] features) {
        long[] ids = new long[top.length];
        for (int j = 0; j < ids.length; j++) {
            ids[j] = top[j];
        }
        Djl.noGrad();
        try (NDManager m = manager.newSubManager()) {
            return network.scoreCandidates(m, window(history, network.maxLen()), ids, features, false)
                    .head()
                    .toFloatArray();
        }
    }

    /**
     * The features of the candidates {@code top} (best first) with first-stage scores {@code
     * scores}, {@code (top.length * FEATURES)} row-major: the score standardised over the list (so
     * that the scale of the first stage's logits does not matter) and {@code log(1 + rank) / log(1 +
     * n)}, 0 for the best. Training and scoring both use this.
     */
    static float[] features(float[] scores, int[] top, int n) {
        int k = top.length;
        double mean = 0;
        for (int i : top) {
            mean += finite(scores[i]);
        }
        mean /= k;
        double var = 0;
        for (int i : top) {
            double d = finite(scores[i]) - mean;
            var += d * d;
        }
        double sd = Math.sqrt(var / k);
        float[] f = new float[k * FEATURES];
        double logN = Math.log1p(n);
        for (int j = 0; j < k; j++) {
            f[j * FEATURES] = sd > 1e-12 ? (float) ((finite(scores[top[j]]) - mean) / sd) : 0f;
            f[j * FEATURES + 1] = (float) (Math.log1p(j) / logN);
        }
        return f;
    }

    private static double finite(float x) {
        // a first stage may put +-inf on items it is certain about; keep the statistics finite
        return Math.max(-1e30, Math.min(1e30, x));
    }

    /** The newest {@code maxLen} non-padding items of {@code history}, oldest first. */
    static long[] window(int[] history, int maxLen) {
        int count = 0;
        int start = history.length;
        while (start > 0 && count < maxLen) {
            start--;
            if (history[start] != 0) {
                count++;
            }
        }
        long[] w = new long[count];
        int k = 0;
        for (int i = start; i < history.length; i++) {
            if (history[i] != 0) {
                w[k++] = history[i];
            }
        }
        return w;
    }

    @Override
    public void save(Path dir) throws IOException {
        if (!(first instanceof Persistable p)) {
            throw new IllegalArgumentException(NAME + ": the first stage '" + first.name() + "' cannot be saved");
        }
        // the first stage's own name: first=saved is a loader, not the model it loaded
        NeuralFiles.write(
                dir,
                new NeuralFiles.Header(NAME, numItems(), config.toOptions(), Map.of(FIRST_MODEL, first.name())),
                network);
        p.save(Files.createDirectories(dir.resolve("base")));
    }

    /** Reads a model written by {@link #save}; the first stage through the registry. */
    static TwoStageDin load(Path dir) throws IOException {
        NeuralFiles.Header header = NeuralFiles.read(dir, NAME);
        TwoStageConfig config = TwoStageConfig.parse(new io.attnrec.core.model.ModelOptions(header.options()));
        Path baseDir = dir.resolve("base");
        if (!Files.isDirectory(baseDir)) {
            throw new IOException(
                    baseDir + ": missing; the first stage '" + config.first().model() + "' was not saved");
        }
        NDManager manager = Djl.newManager();
        try {
            DinNetwork network = new DinNetwork(header.numItems(), config.din(), FEATURES);
            NeuralFiles.readWeights(dir, network, manager);
            String firstModel =
                    header.extras().getOrDefault(FIRST_MODEL, config.first().model());
            Recommender first = Models.require(firstModel).load(baseDir);
            return new TwoStageDin(first, manager, network, config);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Frees the network's native memory and the first stage's, when it holds any. */
    @Override
    public void close() throws Exception {
        manager.close();
        if (first instanceof AutoCloseable c) {
            c.close();
        }
    }
}
