/**
 * Deep-learning models on DJL with the PyTorch engine. {@link io.attnrec.nn.Djl} starts the engine
 * offline; the sub-packages hold the attention blocks ({@code attention}), the shared sequence
 * model plumbing ({@code seq}), the trainer ({@code train}), item content
 * in the item table ({@code content}) and one package per model ({@code
 * sasrec}, {@code lstmattn}, {@code gru4rec}), each registered as a {@code ModelProvider}.
 *
 * <p>Exports {@link Djl}, {@link Scalars}.
 */
package io.attnrec.nn;
