package io.attnrec.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.HashMap;
import java.util.Map;

/**
 * AdamW whose moments can be read out and seeded: DJL's {@code AdamW} keeps them private, so a
 * saved model could not carry them and a fine-tuning restarted the optimiser (issue 16). The update
 * is the engine's own AdamW kernel called with the arguments DJL's {@code AdamW} passes, so a
 * training that seeds nothing runs bit-identically to it ({@code ResumableAdamWTest}).
 *
 * <p>Resuming after {@code begin} updates continues the bias correction from there (moments that
 * are already averages need none), while the learning-rate tracker still counts this run's
 * updates from 1, so a fine-tuning's schedule spans its own budget.
 */
final class ResumableAdamW extends Optimizer {

    // DJL's defaults, as floats: the bias correction computes with exactly these values
    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-8f;

    private final ParameterTracker rate;
    private final int begin;
    /** First and second moments by parameter id, created on a parameter's first update or seeded. */
    private final Map<String, NDArray> means = new HashMap<>();

    private final Map<String, NDArray> variances = new HashMap<>();
    /** The bias-correction count of the last update; {@code begin} before the first. */
    private int step;

    ResumableAdamW(ParameterTracker rate, double weightDecay, int begin) {
        super(new Builder().optWeightDecays((float) weightDecay).optBeginNumUpdate(begin));
        this.rate = rate;
        this.begin = begin;
        this.step = begin;
    }

    /** Starts parameter {@code id}'s moments at these arrays (owned by the caller's manager). */
    void seed(String id, NDArray mean, NDArray variance) {
        means.put(id, mean);
        variances.put(id, variance);
    }

    /** Parameter {@code id}'s first moment, or null before its first update or seed. */
    NDArray mean(String id) {
        return means.get(id);
    }

    /** Parameter {@code id}'s second moment, or null before its first update or seed. */
    NDArray variance(String id) {
        return variances.get(id);
    }

    /** The bias-correction count reached: {@code begin} plus the updates run. */
    int step() {
        return step;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = updateCount(parameterId);
        step = Math.max(step, t);
        double coef1 = 1.0 - Math.pow(BETA1, t);
        double coef2 = 1.0 - Math.pow(BETA2, t);
        // this run's update number, 1-based: a schedule follows the run, not the lineage
        float lr = rate.getNewValue(parameterId, t - begin);
        float corrected = (float) (lr * Math.sqrt(coef2) / coef1);
        float decay = getWeightDecay();
        if (!Float.isFinite(lr) || !Float.isFinite(decay)) {
            throw new IllegalArgumentException("learning rate or weight decay is not finite: " + lr + ", " + decay);
        }
        // attached to the weight's manager: freed with the model, unlike DJL's detached state
        NDArray mean = means.computeIfAbsent(parameterId, k -> weight.zerosLike());
        NDArray variance = variances.computeIfAbsent(parameterId, k -> weight.zerosLike());
        weight.getNDArrayInternal()
                .adamUpdate(
                        new NDList(weight, grad, mean, variance),
                        new NDList(weight),
                        lr,
                        corrected,
                        decay,
                        rescaleGrad,
                        clipGrad,
                        BETA1,
                        BETA2,
                        EPSILON,
                        true,
                        true);
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
