/**
 * Next-item training: batches of whole user sequences with a target at every position, the
 * losses (full and sampled softmax, BCE, gBCE), AdamW, early stopping on validation NDCG@10 with
 * the best weights restored, listeners for progress and training curves.
 */
package io.attnrec.nn.train;
