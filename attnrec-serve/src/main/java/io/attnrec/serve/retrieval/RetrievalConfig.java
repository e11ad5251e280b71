package io.attnrec.serve.retrieval;

import java.nio.file.Path;

/**
 * How recommendations are retrieved.
 *
 * @param annThreshold catalogues with at least this many items are searched with an HNSW index
 *     when the model exposes embeddings; smaller ones (and all other models) are scored exactly
 * @param hnsw index settings
 * @param indexDir folder in which index files are memory-mapped (deleted when the model is
 *     retired), or {@code null} to keep indexes on the heap
 * @param maxBatch most concurrent requests scored in one {@code scoreBatch} call, for models
 *     that implement batch scoring themselves (neural networks: one forward pass for many
 *     users); 0 turns batching off
 * @param batchThreads threads calling {@code scoreBatch}
 */
public record RetrievalConfig(int annThreshold, HnswConfig hnsw, Path indexDir, int maxBatch, int batchThreads) {

    public RetrievalConfig {
        if (annThreshold < 1) {
            throw new IllegalArgumentException("annThreshold must be positive, got " + annThreshold);
        }
        if (hnsw == null) {
            throw new IllegalArgumentException("hnsw config is required");
        }
        if (maxBatch < 0) {
            throw new IllegalArgumentException("maxBatch must not be negative, got " + maxBatch);
        }
        if (batchThreads < 1) {
            throw new IllegalArgumentException("batchThreads must be positive, got " + batchThreads);
        }
    }

    /** ANN settings with default batching. */
    public RetrievalConfig(int annThreshold, HnswConfig hnsw, Path indexDir) {
        this(
                annThreshold,
                hnsw,
                indexDir,
                64,
                defaultBatchThreads(Runtime.getRuntime().availableProcessors()));
    }

    /**
     * One scoring thread per 4 cores, at least one. A scoring thread waits for nothing: while it
     * scores a batch the next one gathers, so fewer threads mean larger batches, and the exact
     * scan of a batch costs per request a quarter of what a single request's does up to 4
     * requests (one request is bound by reading the item table, four by the multiply-adds). On
     * the 2-core benchmark machine (issue 20, session 10) two threads left 35-45% of the batches
     * with a single request (mean 3.7 at concurrency 32), one thread 20-25% (mean 6-8), and one
     * thread scores ~10,000 Beauty requests/s in batches, several times what the HTTP side serves.
     */
    static int defaultBatchThreads(int cores) {
        return Math.max(1, cores / 4);
    }

    /**
     * ANN from 200,000 items up (exact scoring below takes a millisecond or two), on the heap;
     * batches of up to 64 requests, one scoring thread per 4 cores ({@link #defaultBatchThreads}).
     */
    public static RetrievalConfig defaults() {
        return new RetrievalConfig(200_000, HnswConfig.defaults(), null);
    }

    public RetrievalConfig withAnnThreshold(int threshold) {
        return new RetrievalConfig(threshold, hnsw, indexDir, maxBatch, batchThreads);
    }

    public RetrievalConfig withBatching(int max, int threads) {
        return new RetrievalConfig(annThreshold, hnsw, indexDir, max, threads);
    }
}
