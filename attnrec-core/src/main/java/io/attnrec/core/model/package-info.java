/**
 * The model API: {@code Recommender}, the provider registry, options, saved artifacts and their manifest.
 *
 * <p>Exports {@link ArtifactInfo}, {@link BaseRecommender}, {@link CandidateScorer}, {@link ConfiguredProvider}, {@link
 * EmbeddingModel}, {@link EvalCase}, {@link Explainable}, {@link Explanation}, {@link
 * FactorScorer}, {@link FactorTable}, {@link Increment}, {@link Lineage}, {@link LoadedModel},
 * {@link ConfigRules}, {@link Manifest}, {@link ModelArtifact}, {@link ModelFiles}, {@link ModelOptions}, {@link
 * ModelProvider}, {@link Models}, {@link Persistable}, {@link Recommender}, {@link RecordOptions},
 * {@link SavedModelProvider}, {@link TopK}, {@link TrainingData}, {@link WarmStartConfig}, {@link
 * WarmStartable}.
 */
package io.attnrec.core.model;
