package io.attnrec.nn.din;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.attnrec.core.model.BaseRecommender;
import io.attnrec.core.model.CandidateScorer;
import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Persistable;
import io.attnrec.nn.Djl;
import io.attnrec.nn.model.NeuralFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * DIN, the Deep Interest Network (Zhou et al., "Deep Interest Network for Click-Through Rate
 * Prediction", KDD 2018), as a ranking model: the history is pooled with weights that depend on
 * the candidate, so every (history, candidate) pair is scored on its own ({@link DinNetwork}).
 * Trained by {@link DinTrainer} on next-item prediction with sampled negatives and the logistic
 * loss.
 *
 * <p>Scoring the whole catalogue costs one activation-unit pass per (history item, candidate)
 * pair; it runs in chunks of candidates, each a few batched matrix products. {@link
 * #scoreCandidates} scores only the candidates given, which is what the sampled-negatives protocol
 * (GAUC) and {@link DinReranker} use. The explanation of a recommended item is exactly what drove
 * its score: the activation weights {@code a(e_j, v_A)} of the history items against that item.
 *
 * <p>Thread-safe for scoring (each call opens its own manager); not against training.
 *
 * <p>Files written by {@link #save}: those of {@link NeuralFiles}.
 */
public final class Din extends BaseRecommender implements CandidateScorer, Persistable, Explainable, AutoCloseable {

    /** Registered model name. */
    public static final String NAME = "din";

    /** Pairwise activation-unit values per chunk ({@code C * T * H1}), about 16 MiB of floats. */
    private static final long CHUNK_VALUES = 1L << 22;

    private final NDManager manager;
    private final DinNetwork network;
    private final DinConfig config;

    private Din(NDManager manager, DinNetwork network, DinConfig config) {
        super(NAME, network.numItems());
        this.manager = manager;
        this.network = network;
        this.config = config;
    }

    /**
     * A new model with random weights from the engine's generator; call {@link Djl#seed(long)}
     * first for a reproducible start.
     */
    public static Din create(DinConfig config, int numItems) {
        if (numItems < 2) {
            throw new IllegalArgumentException("din needs at least two items (a target and a negative)");
        }
        NDManager manager = Djl.newManager();
        DinNetwork network = new DinNetwork(numItems, config);
        Djl.noGrad();
        network.initializeFresh(manager);
        return new Din(manager, network, config);
    }

    /**
     * A DIN view of {@code network} whose parameters live in {@code manager}, for training with
     * {@link DinTrainer}; the caller owns the manager (do not {@link #close} the view).
     */
    static Din wrap(NDManager manager, DinNetwork network, DinConfig config) {
        return new Din(manager, network, config);
    }

    /** Reads a model written by {@link #save}. */
    public static Din load(Path dir) throws IOException {
        NeuralFiles.Header header = NeuralFiles.read(dir, NAME);
        DinConfig config = DinConfig.parse(new ModelOptions(header.options()));
        NDManager manager = Djl.newManager();
        DinNetwork network = new DinNetwork(header.numItems(), config);
        try {
            NeuralFiles.readWeights(dir, network, manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
        return new Din(manager, network, config);
    }

    public DinConfig config() {
        return config;
    }

    DinNetwork network() {
        return network;
    }

    NDManager manager() {
        return manager;
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        int n = numItems();
        if (scores.length != n + 1) {
            throw new IllegalArgumentException("score array has length " + scores.length + ", expected " + (n + 1));
        }
        long[] window = window(history);
        int t = Math.max(1, window.length);
        long perCandidate = (long) t * config.attentionHidden()[0];
        int chunk = (int) Math.max(16, Math.min(n, CHUNK_VALUES / perCandidate));
        Djl.noGrad();
        for (int from = 1; from <= n; from += chunk) {
            int to = Math.min(n, from + chunk - 1);
            long[] candidates = new long[to - from + 1];
            for (int i = 0; i < candidates.length; i++) {
                candidates[i] = from + i;
            }
            try (NDManager m = manager.newSubManager()) {
                float[] logits = network.scoreCandidates(m, window, candidates, false)
                        .head()
                        .toFloatArray();
                System.arraycopy(logits, 0, scores, from, logits.length);
            }
        }
        scores[0] = 0f;
    }

    @Override
    public void scoreCandidates(int user, int[] history, int[] candidates, float[] out) {
        if (out.length < candidates.length) {
            throw new IllegalArgumentException(
                    "output has length " + out.length + " for " + candidates.length + " candidates");
        }
        long[] ids = new long[candidates.length];
        for (int j = 0; j < ids.length; j++) {
            ids[j] = checkItem(candidates[j], "candidate");
        }
        if (ids.length == 0) {
            return;
        }
        long[] window = window(history);
        Djl.noGrad();
        try (NDManager m = manager.newSubManager()) {
            float[] logits =
                    network.scoreCandidates(m, window, ids, false).head().toFloatArray();
            System.arraycopy(logits, 0, out, 0, logits.length);
        }
    }

    /**
     * The activation weights of the newest {@code max_len} history items against {@code item},
     * largest first: DIN's user vector for this item is exactly their weighted sum. Unnormalised
     * (they need not sum to 1 and may be negative), as in the paper.
     */
    @Override
    public Explanation explain(int user, int[] history, int item) {
        checkItem(item, "item");
        long[] window = window(history);
        if (window.length == 0) {
            return new Explanation(item, -1, List.of());
        }
        float[] weights;
        Djl.noGrad();
        try (NDManager m = manager.newSubManager()) {
            NDList out = network.scoreCandidates(m, window, new long[] {item}, true);
            weights = out.get(1).toFloatArray();
        }
        // window holds the newest items in order; map them back to history positions (zeros,
        // which are padding, were skipped)
        int[] positions = windowPositions(history);
        List<Explanation.Contribution> contributions = new ArrayList<>();
        for (int i = 0; i < window.length; i++) {
            contributions.add(new Explanation.Contribution((int) window[i], positions[i], weights[i]));
        }
        contributions.sort(Comparator.comparingDouble(Explanation.Contribution::weight)
                .reversed()
                .thenComparingInt(Explanation.Contribution::position));
        return new Explanation(item, -1, contributions);
    }

    /** The newest {@code max_len} non-padding items of {@code history}, oldest first. */
    long[] window(int[] history) {
        int[] positions = windowPositions(history);
        long[] w = new long[positions.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = checkItem(history[positions[i]], "history item");
        }
        return w;
    }

    private int[] windowPositions(int[] history) {
        int count = 0;
        int start = history.length;
        while (start > 0 && count < network.maxLen()) {
            start--;
            if (history[start] != 0) {
                count++;
            }
        }
        int[] positions = new int[count];
        int k = 0;
        for (int i = start; i < history.length; i++) {
            if (history[i] != 0) {
                positions[k++] = i;
            }
        }
        return positions;
    }

    private int checkItem(int item, String what) {
        if (item < 1 || item > numItems()) {
            throw new IllegalArgumentException(what + " " + item + " is not in 1.." + numItems());
        }
        return item;
    }

    /** Writes the files of {@link NeuralFiles}. */
    @Override
    public void save(Path dir) throws IOException {
        NeuralFiles.write(dir, new NeuralFiles.Header(NAME, numItems(), config.toOptions()), network);
    }

    /** Frees the native memory of the parameters. The model must not be used afterwards. */
    @Override
    public void close() {
        manager.close();
    }
}
