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
 */
public record RetrievalConfig(int annThreshold, HnswConfig hnsw, Path indexDir) {

    public RetrievalConfig {
        if (annThreshold < 1) {
            throw new IllegalArgumentException("annThreshold must be positive, got " + annThreshold);
        }
        if (hnsw == null) {
            throw new IllegalArgumentException("hnsw config is required");
        }
    }

    /** ANN from 200,000 items up (exact scoring below takes a millisecond or two), on the heap. */
    public static RetrievalConfig defaults() {
        return new RetrievalConfig(200_000, HnswConfig.defaults(), null);
    }

    public RetrievalConfig withAnnThreshold(int threshold) {
        return new RetrievalConfig(threshold, hnsw, indexDir);
    }
}
