/**
 * Use cases the CLI, the server and Spark share: train and save, evaluate a saved model, compare, warm start and update.
 *
 * <p>Exports {@link DataSpec}, {@link Experiments}, {@link ModelSpec}, {@link ModelUpdater},
 * {@link TrainedModel}, {@link UpdateOutcome}, {@link UseCases}, {@link WarmStarts}; the other
 * class is package-private.
 */
package io.attnrec.core.experiment;
