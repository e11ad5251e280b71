/**
 * Synthetic models and vectors for the serving benchmarks and tests.
 *
 * <p>Exports {@link SyntheticEmbeddingModel}, {@link SyntheticVectors}.
 */
package io.attnrec.serve.bench;
