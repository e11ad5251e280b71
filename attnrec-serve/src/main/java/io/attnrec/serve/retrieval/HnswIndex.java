package io.attnrec.serve.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Approximate maximum-inner-product search over item vectors with Lucene's HNSW graph (Malkov
 * and Yashunin, 2018).
 *
 * <p>Paper to code: the graph's M is {@link HnswConfig#maxConn}, efConstruction is {@link
 * HnswConfig#beamWidth}, efSearch is the number of candidates asked for per query ({@link
 * HnswConfig#candidates}). Lucene scores inner products on a transformed scale, so every
 * candidate is re-scored with the exact float vectors; the returned scores equal the model's.
 *
 * <p>Items are Lucene documents carrying their item id as a doc value: documents added by
 * several threads land in segments in no fixed order, so doc ids are mapped back explicitly.
 * Thread-safe for searching.
 */
public final class HnswIndex implements AutoCloseable {

    private static final String VECTOR = "v";
    private static final String ITEM = "item";
    private static final int MIN_ITEMS_PER_BUILD_THREAD = 25_000;

    private final Directory directory;
    private final DirectoryReader reader;
    private final List<LeafReader> leaves;
    private final List<int[]> docToItem;
    private final IntFunction<float[]> vectors;
    private final HnswConfig config;
    private final int numItems;

    private HnswIndex(
            Directory directory, DirectoryReader reader, IntFunction<float[]> vectors, HnswConfig config, int numItems)
            throws IOException {
        this.directory = directory;
        this.reader = reader;
        this.vectors = vectors;
        this.config = config;
        this.numItems = numItems;
        this.leaves = new ArrayList<>();
        this.docToItem = new ArrayList<>();
        for (LeafReaderContext ctx : reader.leaves()) {
            LeafReader leaf = ctx.reader();
            int[] map = new int[leaf.maxDoc()];
            NumericDocValues ids = leaf.getNumericDocValues(ITEM);
            for (int d = ids.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = ids.nextDoc()) {
                map[d] = (int) ids.longValue();
            }
            leaves.add(leaf);
            docToItem.add(map);
        }
    }

    /**
     * Builds the graph over items {@code 1..numItems}.
     *
     * @param vectors item id to its vector (all of length {@code dim}); kept for exact re-scoring
     * @param dir folder for the index files (memory-mapped; use for large catalogues), or {@code
     *     null} to keep the index on the heap
     */
    public static HnswIndex build(int numItems, int dim, IntFunction<float[]> vectors, HnswConfig config, Path dir)
            throws IOException {
        if (numItems < 1) {
            throw new IllegalArgumentException("an index needs at least one item");
        }
        // Each extra thread builds its own segment that the final merge re-inserts: worth it only
        // when segments are large enough to amortise the merge.
        int threads = Math.max(1, Math.min(config.buildThreads(), numItems / MIN_ITEMS_PER_BUILD_THREAD));
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
        Directory directory = dir == null ? new ByteBuffersDirectory() : FSDirectory.open(dir);
        try {
            KnnVectorsFormat format = format(config, threads, pool);
            IndexWriterConfig iwc = new IndexWriterConfig()
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                    // One flush per indexing thread at the end instead of many small segments
                    // that would each build a graph and then be merged.
                    .setRAMBufferSizeMB(1900)
                    .setCodec(new Lucene912Codec() {
                        @Override
                        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                            return format;
                        }
                    });
            try (IndexWriter writer = new IndexWriter(directory, iwc)) {
                if (pool == null) {
                    addRange(writer, 1, numItems + 1, dim, vectors);
                } else {
                    List<Future<?>> parts = new ArrayList<>();
                    int step = (numItems + threads - 1) / threads;
                    for (int t = 0; t < threads; t++) {
                        int from = 1 + t * step;
                        int to = Math.min(numItems + 1, from + step);
                        parts.add(pool.submit(() -> {
                            addRange(writer, from, to, dim, vectors);
                            return null;
                        }));
                    }
                    for (Future<?> f : parts) {
                        f.get();
                    }
                }
                // One segment = one graph to search per query; the merge inserts the smaller
                // segments' nodes into the largest graph using the merge workers.
                writer.forceMerge(1);
                writer.commit();
            }
            return new HnswIndex(directory, DirectoryReader.open(directory), vectors, config, numItems);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            directory.close();
            throw new IOException("index build interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            directory.close();
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException("index build failed: " + c, c);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
        }
    }

