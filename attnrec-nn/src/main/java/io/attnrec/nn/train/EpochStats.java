package io.attnrec.nn.train;

import java.util.OptionalDouble;

/**
 * What one epoch did.
 *
 * @param epoch 1-based
 * @param loss mean training loss over the epoch's batches
 * @param validationNdcg NDCG@10 on the validation cases, or empty when not validated this epoch
 * @param seconds wall-clock seconds of the epoch (training and validation)
 * @param best whether this epoch's weights are the best so far
 */
public record EpochStats(int epoch, double loss, OptionalDouble validationNdcg, double seconds, boolean best) {}
