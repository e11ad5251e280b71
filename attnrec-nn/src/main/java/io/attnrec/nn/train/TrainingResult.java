package io.attnrec.nn.train;

import java.util.List;

/**
 * The outcome of {@link Trainer#fit}.
 *
 * @param epochs per-epoch statistics in order
 * @param bestEpoch the epoch whose weights the model holds now (the last one without validation)
 * @param bestValidationNdcg its validation NDCG@10, or NaN when nothing was validated
 * @param stoppedEarly whether patience ran out before the epoch limit
 * @param divergedAtEpoch the epoch in which a step's loss stopped being finite, ending training
 *     with the best weights kept; 0 when that never happened
 * @param skippedSteps steps thrown away because their loss was not finite
 * @param seconds total wall-clock seconds
 * @param steps optimiser steps the run took: its epochs times the steps of each (a step budget's
 *     "epoch" is one validation interval), skipped steps included. A warm start sizes its budget
 *     by the steps of the training from scratch (issue 16), so they are recorded with the model
 */
public record TrainingResult(
        List<EpochStats> epochs,
        int bestEpoch,
        double bestValidationNdcg,
        boolean stoppedEarly,
        int divergedAtEpoch,
        int skippedSteps,
        double seconds,
        long steps) {

    public TrainingResult {
        epochs = List.copyOf(epochs);
    }
}