    /**
     * Opens an index that {@link #build} wrote into {@code dir} earlier (memory-mapped), for the
     * same items and vectors.
     *
     * @throws IOException if {@code dir} holds no readable index, or one of a different number of
     *     items or dimension
     */
    public static HnswIndex open(Path dir, int numItems, int dim, IntFunction<float[]> vectors, HnswConfig config)
            throws IOException {
        Directory directory = FSDirectory.open(dir);
        DirectoryReader reader = null;
        try {
            reader = DirectoryReader.open(directory);
            if (reader.numDocs() != numItems) {
                throw new IOException(
                        "index in " + dir + " holds " + reader.numDocs() + " items, the model has " + numItems);
            }
            for (LeafReaderContext ctx : reader.leaves()) {
                FieldInfo field = ctx.reader().getFieldInfos().fieldInfo(VECTOR);
                if (field == null || field.getVectorDimension() != dim) {
                    throw new IOException("index in " + dir + " has vectors of dimension "
                            + (field == null ? 0 : field.getVectorDimension()) + ", the model " + dim);
                }
            }
            return new HnswIndex(directory, reader, vectors, config, numItems);
        } catch (IOException | RuntimeException e) {
            if (reader != null) {
                reader.close();
            }
            directory.close();
            throw e instanceof IOException io ? io : new IOException("index in " + dir + " is unreadable: " + e, e);
        }
    }

    private static KnnVectorsFormat format(HnswConfig config, int threads, ExecutorService pool) {
        int workers = pool == null ? 1 : threads;
        if (config.quantized()) {
            // 7 bits, no compression, confidence interval chosen by Lucene (null).
            return new Lucene99HnswScalarQuantizedVectorsFormat(
                    config.maxConn(), config.beamWidth(), workers, 7, false, null, pool);
        }
        return new Lucene99HnswVectorsFormat(config.maxConn(), config.beamWidth(), workers, pool);
    }

    private static void addRange(IndexWriter writer, int from, int to, int dim, IntFunction<float[]> vectors)
            throws IOException {
        for (int i = from; i < to; i++) {
            float[] v = vectors.apply(i);
            if (v.length != dim) {
                throw new IllegalArgumentException(
                        "item " + i + " has a vector of length " + v.length + ", expected " + dim);
            }
            Document doc = new Document();
            doc.add(new KnnFloatVectorField(VECTOR, v, VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT));
            doc.add(new NumericDocValuesField(ITEM, i));
            writer.addDocument(doc);
        }
    }

    /** Number of indexed items. */
    public int size() {
        return numItems;
    }

    /** Number of graph segments (1 after a normal build). */
    int segments() {
        return leaves.size();
    }

    /** The about-{@code k} best items for one query vector. */
    public Ranked search(float[] query, int k) {
        return search(new float[][] {query}, k, null);
    }

    /**
     * The {@code k} best items by {@code max_q dot(query_q, item)} over several query vectors (a
     * multi-interest user), skipping {@code excluded} items (may be {@code null}). Asks the graph
     * for more candidates when exclusions leave fewer than {@code k}.
     */
    public Ranked search(float[][] queries, int k, BitSet excluded) {
        return search(queries, k, excluded, config.candidates(k));
    }

    /**
     * As {@link #search(float[][], int, BitSet)} with an explicit number of graph candidates per
     * query vector (HNSW's efSearch), for tuning.
     */
    public Ranked search(float[][] queries, int k, BitSet excluded, int candidates) {
        if (k <= 0 || candidates <= 0) {
            throw new IllegalArgumentException("k and candidates must be positive");
        }
        int excludedCount = excluded == null ? 0 : excluded.cardinality();
        int want = Math.min(numItems, Math.max(k, candidates) + excludedCount);
        try {
            while (true) {
                io.attnrec.core.model.TopK.Heap heap = new io.attnrec.core.model.TopK.Heap(k);
                BitSet seen = new BitSet(numItems + 1);
                int found = 0;
                for (float[] q : queries) {
                    for (int l = 0; l < leaves.size(); l++) {
                        TopDocs top = leaves.get(l).searchNearestVectors(VECTOR, q, want, null, Integer.MAX_VALUE);
                        int[] map = docToItem.get(l);
                        for (ScoreDoc sd : top.scoreDocs) {
                            int item = map[sd.doc];
                            if (seen.get(item)) {
                                continue;
                            }
                            seen.set(item);
                            if (excluded != null && excluded.get(item)) {
                                continue;
                            }
                            found++;
                            heap.offer(item, VectorMath.maxDot(queries, vectors.apply(item)));
                        }
                    }
                }
                if (found >= k || want >= numItems) {
                    return Ranked.of(heap.drain());
                }
                want = (int) Math.min(numItems, 2L * want);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("vector index read failed", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } finally {
            directory.close();
        }
    }
}
