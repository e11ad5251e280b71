package io.attnrec.nn.seq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import io.attnrec.core.model.EmbeddingModel;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.FactorScorer;
import io.attnrec.core.model.FactorTable;
import io.attnrec.core.model.Persistable;
import io.attnrec.nn.Djl;
import io.attnrec.nn.content.ItemContent;
import io.attnrec.nn.model.NeuralFiles;
import io.attnrec.nn.model.NeuralRecommender;
import io.attnrec.nn.train.OptimizerState;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scoring, persistence and explanation side of a {@link SequenceNetwork}: a user's history
 * (its newest {@code maxLen} items) is encoded, the hidden vector at the newest position is
 * multiplied with the item table, and that product is every item's score.
 *
 * <p>Thread-safe: each call opens its own {@code NDManager} under the model's manager and turns
 * off gradient recording for its thread, so the evaluator and the server may score in parallel.
 * Not thread-safe against training, which changes the parameters in place.
 *
 * <p>It is also an {@link EmbeddingModel}: the user vector is that newest hidden vector and the
 * item vectors are the item table's rows, so a server can retrieve with an ANN index. The item
 * vectors are a Java copy of the table taken on first use and dropped when the trainer takes the
 * network again ({@link #network()}).
 *
 * <p>One class serves every sequential family: a family is its network, its config record and
 * its {@link SequenceProvider}. Files written by {@link #save}: those of {@link NeuralFiles}, plus
 * the item content ({@link ItemContent#FILE}) when the model has content features, and AdamW's
 * state ({@link OptimizerState#FILE}) when the model was trained or loaded with one, for the next
 * warm start to continue from.
 *
 * @param <C> the family's config record
 */
public class SequenceRecommender<C> extends NeuralRecommender<C, SequenceNetwork>
        implements EmbeddingModel, FactorScorer, Persistable {

    /** Rows per forward pass in {@link #scoreBatch}: bounds the (B, numItems) score matrix. */
    private static final int SCORE_CHUNK = 256;

    /** The item content in the network's item table; null without content. */
    private final ItemContent content;
    /** Copy of the item table, rows 0..numItems; built on first use of the embedding view. */
    private volatile float[][] itemVectors;
    /** {@link NewestEncoder} over the current parameters, {@link #NONE}, or null until first use. */
    private volatile Object newestEncoder;

    private static final Object NONE = new Object();

    /** How the last step-budget fine-tuning of this model went; null when there was none. */
    private volatile FineTuning fineTuning;
    /** AdamW's state after this model's training in this process; null when not trained here. */
    private volatile OptimizerState optimizerState;
    /** The saved state of a loaded model, read when a warm start asks for it; null for none. */
    private volatile Path optimizerFile;

    /**
     * The outcome of a warm start's fine-tuning in a step budget (issue 16): reported so a replay
     * can say how much of the budget was used and how often the parent's weights were kept.
     *
     * @param budget the optimiser steps allowed
     * @param stepsRun the steps taken before the budget or the patience ran out
     * @param bestStep the step whose weights the model holds (counted inside its run); 0 when no
     *     validated interval beat the starting (the parent's) weights and those were kept
     * @param bold whether the kept weights come from the run at the bold learning rate ({@link
     *     io.attnrec.core.model.WarmStartConfig#boldLrScale})
     */
    public record FineTuning(int budget, int stepsRun, int bestStep, boolean bold) {

        /** One run at one rate. */
        public FineTuning(int budget, int stepsRun, int bestStep) {
            this(budget, stepsRun, bestStep, false);
        }

        /** True when the fine-tuning did not validate better than the parent, whose weights stay. */
        public boolean keptParent() {
            return bestStep == 0;
        }
    }

    /**
     * Use {@link SequenceProvider#create} or {@link SequenceProvider#load}.
     *
     * @param content the item content inside {@code network}'s item table, or null
     */
    SequenceRecommender(
            String name,
            NDManager manager,
            SequenceNetwork network,
            C config,
            Map<String, String> options,
            ItemContent content) {
        super(name, manager, network, config, options);
        this.content = content;
    }

    /** The last step-budget fine-tuning of this model in this process; empty for any other training. */
    public final Optional<FineTuning> fineTuning() {
        return Optional.ofNullable(fineTuning);
    }

    final void recordFineTuning(FineTuning outcome) {
        this.fineTuning = outcome;
    }

    /**
     * AdamW's state at the end of this model's training (trained in this process, or read from the
     * directory it was loaded from); empty for a model without one (written before format 8, or
     * never trained).
     *
     * @throws IOException when the saved state cannot be read
     */
    public final Optional<OptimizerState> optimizerState() throws IOException {
        OptimizerState s = optimizerState;
        if (s != null) {
            return Optional.of(s);
        }
        Path file = optimizerFile;
        return file == null ? Optional.empty() : Optional.of(OptimizerState.read(file));
    }

    final void recordOptimizerState(OptimizerState state) {
        this.optimizerState = state;
        this.optimizerFile = null;
    }

    /** A loaded model's saved optimiser state, read only when a warm start needs it. */
    final void optimizerFrom(Path file) {
        this.optimizerState = null;
        this.optimizerFile = file;
    }

    /**
     * The network (for the trainer). Drops the copy of the item table behind {@link #itemVector},
     * and the plain-Java encoder, since whoever takes the network may change its parameters.
     */
    public final SequenceNetwork network() {
        parametersChanged();
        return network;
    }

    /**
     * Drops the copies made from the network's parameters (the item table behind {@link
     * #itemVector} and {@link #factorTable}, the plain-Java encoder); whoever changes the
     * parameters in place (a trainer putting the best epoch's weights back) calls it.
     */
    public final void parametersChanged() {
        itemVectors = null;
        newestEncoder = null;
    }

    /** Scores in chunks of up to 256 histories, each chunk one forward pass and one product. */
    @Override
    public void scoreBatch(int[] users, int[][] histories, float[][] out) {
        Djl.noGrad();
        int items = numItems() + 1;
        for (int from = 0; from < histories.length; from += SCORE_CHUNK) {
            int to = Math.min(histories.length, from + SCORE_CHUNK);
            try (NDManager m = manager.newSubManager()) {
                ParameterStore ps = new ParameterStore(m, false);
                NDArray last = encodeNewest(ps, m, histories, from, to);
                // (B, D) x (D, N+1) -> (B, N+1)
                NDArray s = Linear.linear(last, network.itemTable(ps, false)).head();
                // read the native scores straight into the callers' rows: one copy, no
                // intermediate (B * (N+1)) Java array
                FloatBuffer buffer =
                        s.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
                for (int b = from; b < to; b++) {
                    if (out[b].length != items) {
                        throw new IllegalArgumentException(
                                "score array has length " + out[b].length + ", expected " + items);
                    }
                    buffer.get(out[b], 0, items);
                }
            }
        }
    }

    /**
     * The hidden vector at the history's newest position: {@code score = table · vector}. When
     * the network has a {@link NewestEncoder} it computes the vector in plain Java (equal to the
     * native pass up to float rounding): this is the single-request path of a server.
     */
    @Override
    public float[][] userVectors(int user, int[] history) {
        NewestEncoder fast = history.length > 0 ? newestEncoder() : null;
        if (fast != null) {
            int t = Math.min(history.length, network.maxLen());
            int[] window = java.util.Arrays.copyOfRange(history, history.length - t, history.length);
            for (int item : window) {
                if (item < 1 || item > network.numItems()) {
                    throw new IllegalArgumentException(
                            "history item " + item + " is not in 1.." + network.numItems() + " (0 = padding)");
                }
            }
            return new float[][] {fast.encode(window)};
        }
        Djl.noGrad();
        try (NDManager m = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            return new float[][] {
                encodeNewest(ps, m, new int[][] {history}, 0, 1).toFloatArray()
            };
        }
    }

    /**
     * The item table: {@link #scoreBatch}'s product sums each score as a chain of fused
     * multiply-adds (checked bit for bit by {@code bench KernelSpeed} and the evaluator tests).
     */
    @Override
    public FactorTable factorTable() {
        return new FactorTable(itemVectors(), null, true);
    }

    /** The hidden vectors at the newest positions, encoded in {@link #scoreBatch}'s chunks. */
    @Override
    public float[][][] userFactors(int[] users, int[][] histories) {
        Djl.noGrad();
        float[][][] out = new float[histories.length][][];
        for (int from = 0; from < histories.length; from += SCORE_CHUNK) {
            int to = Math.min(histories.length, from + SCORE_CHUNK);
            try (NDManager m = manager.newSubManager()) {
                ParameterStore ps = new ParameterStore(m, false);
                NDArray last = encodeNewest(ps, m, histories, from, to);
                int d = (int) last.getShape().get(1);
                float[] flat = last.toFloatArray();
                for (int b = from; b < to; b++) {
                    int o = (b - from) * d;
                    out[b] = new float[][] {java.util.Arrays.copyOfRange(flat, o, o + d)};
                }
            }
        }
        return out;
    }

    /** {@link #userVectors} when the network has a plain-Java pass and the history is not empty. */
    @Override
    public float[][] requestFactors(int user, int[] history) {
        return history.length > 0 && newestEncoder() != null ? userVectors(user, history) : null;
    }

    /** Row {@code item} of the item table. */
    @Override
    public float[] itemVector(int item) {
        if (item < 1 || item > numItems()) {
            throw new IllegalArgumentException("item " + item + " is not in 1.." + numItems());
        }
        return itemVectors()[item];
    }

    @Override
    public int dimension() {
        return itemVectors()[0].length;
    }

    /** The network's plain-Java encoder over the current parameters, or null; built once. */
    private NewestEncoder newestEncoder() {
        Object e = newestEncoder;
        if (e == null) {
            synchronized (this) {
                e = newestEncoder;
                if (e == null) {
                    NewestEncoder made = network.newestEncoder(itemVectors());
                    e = made != null ? made : NONE;
                    newestEncoder = e;
                }
            }
        }
        return e == NONE ? null : (NewestEncoder) e;
    }

    private float[][] itemVectors() {
        float[][] v = itemVectors;
        if (v == null) {
            synchronized (this) {
                v = itemVectors;
                if (v == null) {
                    v = copyItemTable();
                    itemVectors = v;
                }
            }
        }
        return v;
    }

    private float[][] copyItemTable() {
        Djl.noGrad();
        try (NDManager m = manager.newSubManager()) {
            NDArray table = network.itemTable(new ParameterStore(m, false), false);
            int rows = (int) table.getShape().get(0);
            int d = (int) table.getShape().get(1);
            FloatBuffer buffer =
                    table.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
            float[][] out = new float[rows][d];
            for (float[] row : out) {
                buffer.get(row);
            }
            return out;
        }
    }

    /** Hidden vectors {@code (B, D)} at each history's newest position. */
    private NDArray encodeNewest(ParameterStore ps, NDManager m, int[][] histories, int from, int to) {
        int t = Windows.length(histories, from, to, network.maxLen());
        int rows = to - from;
        long[] window = new long[rows * t];
        int[] last = Windows.fill(histories, from, to, t, network.padding(), window);
        for (long item : window) {
            if (item < 0 || item > network.numItems()) {
                throw new IllegalArgumentException(
                        "history item " + item + " is not in 1.." + network.numItems() + " (0 = padding)");
            }
        }
        long[] flat = new long[rows];
        for (int b = 0; b < rows; b++) {
            // an empty history reads the (padding) last column: a context-free ranking
            flat[b] = (long) b * t + Math.max(last[b], network.padding() == Padding.LEFT ? t - 1 : 0);
        }
        NDArray items = m.create(window, new Shape(rows, t));
        NDArray hidden = network.encode(ps, items, false).head();
        long d = hidden.getShape().get(2);
        return hidden.reshape(rows * (long) t, d).get(m.create(flat));
    }

    /**
     * The explanation of attention models: the newest position's attention row in the last
     * layer (averaged over heads) over the history items it read, largest weight first. The
     * weights do not depend on {@code item}: self-attention decides what the user vector is made
     * of before any candidate is scored.
     */
    final Explanation explainByAttention(int[] history, int item) {
        if (item < 1 || item > numItems()) {
            throw new IllegalArgumentException("item " + item + " is not in 1.." + numItems());
        }
        int t = Math.min(history.length, network.maxLen());
        if (t == 0) {
            return new Explanation(item, -1, List.of());
        }
        Djl.noGrad();
        float[] row;
        try (NDManager m = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            long[] window = new long[t];
            Windows.fill(new int[][] {history}, 0, 1, t, network.padding(), window);
            NDList out = network.encode(ps, m.create(window, new Shape(1, t)), false);
            if (out.size() < 2) {
                throw new IllegalStateException(name() + " has no attention weights to explain with");
            }
            NDArray w = out.get(1);
            if (w.getShape().dimension() == 4) {
                // (1, H, T, T) -> (1, T, T)
                w = w.mean(new int[] {1});
            }
            row = w.get(0, t - 1).toFloatArray();
        }
        List<Explanation.Contribution> contributions = new ArrayList<>();
        int offset = history.length - t;
        for (int i = 0; i < t; i++) {
            contributions.add(new Explanation.Contribution(history[offset + i], offset + i, row[i]));
        }
        contributions.sort(Comparator.comparingDouble(Explanation.Contribution::weight)
                .reversed()
                .thenComparingInt(Explanation.Contribution::position));
        return new Explanation(item, -1, contributions);
    }

    /** Writes {@code model.json}, the weights, with content the item content, and the optimiser's state. */
    @Override
    public void save(Path dir) throws IOException {
        // spare rows are recorded only when there are some, so a model without them writes the
        // same files as before
        Map<String, String> extras = network.capacity() == numItems()
                ? Map.of()
                : Map.of(SequenceProvider.CAPACITY, Integer.toString(network.capacity()));
        NeuralFiles.write(dir, new NeuralFiles.Header(name(), numItems(), options(), extras), network.block());
        if (content != null) {
            content.write(dir);
        }
        Path target = dir.resolve(OptimizerState.FILE);
        OptimizerState state = optimizerState;
        Path file = optimizerFile;
        if (state != null) {
            state.write(target);
        } else if (file != null && Files.isRegularFile(file) && !Files.isSameFile(file.getParent(), dir)) {
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Frees the native memory of the parameters. The model must not be used afterwards. */
}
