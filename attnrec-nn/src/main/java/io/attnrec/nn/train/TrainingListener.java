package io.attnrec.nn.train;

/** Observes a training run (progress display, curves, logging). All methods are optional. */
public interface TrainingListener {

    /** Called once before the first epoch. */
    default void onTrainingStart(String model, int maxEpochs, int batchesPerEpoch) {}

    /** Called after every optimisation step with that batch's loss. */
    default void onBatchEnd(int epoch, int batch, double loss) {}

    /** Called after each epoch, validation included. */
    default void onEpochEnd(EpochStats stats) {}

    /** Called once at the end, after the best weights were restored. */
    default void onTrainingEnd(TrainingResult result) {}
}
