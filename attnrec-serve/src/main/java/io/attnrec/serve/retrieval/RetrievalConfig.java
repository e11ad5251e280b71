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
     * One scoring thread per core. Since requests whose scan is cheap are ranked on their own
     * thread (the batches then see nothing), the batches carry only expensive scans, which are
     * bound by the multiply-adds (one request's scan of Beauty ~77 us of CPU in a batch of 4 or
     * more), so they want every core. Measured side by side on the 2-core machine (issue 20,
     * session 11, `bench/serve-compare-wrk.sh`, concurrency 32, three rounds each): on a 3-epoch
     * full-softmax SASRec/Beauty two threads served 6,195-6,994 requests/s against 5,645-5,746
     * with one; on the 1-epoch BCE artifact, whose requests are nearly all ranked inline, 19,079-21,587
     * against 18,399-20,378. (Session 10 chose one per 4 cores before the inline path existed,
     * when every request went through the batches and fewer threads made larger batches.)
     */
    static int defaultBatchThreads(int cores) {
        return Math.max(1, cores);
    }

    /**
     * ANN from 200,000 items up (exact scoring below takes a millisecond or two), on the heap;
     * batches of up to 64 requests, one scoring thread per core ({@link #defaultBatchThreads}).
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
