/**
 * What every neural model shares: its provider, item table and model files.
 *
 * <p>Exports {@link GrownWeights}, {@link ItemTableBlock}, {@link NeuralFiles}, {@link
 * NeuralProvider}, {@link NeuralRecommender}, {@link ItemTableNetwork}, {@link Weights}.
 */
package io.attnrec.nn.model;
