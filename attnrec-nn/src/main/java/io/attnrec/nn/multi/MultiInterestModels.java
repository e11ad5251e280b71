package io.attnrec.nn.multi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.attnrec.core.model.TrainingData;

/** What the multi-interest providers share: training followed by category assignment. */
public final class MultiInterestModels {

    private MultiInterestModels() {}

    /**
     * Trains {@code model} and assigns the item categories of its aggregation; closes the model
     * if anything fails.
     */
    public static <M extends MultiInterestRecommender> M fit(
            M model, MultiTrainConfig config, TrainingData data, long seed) {
        try {
            new MultiInterestTrainer(config).fit(model, data, seed);
            model.assignCategories(data, seed);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Zeroes row 0 (padding) of a freshly initialised item table: padding must score nothing. */
    public static void zeroPaddingRow(NDArray table) {
        table.set(new NDIndex("0"), 0f);
    }
}
