package io.attnrec.nn.multi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import io.attnrec.core.model.BaseRecommender;
import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.FactorScorer;
import io.attnrec.core.model.FactorTable;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TopK;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.multi.DiversityAggregation;
import io.attnrec.core.multi.Interest;
import io.attnrec.core.multi.InterestScores;
import io.attnrec.core.multi.ItemCategories;
import io.attnrec.core.multi.MultiInterest;
import io.attnrec.nn.Djl;
import io.attnrec.nn.attention.Masks;
import io.attnrec.nn.content.ItemContent;
import io.attnrec.nn.model.NeuralFiles;
import io.attnrec.nn.model.NeuralRecommender;
import io.attnrec.nn.seq.Padding;
import io.attnrec.nn.seq.Windows;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The scoring, retrieval, explanation and persistence side of a {@link MultiInterestNetwork}.
 *
 * <p><b>Scoring.</b> A history's newest {@code maxLen} items are encoded into K interests; every
 * item's score is its largest dot product with an active interest, computed for a chunk of users
 * with one product {@code (B, K, D) x (D, N + 1)}. With a diversity {@code lambda > 0} the first
 * {@code retrieve} places are ComiRec's greedy aggregation over each interest's own top list
 * (history items left out), written into the scores by {@link DiversityAggregation#rankFirst}.
 *
 * <p><b>Categories</b> for the aggregation come from the catalogue when it has them, otherwise
 * from seeded k-means on the learned item table; they are computed after training and saved.
 *
 * <p>Thread-safe for scoring: each call opens its own manager and turns off gradients for its
 * thread. Files written by {@link #save}: those of {@link NeuralFiles} (with the category source
 * among the extras) and {@code categories.bin}.
 *
 * <p>One class serves every multi-interest family: a family is its network, its config record and
 * its {@link MultiInterestProvider}.
 *
 * @param <C> the family's config record
 */
public final class MultiInterestRecommender<C> extends NeuralRecommender<C, MultiInterestNetwork>
        implements MultiInterest, Explainable, Persistable, FactorScorer {

    static final String CATEGORIES = "categories.bin";
    /** Rows per forward pass: bounds the (B, K, N + 1) score tensor. */
    private static final int SCORE_CHUNK = 128;
    /** Smaller chunks when per-interest rows are copied out for the aggregation. */
    private static final int AGGREGATE_CHUNK = 16;

    private static final int KMEANS_ITERATIONS = 20;

    private final AggregationConfig retrieval;

    private volatile int[] categories;
    private volatile String categorySource;

    /** Use {@link MultiInterestProvider#create} or {@link MultiInterestProvider#load}. */
    MultiInterestRecommender(
            String name,
            NDManager manager,
            MultiInterestNetwork network,
            AggregationConfig retrieval,
            C config,
            Map<String, String> options) {
        super(name, manager, network, config, options);
        this.retrieval = retrieval;
    }

    @Override
    public int maxInterests() {
        return network.maxInterests();
    }

    /** The network, typed as the family's (for the trainer and for callers holding a raw type). */
    @Override
    public MultiInterestNetwork network() {
        return network;
    }

    public AggregationConfig retrieval() {
        return retrieval;
    }

    // ---------------------------------------------------------------- scoring

    @Override
    public void scoreBatch(int[] users, int[][] histories, float[][] out) {
        scoreBatch(histories, out, retrieval.diversity());
    }

    /**
     * The same model ranked with another diversity {@code lambda} (a view: not saved, not closed;
     * valid while this model is open). {@code lambda = 0} is the pure merge by score.
     */
    public Recommender withDiversity(double lambda) {
        AggregationConfig checked = retrieval.withDiversity(lambda);
        MultiInterestRecommender self = this;
        return new BaseRecommender(name(), numItems()) {

            @Override
            public void score(int user, int[] history, float[] scores) {
                self.scoreBatch(new int[][] {history}, new float[][] {scores}, checked.diversity());
            }

            @Override
            public void scoreBatch(int[] users, int[][] histories, float[][] out) {
                self.scoreBatch(histories, out, checked.diversity());
            }
        };
    }

    /**
     * The same trained network read out with other pruning settings ({@link
     * AggregationConfig#pruneCosine}, {@link AggregationConfig#pruneSingle}), for measuring
     * read-out choices without training again. A view that shares this model's parameters: never
     * close it (closing it would free this model's parameters too).
     */
    public MultiInterestRecommender<C> withPruning(double pruneCosine, double pruneSingle) {
        return withReadout(pruneCosine, pruneSingle, retrieval.merge());
    }

    /**
     * The same trained network read out with other pruning settings and another {@link
     * AggregationConfig.Merge merge} of the interests' scores; a view as {@link #withPruning}.
     */
    public MultiInterestRecommender<C> withReadout(
            double pruneCosine, double pruneSingle, AggregationConfig.Merge merge) {
        AggregationConfig r = new AggregationConfig(
                retrieval.diversity(), retrieval.retrieve(), retrieval.clusters(), pruneCosine, pruneSingle, merge);
        Map<String, String> o = new java.util.LinkedHashMap<>(options());
        o.putAll(r.toOptions());
        MultiInterestRecommender<C> view = new MultiInterestRecommender<>(name(), manager, network, r, config(), o);
        view.categories = categories;
        view.categorySource = categorySource;
        return view;
    }

    private void scoreBatch(int[][] histories, float[][] out, double lambda) {
        Djl.noGrad();
        int width = numItems() + 1;
        for (float[] row : out) {
            if (row.length != width) {
                throw new IllegalArgumentException("score array has length " + row.length + ", expected " + width);
            }
        }
        boolean aggregate = lambda > 0;
        int[] cats = aggregate ? requireCategories() : null;
        int chunk = aggregate ? AGGREGATE_CHUNK : SCORE_CHUNK;
        int k = maxInterests();
        for (int from = 0; from < histories.length; from += chunk) {
            int to = Math.min(histories.length, from + chunk);
            try (NDManager m = manager.newSubManager()) {
                ParameterStore ps = new ParameterStore(m, false);
                MultiInterestNetwork.Encoded e = encode(ps, m, histories, from, to);
                // (B, K, D) x (N+1, D)^T -> (B, K, N+1); switched-off interests can never win
                NDArray off = e.active().sub(1f).mul(-Masks.MASKED).expandDims(2);
                NDArray per = normalised(Linear.linear(e.interests(), network.itemTable(ps, false))
                                .head())
                        .add(off);
                if (!aggregate) {
                    copyRows(merged(per), out, from, to, width);
                    continue;
                }
                float[] all = per.toFloatArray();
                float[] active = e.active().toFloatArray();
                for (int b = from; b < to; b++) {
                    int row = b - from;
                    List<float[]> rows = new ArrayList<>();
                    for (int j = 0; j < k; j++) {
                        if (active[row * k + j] > 0) {
                            int offset = (row * k + j) * width;
                            rows.add(Arrays.copyOfRange(all, offset, offset + width));
                        }
                    }
                    float[][] perInterest = rows.toArray(new float[0][]);
                    InterestScores.max(perInterest, out[b]);
                    int[] list = DiversityAggregation.aggregate(
                            perInterest, cats, lambda, retrieval.retrieve(), histories[b]);
                    DiversityAggregation.rankFirst(list, out[b]);
                }
            }
        }
    }

    /**
     * Per-interest scores {@code (B, K, N + 1)} as the merge reads them: the dot products, or with
     * {@code logprob} and {@code mixture} each interest's log-softmax over every item.
     */
    private NDArray normalised(NDArray dots) {
        return normalised(dots, retrieval.merge());
    }

    private NDArray merged(NDArray per) {
        return merged(per, retrieval.merge());
    }

    /** {@link #normalised(NDArray)} for {@code merge}; also what training reads ({@code objective=merged}). */
    static NDArray normalised(NDArray dots, AggregationConfig.Merge merge) {
        return merge == AggregationConfig.Merge.MAX ? dots : dots.logSoftmax(2);
    }

    /**
     * Each item's score {@code (B, N + 1)} from the masked per-interest scores {@code (B, K, N +
     * 1)} (switched-off interests sit at about {@code -1e9} and never count).
     */
    static NDArray merged(NDArray per, AggregationConfig.Merge merge) {
        if (merge != AggregationConfig.Merge.MIXTURE) {
            return per.max(new int[] {1});
        }
        // log mean_k p_k(i) = log sum_k exp(log p_k(i)) - log K_active, computed stably; the
        // maximum carries no gradient of its own (it cancels)
        NDArray top = per.max(new int[] {1}, true).stopGradient();
        NDArray active = per.gt(Masks.MASKED / 2)
                .toType(DataType.FLOAT32, false)
                .sum(new int[] {1})
                .stopGradient();
        return per.sub(top).exp().sum(new int[] {1}).log().add(top.squeeze(1)).sub(active.log());
    }

    /**
     * The item table when scores are the plain maximum of dot products over interests (diversity
     * 0, {@code merge=max}), else null: the aggregation re-ranks and the other merges normalise
     * each interest, so the evaluator must call {@link #scoreBatch}.
     */
    @Override
    public FactorTable factorTable() {
        return retrieval.diversity() > 0 || retrieval.merge() != AggregationConfig.Merge.MAX
                ? null
                : new FactorTable(itemTable(), null, true);
    }

    /** Each user's active interests, encoded in {@link #scoreBatch}'s chunks. */
    @Override
    public float[][][] userFactors(int[] users, int[][] histories) {
        Djl.noGrad();
        int k = maxInterests();
        int d = dim();
        float[][][] out = new float[histories.length][][];
        for (int from = 0; from < histories.length; from += SCORE_CHUNK) {
            int to = Math.min(histories.length, from + SCORE_CHUNK);
            try (NDManager m = manager.newSubManager()) {
                ParameterStore ps = new ParameterStore(m, false);
                MultiInterestNetwork.Encoded e = encode(ps, m, histories, from, to);
                float[] interests = e.interests().toFloatArray();
                float[] active = e.active().toFloatArray();
                for (int b = from; b < to; b++) {
                    int row = b - from;
                    List<float[]> rows = new ArrayList<>();
                    for (int j = 0; j < k; j++) {
                        if (active[row * k + j] > 0) {
                            int o = (row * k + j) * d;
                            rows.add(Arrays.copyOfRange(interests, o, o + d));
                        }
                    }
                    out[b] = rows.toArray(new float[0][]);
                }
            }
        }
        return out;
    }

    private static void copyRows(NDArray scores, float[][] out, int from, int to, int width) {
        // read the native scores straight into the callers' rows: one copy
        FloatBuffer buffer =
                scores.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int b = from; b < to; b++) {
            buffer.get(out[b], 0, width);
        }
    }

    /** Encodes histories {@code [from, to)} as windows of their newest items, newest in the last column. */
    private MultiInterestNetwork.Encoded encode(ParameterStore ps, NDManager m, int[][] histories, int from, int to) {
        int t = Windows.length(histories, from, to, network.maxLen());
        long[] window = new long[(to - from) * t];
        Windows.fill(histories, from, to, t, Padding.LEFT, window);
        for (long item : window) {
            if (item < 0 || item > network.numItems()) {
                throw new IllegalArgumentException(
                        "history item " + item + " is not in 1.." + network.numItems() + " (0 = padding)");
            }
        }
        MultiInterestNetwork.Encoded e = network.encode(ps, m.create(window, new Shape(to - from, t)), false);
        return retrieval.prunes() ? prune(e, m, to - from, t) : e;
    }

    /** Switches off duplicate and one-item interests ({@link InterestPruning}). */
    private MultiInterestNetwork.Encoded prune(MultiInterestNetwork.Encoded e, NDManager m, int rows, int t) {
        int k = maxInterests();
        float[] keep = InterestPruning.keep(
                e.interests().toFloatArray(),
                e.active().toFloatArray(),
                e.weights().toFloatArray(),
                rows,
                k,
                dim(),
                t,
                retrieval.pruneCosine(),
                retrieval.pruneSingle());
        return new MultiInterestNetwork.Encoded(e.interests(), m.create(keep, new Shape(rows, k)), e.weights());
    }

    // ---------------------------------------------------------------- interests and explanations

    /** One history's interests, weights and per-interest scores, read into Java arrays. */
    private record Reading(float[][] interests, float[][] weights, float[][] scores, int windowStart) {}

    private Reading read(int[] history, boolean withScores) {
        Djl.noGrad();
        int t = Math.min(history.length, network.maxLen());
        try (NDManager m = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            MultiInterestNetwork.Encoded e = encode(ps, m, new int[][] {history}, 0, 1);
            float[] active = e.active().toFloatArray();
            int k = maxInterests();
            int d = dim();
            long width = e.weights().getShape().get(2);
            float[] v = e.interests().toFloatArray();
            float[] w = e.weights().toFloatArray();
            float[] s = withScores
                    ? normalised(Linear.linear(e.interests(), network.itemTable(ps, false))
                                    .head())
                            .toFloatArray()
                    : null;
            int n = 0;
            for (float a : active) {
                n += a > 0 ? 1 : 0;
            }
            float[][] interests = new float[n][];
            float[][] weights = new float[n][];
            float[][] scores = withScores ? new float[n][] : null;
            int row = 0;
            int items = numItems() + 1;
            for (int j = 0; j < k; j++) {
                if (active[j] <= 0) {
                    continue;
                }
                interests[row] = Arrays.copyOfRange(v, j * d, (j + 1) * d);
                weights[row] = Arrays.copyOfRange(w, (int) (j * width), (int) (j * width + t));
                if (withScores) {
                    scores[row] = Arrays.copyOfRange(s, j * items, (j + 1) * items);
                }
                row++;
            }
            return new Reading(interests, weights, scores, history.length - t);
        }
    }

    @Override
    public float[][] interests(int user, int[] history) {
        return read(history, false).interests();
    }

    @Override
    public float[][] itemTable() {
        Djl.noGrad();
        try (NDManager m = manager.newSubManager()) {
            float[] flat =
                    network.itemTable(new ParameterStore(m, false), false).toFloatArray();
            int d = dim();
            float[][] rows = new float[numItems() + 1][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
            }
            return rows;
        }
    }

    @Override
    public List<Interest> explainInterests(int user, int[] history, int topItems) {
        if (topItems < 0) {
            throw new IllegalArgumentException("top items must be >= 0");
        }
        Reading r = read(history, true);
        List<Interest> out = new ArrayList<>();
        for (int j = 0; j < r.interests().length; j++) {
            int[] top = TopK.select(r.scores()[j], topItems, history);
            float[] topScores = new float[top.length];
            for (int x = 0; x < top.length; x++) {
                topScores[x] = r.scores()[j][top[x]];
            }
            out.add(new Interest(j, r.interests()[j], contributions(history, r, j), top, topScores));
        }
        return out;
    }

    /**
     * The interest that gives {@code item} its score, and that interest's weights over the
     * history (attention or routing coefficients), largest first.
     */
    @Override
    public Explanation explain(int user, int[] history, int item) {
        if (item < 1 || item > numItems()) {
            throw new IllegalArgumentException("item " + item + " is not in 1.." + numItems());
        }
        if (history.length == 0) {
            return new Explanation(item, 0, List.of());
        }
        Reading r = read(history, true);
        int best = 0;
        for (int j = 1; j < r.scores().length; j++) {
            if (r.scores()[j][item] > r.scores()[best][item]) {
                best = j;
            }
        }
        return new Explanation(item, best, contributions(history, r, best));
    }

    private static List<Explanation.Contribution> contributions(int[] history, Reading r, int interest) {
        List<Explanation.Contribution> list = new ArrayList<>();
        float[] w = r.weights()[interest];
        for (int i = 0; i < w.length; i++) {
            int pos = r.windowStart() + i;
            list.add(new Explanation.Contribution(history[pos], pos, w[i]));
        }
        list.sort(Comparator.comparingDouble(Explanation.Contribution::weight)
                .reversed()
                .thenComparingInt(Explanation.Contribution::position));
        return list;
    }

    // ---------------------------------------------------------------- categories

    /**
     * Assigns item categories for the aggregation: the catalogue's when it has enough, otherwise
     * k-means clusters of the item table seeded with {@code seed}. Call after training.
     */
    void assignCategories(TrainingData data, long seed) {
        var fromCatalog = ItemCategories.fromCatalog(data.items(), data.catalog());
        if (fromCatalog.isPresent()) {
            categories = fromCatalog.get();
            categorySource = "catalog";
        } else {
            categories = ItemCategories.fromEmbeddings(itemTable(), retrieval.clusters(), KMEANS_ITERATIONS, seed);
            categorySource = "kmeans";
        }
    }

    /** The item categories the aggregation uses (a copy), or {@code null} before training. */
    public int[] categories() {
        int[] c = categories;
        return c == null ? null : c.clone();
    }

    /** {@code catalog} or {@code kmeans}, or {@code null} before training. */
    public String categorySource() {
        return categorySource;
    }

    private int[] requireCategories() {
        int[] c = categories;
        if (c == null) {
            throw new IllegalStateException("model " + name() + " has no item categories yet; diversity needs them");
        }
        return c;
    }

    // ---------------------------------------------------------------- persistence

    /** Writes the files of {@link NeuralFiles}, the item content and the item categories. */
    @Override
    public void save(Path dir) throws IOException {
        Map<String, String> extras = categorySource == null ? Map.of() : Map.of("category_source", categorySource);
        NeuralFiles.write(dir, new NeuralFiles.Header(name(), numItems(), options(), extras), network.block());
        ItemContent content = network.itemContent();
        if (content != null) {
            content.write(dir);
        }
        int[] c = categories;
        if (c != null) {
            try (OutputStream os = Files.newOutputStream(dir.resolve(CATEGORIES));
                    DataOutputStream dos = new DataOutputStream(new BufferedOutputStream(os))) {
                dos.writeInt(c.length);
                for (int x : c) {
                    dos.writeInt(x);
                }
            }
        }
    }

    /**
     * Loads the weights into this freshly built model's network and {@code dir/categories.bin}
     * (when present).
     */
    void readState(Path dir, NeuralFiles.Header header) throws IOException {
        NeuralFiles.readWeights(dir, network.block(), manager);
        Path cats = dir.resolve(CATEGORIES);
        if (Files.isRegularFile(cats)) {
            try (InputStream is = Files.newInputStream(cats);
                    DataInputStream dis = new DataInputStream(new BufferedInputStream(is))) {
                int n = dis.readInt();
                if (n != numItems() + 1) {
                    throw new IOException(cats + ": " + n + " entries for " + numItems() + " items");
                }
                int[] c = new int[n];
                for (int i = 0; i < n; i++) {
                    c[i] = dis.readInt();
                }
                categories = c;
                categorySource = header.extras().get("category_source");
            }
        }
    }

    /** Frees the native memory of the parameters. The model must not be used afterwards. */

    /** {@code (B, K)} all-ones activity, for networks whose users always have K interests. */
    public static NDArray allActive(NDManager m, long batch, int k) {
        return m.ones(new Shape(batch, k), DataType.FLOAT32);
    }
}
