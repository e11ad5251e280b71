/**
 * Next-item training: batches of whole user sequences with a target at every position, the
 * losses (full and sampled softmax, BCE, gBCE), AdamW, early stopping on validation NDCG@10 with
 * the best weights restored, listeners for progress and training curves.
 *
 * <p>Exports {@link Checkpoint}, {@link EpochLoop}, {@link EpochStats}, {@link LossKind}, {@link
 * ProgressListener}, {@link TrainConfig}, {@link Trainer}, {@link TrainingCurve}, {@link
 * TrainingListener}, {@link TrainingResult}, {@link Updater}, {@link ValidationSample}; the other
 * 2 classes are package-private.
 */
package io.attnrec.nn.train;
