/**
 * Candidate retrieval for serving: HNSW, exact top-k, MMR re-ranking.
 *
 * <p>Exports {@link HnswConfig}, {@link HnswIndex}, {@link ItemVectorSimilarity}, {@link Mmr},
 * {@link Ranked}, {@link RetrievalConfig}, {@link TopK}, {@link VectorMath}.
 */
package io.attnrec.serve.retrieval;
