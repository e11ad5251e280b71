package io.attnrec.nn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

/** One optimiser step, the same in every trainer: only the loss differs between families. */
public final class GradientStep {

    /** A step's loss, built from per-batch arrays that {@code m} owns. */
    @FunctionalInterface
    public interface Loss {
        NDArray compute(NDManager m, ParameterStore ps);
    }

    private GradientStep() {}

    /**
     * Computes the loss under a per-batch manager (freed with every array of the step) and a
     * gradient collector, runs the backward pass, and applies the update when the loss is finite:
     * a step whose loss is not finite is thrown away (see {@link EpochLoop}).
     *
     * @param parent the manager that owns the model's parameters
     * @return the step's loss
     */
    public static double run(NDManager parent, Engine engine, Updater updater, Loss loss) {
        double value;
        try (NDManager m = parent.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray l = loss.compute(m, ps);
                gc.backward(l);
                value = l.getFloat();
            }
            updater.applyIfFinite(value);
        }
        return value;
    }
}
