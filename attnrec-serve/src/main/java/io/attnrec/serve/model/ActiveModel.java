package io.attnrec.serve.model;

import io.attnrec.core.content.NewItemScorer;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.explain.DeletionAttribution;
import io.attnrec.core.explain.Explainer;
import io.attnrec.core.model.EmbeddingModel;
import io.attnrec.core.model.Explanation;
import io.attnrec.serve.retrieval.HnswIndex;
import io.attnrec.serve.retrieval.ItemVectorSimilarity;
import io.attnrec.serve.retrieval.Mmr;
import io.attnrec.serve.retrieval.Ranked;
import io.attnrec.serve.retrieval.RetrievalConfig;
import io.attnrec.serve.retrieval.VectorMath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A served model prepared for answering requests, shared by all requests while it is active. A
 * request goes through visible stages: {@link Retrieval} (popular items, HNSW or exact scoring)
 * → re-ranking ({@link Mmr} when diversity is asked for) → explanation ({@link Explainer}, one
 * batched pass); interests ({@link InterestView}) and similar items ({@link SimilarItems}) read
 * the same stages.
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

    /**
     * A ranking of the model's items with catalogue items it has never seen merged in (issue 16).
     *
     * @param entries best first; {@link NewItemStage.Entry#source()} says which are new
     * @param source how the model's part was computed
     */
    public record Ranking(List<NewItemStage.Entry> entries, Source source) {

        /** The model's items of the ranking (dense ids), in order. */
        public int[] modelItems() {
            return entries.stream()
                    .filter(e -> e.newItem() == null)
                    .mapToInt(NewItemStage.Entry::item)
                    .toArray();
        }
    }

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
    // the stages of a request: retrieve candidates, then re-rank, explain or read interests
    private final Retrieval retrieval;
    private final InterestView interestView;
    private final SimilarItems similarItems;
    private final NewItemStage newItems;

    private ActiveModel(
            ServedModel served,
            HnswIndex ann,
            Path indexDir,
            boolean closeModel,
            RetrievalConfig config,
            boolean indexReused,
            NewItemScorer<?> newItemScorer) {
        this.served = served;
        this.indexReused = indexReused;
        this.closeModel = closeModel;
        this.batcher = ann == null && config.maxBatch() > 1 && BatchingScorer.batchesNatively(served.model())
                ? new BatchingScorer(served.model(), config.maxBatch(), config.batchThreads(), served.name())
                : null;
        this.embedding = served.model() instanceof EmbeddingModel e ? e : null;
        this.ann = ann;
        this.indexDir = indexDir;
        this.retrieval = new Retrieval(served, ann, batcher);
        this.interestView = new InterestView(served, retrieval);
        this.similarItems = new SimilarItems(served, retrieval);
        this.newItems = new NewItemStage(served, newItemScorer);
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
        // before the index: finding a network's content projection may drop its item-vector copy
        NewItemScorer<?> scorer = newItemScorer(served);
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
                    return new ActiveModel(served, kept.index(), null, closeModel, config, kept.reused(), scorer);
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
            return new ActiveModel(served, index, dir, closeModel, config, false, scorer);
        }
        return new ActiveModel(served, null, null, closeModel, config, false, scorer);
    }

    /** The model's scorer of never-seen items, or null; a failure only costs the content rule. */
    private static NewItemScorer<?> newItemScorer(ServedModel served) {
        try {
            return NewItemScorer.of(served.model()).orElse(null);
        } catch (RuntimeException e) {
            LOG.warn(
                    "model '{}': new items cannot be scored from content ({}); they get the fallback rule",
                    served.name(),
                    e.toString());
            return null;
        }
    }

    public ServedModel served() {
        return served;
    }

    /** True when recommendations go through the HNSW index. */
    public boolean usesAnn() {
        return ann != null;
    }

    /** True when the HNSW index was opened from disk rather than built for this activation. */
    boolean indexReused() {
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
        // retrieve -> re-rank: MMR needs a wider pool than the k it returns
        int want = diversity > 0 ? Math.max(MIN_DIVERSITY_CANDIDATES, 5 * k) : k;
        Recommendation candidates = retrieval.candidates(user, history, want, excluded);
        Ranked out = diversity > 0
                ? Mmr.rerank(candidates.ranked(), k, diversity, similarity())
                : candidates.ranked().head(k);
        return new Recommendation(out, candidates.source());
    }

    /**
     * As {@link #recommend(int, int[], int, BitSet, double)}, with the catalogue items this model
     * has never seen merged in ({@link NewItemStage}: by content score when the model has content
     * features, else by the category fallback). The model's own items keep their scores and
     * order; without new items the ranking is exactly the model's.
     *
     * @param items the server's item catalogue, or null
     * @param excludedNew new items to leave out (the user's own)
     * @param slots most fallback items per list
     */
    public Ranking recommend(
            int user,
            int[] history,
            int k,
            BitSet excluded,
            double diversity,
            NewItems items,
            java.util.Set<String> excludedNew,
            int slots) {
        Recommendation own = recommend(user, history, k, excluded, diversity);
        return new Ranking(newItems.merge(own.ranked(), k, user, history, items, excludedNew, slots), own.source());
    }

    /** Number of catalogue items this model has never seen. */
    public int newItemCount(NewItems items) {
        return items == null || items.isEmpty() ? 0 : newItems.count(items);
    }

    /** True when this model scores never-seen items from their content. */
    boolean scoresNewItemsByContent() {
        return newItems.scoresContent();
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

    /** Builds the lazily computed parts now, so the first requests after a swap are not slow. */
    /**
     * The user's interests. A multi-interest model gives its own interests (their items and the
     * history items that weigh most in each); a model with several user vectors one interest per
     * vector; any other model one interest: its recommendations and the newest history items.
     */
    public List<Interest> interests(int user, int[] history, int k, BitSet excluded) {
        return interestView.interests(user, history, k, excluded);
    }

    /** The {@code k} items most similar to {@code item} (item vectors, categories or co-occurrence). */
    public Recommendation similarItems(int item, int k) {
        return similarItems.similarItems(item, k);
    }

    /** The {@code k} items sharing most categories with {@code meta} (Jaccard), for items the model never saw. */
    public Ranked similarByCategories(ItemMeta meta, int k) {
        return similarItems.similarByCategories(meta, k);
    }

    /** The item-to-item similarity used by MMR and {@link #similarItems}. */
    public ItemVectorSimilarity similarity() {
        return similarItems.similarity();
    }

    public void warmUp() {
        similarity();
    }

    /** True when exact scoring goes through the request batcher. */
    boolean batchesRequests() {
        return batcher != null;
    }

    /** Mean requests per batched scoring call so far (0 without batching). */
    double meanBatchSize() {
        return batcher == null ? 0 : batcher.meanBatchSize();
    }

    static int argmaxDot(float[][] vectors, float[] item) {
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
