package io.attnrec.serve.model;

import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.explain.DeletionAttribution;
import io.attnrec.core.explain.Explainer;
import io.attnrec.core.model.EmbeddingModel;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.multi.MultiInterest;
import io.attnrec.serve.retrieval.HnswIndex;
import io.attnrec.serve.retrieval.ItemVectorSimilarity;
import io.attnrec.serve.retrieval.Mmr;
import io.attnrec.serve.retrieval.Ranked;
import io.attnrec.serve.retrieval.RetrievalConfig;
import io.attnrec.serve.retrieval.TopK;
import io.attnrec.serve.retrieval.VectorMath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A served model prepared for answering requests: its retrieval index, item similarity and
 * popularity, shared by all requests while it is active.
 *
 * <p>Lifetime: the registry holds one reference; every request takes another through {@link
 * ModelRegistry#lease()} and gives it back when done. When a newer model is activated the
 * registry drops its reference, and the last request still using this model frees its index.
 * So a hot swap never pulls an index from under a request in flight.
 */
public final class ActiveModel {

    /** Where a list of recommendations came from. */
    public enum Source {
        /** the model scored every item */
        EXACT,
        /** the HNSW index retrieved candidates, re-scored exactly */
        ANN,
        /** empty history: most popular training items */
        POPULAR
    }

    /**
     * A recommendation list.
     *
     * @param ranked items best first with the model's scores
     * @param source how it was computed
     */
    public record Recommendation(Ranked ranked, Source source) {}

    /**
     * One interest of a user.
     *
     * @param index interest number (0-based)
     * @param weight share of the history this interest explains, summing to 1 over interests
     * @param items the interest's top items
     * @param members history items that form the interest, strongest first (weight = affinity)
     */
    public record Interest(int index, double weight, Ranked items, List<Explanation.Contribution> members) {}

    /** Explanations of several items and how they were obtained ("deletion": per-item score drops). */
    public record Explanations(List<Explanation> explanations, String method) {}

    private static final Logger LOG = LoggerFactory.getLogger(ActiveModel.class);
    private static final int MAX_CONTRIBUTIONS = 10;
    /** Items explained per request: explanation work is bounded whatever k is asked for. */
    private static final int MAX_EXPLAINED = 20;
    /** The newest 200 history entries, the first {@link #MAX_EXPLAINED} items. */
    private static final DeletionAttribution.Config EXPLAIN = new DeletionAttribution.Config(200, MAX_EXPLAINED);

    private static final int MIN_DIVERSITY_CANDIDATES = 100;

    private final ServedModel served;
    private final EmbeddingModel embedding;
    private final HnswIndex ann;
    /** null, or a temporary folder deleted on release (never a kept index) */
    private final Path indexDir;

    private final boolean indexReused;
    private final boolean closeModel;
    private final BatchingScorer batcher;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final ThreadLocal<float[]> scoreBuffer;
    private final float[] popularity;
    private volatile ItemVectorSimilarity similarity;

    private ActiveModel(
            ServedModel served,
            HnswIndex ann,
            Path indexDir,
            boolean closeModel,
            RetrievalConfig config,
            boolean indexReused) {
        this.served = served;
        this.indexReused = indexReused;
        this.closeModel = closeModel;
        this.batcher = ann == null && config.maxBatch() > 1 && BatchingScorer.batchesNatively(served.model())
                ? new BatchingScorer(served.model(), config.maxBatch(), config.batchThreads(), served.name())
                : null;
        this.embedding = served.model() instanceof EmbeddingModel e ? e : null;
        this.ann = ann;
        this.indexDir = indexDir;
        int n = served.numItems();
        // Reused per thread: a fresh float[numItems + 1] per request would be megabytes of garbage
        // per request on large catalogues.
        this.scoreBuffer = ThreadLocal.withInitial(() -> new float[n + 1]);
        this.popularity = new float[n + 1];
        for (int[] h : served.histories()) {
            for (int item : h) {
                if (item > 0 && item <= n) {
                    popularity[item]++;
                }
            }
        }
    }

    /**
     * Prepares {@code served}: builds an HNSW index when the model exposes embeddings and the
     * catalogue reaches the configured size.
     *
     * @param closeModel close the model (if it is {@link AutoCloseable}, e.g. a network holding
     *     native memory) when this is retired and its last request is done; only for models that
     *     nobody else holds
     */
    public static ActiveModel prepare(ServedModel served, RetrievalConfig config, boolean closeModel)
            throws IOException {
        return prepare(served, config, closeModel, null);
    }

    /**
     * As {@link #prepare(ServedModel, RetrievalConfig, boolean)} for a model loaded from the
     * artifact directory {@code artifact}: its HNSW index is kept on disk beside the artifact
     * ({@code .NAME.hnsw/}) and opened, not rebuilt, the next time the same artifact is activated
     * with the same settings. Where that folder cannot be written, the index is built as for a
     * model without artifact.
     *
     * @param artifact the artifact directory, or {@code null}
     */
    public static ActiveModel prepare(ServedModel served, RetrievalConfig config, boolean closeModel, Path artifact)
            throws IOException {
        if (served.model() instanceof EmbeddingModel e && served.numItems() >= config.annThreshold()) {
            if (artifact != null) {
                try {
                    IndexCache.Opened kept = IndexCache.openOrBuild(
                            IndexCache.home(artifact),
                            IndexCache.key(artifact, served.numItems(), e.dimension(), config.hnsw()),
                            served.numItems(),
                            e.dimension(),
                            e::itemVector,
                            config.hnsw());
                    return new ActiveModel(served, kept.index(), null, closeModel, config, kept.reused());
                } catch (IOException ex) {
                    LOG.warn(
                            "cannot keep the HNSW index of '{}' beside {} ({}); building a temporary one",
                            served.name(),
                            artifact,
                            ex.toString());
                }
            }
            Path dir = null;
            if (config.indexDir() != null) {
                Files.createDirectories(config.indexDir());
                dir = Files.createTempDirectory(config.indexDir(), served.name() + "-hnsw-");
            }
            HnswIndex index = HnswIndex.build(served.numItems(), e.dimension(), e::itemVector, config.hnsw(), dir);
            return new ActiveModel(served, index, dir, closeModel, config, false);
        }
        return new ActiveModel(served, null, null, closeModel, config, false);
    }

    public ServedModel served() {
        return served;
    }

    /** True when recommendations go through the HNSW index. */
    public boolean usesAnn() {
        return ann != null;
    }

    /** True when the HNSW index was opened from disk rather than built for this activation. */
    public boolean indexReused() {
        return indexReused;
    }

    /** The model's embedding view, or {@code null}. */
    public EmbeddingModel embedding() {
        return embedding;
    }

    /**
     * The {@code k} best items for this user and history, skipping {@code excluded}.
     *
     * @param user dense user id or -1
     * @param diversity MMR knob in [0, 1]; 0 = the model's order
     */
    public Recommendation recommend(int user, int[] history, int k, BitSet excluded, double diversity) {
        int want = diversity > 0 ? Math.max(MIN_DIVERSITY_CANDIDATES, 5 * k) : k;
        Ranked candidates;
        Source source;
        if (history.length == 0) {
            candidates = TopK.select(popularity, want, excluded);
            source = Source.POPULAR;
        } else if (ann != null) {
            candidates = ann.search(embedding.userVectors(user, history), want, excluded);
            source = Source.ANN;
        } else {
            candidates = TopK.select(scores(user, history), want, excluded);
            source = Source.EXACT;
        }
        Ranked out = diversity > 0 ? Mmr.rerank(candidates, k, diversity, similarity()) : candidates.head(k);
        return new Recommendation(out, source);
    }

    /**
     * Why each of {@code items} was recommended (issue 19; issue 14, item 5): for every item, each
     * history entry's contribution to that item's own score, the score drop when the entry is
     * removed ({@link DeletionAttribution}), for any model. The whole list costs one batched
     * scoring pass of {@code 1 + min(history, 200)} histories, not one encoder run per item; at
     * most the first {@value #MAX_EXPLAINED} items are explained (the others get an empty
     * explanation) and each keeps its {@value #MAX_CONTRIBUTIONS} largest contributions.
     * Multi-interest models also say which interest produced the item (one more read of the
     * interests); a model with several user vectors that is not {@link
     * io.attnrec.core.multi.MultiInterest} gets the interest whose vector scores the item highest
     * (one read of its user vectors per request; their number can change with the history).
     */
    public Explanations explain(int user, int[] history, int[] items) {
        List<Explanation> all = Explainer.explain(served.model(), user, history, items, EXPLAIN, false);
        float[][] vectors = null;
        List<Explanation> out = new ArrayList<>(all.size());
        for (Explanation e : all) {
            int interest = e.interest();
            if (interest < 0
                    && embedding != null
                    && history.length > 0
                    && !e.method().equals(Explanation.NONE)) {
                if (vectors == null) {
                    vectors = embedding.userVectors(user, history);
                }
                if (vectors.length > 1) {
                    interest = argmaxDot(vectors, embedding.itemVector(e.item()));
                }
            }
            out.add(new Explanation(e.item(), interest, head(e.contributions()), e.method(), head(e.attention())));
        }
        return new Explanations(out, Explanation.DELETION);
    }

    private static List<Explanation.Contribution> head(List<Explanation.Contribution> c) {
        return c.size() > MAX_CONTRIBUTIONS ? c.subList(0, MAX_CONTRIBUTIONS) : c;
    }

    /**
     * The user's interests. A model with several user vectors gives one interest per vector:
     * its top items by inner product, and the history items whose best-matching vector it is
     * (weight = that item's share of the history). Any other model gives one interest holding
     * the recommendations and the whole history (most recent first, equal weights).
     */
    public List<Interest> interests(int user, int[] history, int k, BitSet excluded) {
        if (served.model() instanceof MultiInterest multi && history.length > 0) {
            return multiInterests(multi, user, history, k, excluded);
        }
        if (embedding == null || history.length == 0) {
            Recommendation r = recommend(user, history, k, excluded, 0);
            List<Explanation.Contribution> members = new ArrayList<>();
            BitSet seen = new BitSet();
            for (int p = history.length - 1; p >= 0 && members.size() < 2 * MAX_CONTRIBUTIONS; p--) {
                if (!seen.get(history[p])) {
                    seen.set(history[p]);
                    members.add(new Explanation.Contribution(history[p], p, 0));
                }
            }
            List<Explanation.Contribution> weighted = members.stream()
                    .map(c -> new Explanation.Contribution(c.item(), c.position(), 1.0 / members.size()))
                    .toList();
            return List.of(new Interest(0, 1.0, r.ranked(), weighted));
        }
        float[][] vectors = embedding.userVectors(user, history);
        List<List<Explanation.Contribution>> members = new ArrayList<>();
        for (int v = 0; v < vectors.length; v++) {
            members.add(new ArrayList<>());
        }
        int counted = 0;
        for (int p = 0; p < history.length; p++) {
            int h = history[p];
            if (h <= 0 || h > served.numItems()) {
                continue;
            }
            float[] iv = embedding.itemVector(h);
            int best = argmaxDot(vectors, iv);
            members.get(best).add(new Explanation.Contribution(h, p, VectorMath.dot(vectors[best], iv)));
            counted++;
        }
        List<Interest> out = new ArrayList<>();
        for (int v = 0; v < vectors.length; v++) {
            float[][] one = {vectors[v]};
            Ranked items = ann != null ? ann.search(one, k, excluded) : TopK.select(dotScores(vectors[v]), k, excluded);
            List<Explanation.Contribution> m = members.get(v);
            double weight = counted == 0 ? 1.0 / vectors.length : m.size() / (double) counted;
            m.sort(Comparator.comparingDouble(Explanation.Contribution::weight).reversed());
            out.add(new Interest(
                    v, weight, items, m.size() > 2 * MAX_CONTRIBUTIONS ? m.subList(0, 2 * MAX_CONTRIBUTIONS) : m));
        }
        return out;
    }

    /**
     * The interests of a multi-interest model (ComiRec, MIND) as the model itself reads them: each
     * interest's weights over the history (attention or routing coefficients) and the items it
     * alone scores highest. An interest's weight is the share of history items it weighs most.
     */
    private List<Interest> multiInterests(MultiInterest multi, int user, int[] history, int k, BitSet excluded) {
        // The model skips the history itself; ask for more so that other exclusions leave k.
        int extra = excluded == null ? 0 : Math.max(0, excluded.cardinality() - history.length);
        List<io.attnrec.core.multi.Interest> read = multi.explainInterests(user, history, k + extra);
        int[] owner = new int[history.length];
        double[] best = new double[history.length];
        java.util.Arrays.fill(owner, -1);
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        for (io.attnrec.core.multi.Interest in : read) {
            for (Explanation.Contribution c : in.history()) {
                int p = c.position();
                if (p >= 0 && p < history.length && c.weight() > best[p]) {
                    best[p] = c.weight();
                    owner[p] = in.index();
                }
            }
        }
        int counted = (int) java.util.Arrays.stream(owner).filter(o -> o >= 0).count();
        List<Interest> out = new ArrayList<>();
        for (io.attnrec.core.multi.Interest in : read) {
            int[] items = new int[Math.min(k, in.topItems().length)];
            float[] scores = new float[items.length];
            int n = 0;
            for (int x = 0; x < in.topItems().length && n < items.length; x++) {
                if (excluded == null || !excluded.get(in.topItems()[x])) {
                    items[n] = in.topItems()[x];
                    scores[n++] = in.topScores()[x];
                }
            }
            int index = in.index();
            long mine = java.util.Arrays.stream(owner).filter(o -> o == index).count();
            List<Explanation.Contribution> members = in.history();
            out.add(new Interest(
                    index,
                    counted == 0 ? 1.0 / read.size() : mine / (double) counted,
                    new Ranked(java.util.Arrays.copyOf(items, n), java.util.Arrays.copyOf(scores, n)),
                    members.size() > 2 * MAX_CONTRIBUTIONS ? members.subList(0, 2 * MAX_CONTRIBUTIONS) : members));
        }
        return out;
    }

    /**
     * Items like {@code item}: cosine of item vectors for embedding models, otherwise the model's
     * scores for a history made of this one item ("what comes with or after it").
     */
    public Recommendation similarItems(int item, int k) {
        BitSet self = new BitSet();
        self.set(item);
        if (embedding != null) {
            float[] q = embedding.itemVector(item);
            ItemVectorSimilarity sim = similarity();
            float[] scores = scoreBuffer.get();
            scores[0] = Float.NaN;
            IntStream.rangeClosed(1, served.numItems())
                    .parallel()
                    .forEach(i -> scores[i] = (float) sim.similarity(item, i));
            return new Recommendation(TopK.select(scores, k, self), Source.EXACT);
        }
        return new Recommendation(TopK.select(scores(-1, new int[] {item}), k, self), Source.EXACT);
    }

    /**
     * Items of this model ranked by category overlap (Jaccard) with {@code meta}: similar items
     * for an item the model has never seen but whose metadata was sent.
     */
    public Ranked similarByCategories(ItemMeta meta, int k) {
        List<String> cats = meta.categories();
        float[] scores = scoreBuffer.get();
        scores[0] = Float.NaN;
        for (int i = 1; i <= served.numItems(); i++) {
            List<String> other = served.catalog()
                    .get(served.items().external(i))
                    .map(ItemMeta::categories)
                    .orElse(List.of());
            long common = other.stream().distinct().filter(cats::contains).count();
            long union = Stream.concat(cats.stream(), other.stream()).distinct().count();
            scores[i] = union == 0 || common == 0 ? Float.NaN : (float) common / union;
        }
        return TopK.select(scores, k, null);
    }

    /**
     * Similarity used for diversity and fallback explanations: embeddings when the model has
     * them, else categories when the catalogue has them, else co-occurrence in the training
     * histories. Built on first use.
     */
    public ItemVectorSimilarity similarity() {
        ItemVectorSimilarity s = similarity;
        if (s == null) {
            synchronized (this) {
                s = similarity;
                if (s == null) {
                    if (embedding != null) {
                        s = ItemVectorSimilarity.embedding(served.numItems(), embedding::itemVector);
                    } else if (served.catalog().hasCategories()) {
                        s = ItemVectorSimilarity.categories(served.items(), served.catalog());
                    } else {
                        s = ItemVectorSimilarity.cooccurrence(served.numItems(), served.histories());
                    }
                    similarity = s;
                }
            }
        }
        return s;
    }

    /** Builds the lazily computed parts now, so the first requests after a swap are not slow. */
    public void warmUp() {
        similarity();
    }

    /** The model's scores (index 0 set to NaN); valid until this thread's next call. */
    private float[] scores(int user, int[] history) {
        float[] scores;
        if (batcher != null) {
            scores = batcher.score(user, history);
        } else {
            Recommender model = served.model();
            scores = scoreBuffer.get();
            model.score(user, history, scores);
        }
        scores[0] = Float.NaN;
        return scores;
    }

    /** True when exact scoring goes through the request batcher. */
    public boolean batchesRequests() {
        return batcher != null;
    }

    /** Mean requests per batched scoring call so far (0 without batching). */
    public double meanBatchSize() {
        return batcher == null ? 0 : batcher.meanBatchSize();
    }

    private float[] dotScores(float[] vector) {
        float[] scores = scoreBuffer.get();
        scores[0] = Float.NaN;
        for (int i = 1; i <= served.numItems(); i++) {
            scores[i] = VectorMath.dot(vector, embedding.itemVector(i));
        }
        return scores;
    }

    private static int argmaxDot(float[][] vectors, float[] item) {
        int best = 0;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int v = 0; v < vectors.length; v++) {
            float s = VectorMath.dot(vectors[v], item);
            if (s > bestScore) {
                bestScore = s;
                best = v;
            }
        }
        return best;
    }

    /** Takes a reference; false when the model has already been retired and freed. */
    boolean tryAcquire() {
        while (true) {
            int r = refs.get();
            if (r <= 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one frees the index. */
    void release() {
        if (refs.decrementAndGet() == 0) {
            if (batcher != null) {
                batcher.close();
            }
            if (ann != null) {
                try {
                    ann.close();
                } catch (IOException e) {
                    // Nothing reads the index any more; a failed close only leaks a file handle.
                }
            }
            deleteTree(indexDir);
            if (closeModel && served.model() instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // The model is out of service; failing to free it only leaks its memory.
                }
            }
        }
    }

    /** References currently held (registry + requests); for tests. */
    int references() {
        return refs.get();
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Best effort: a leftover temp folder under indexDir is harmless.
        }
    }
}
