package io.attnrec.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.AdamW;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.attnrec.nn.Djl;
import java.util.List;

/**
 * AdamW over a {@link Checkpoint}'s parameters, as every trainer uses it: weight decay on weights
 * and embeddings, none on biases and normalisation parameters (the usual AdamW practice).
 */
public final class Updater {

    private final List<Pair<String, Parameter>> params;
    private final Optimizer decayed;
    private final Optimizer plain;

    public Updater(Checkpoint checkpoint, double learningRate, double weightDecay) {
        this.params = checkpoint.parameters();
        this.decayed = adamW(learningRate, weightDecay);
        this.plain = adamW(learningRate, 0.0);
    }

    /**
     * Applies the last backward pass's gradients when its loss is finite; otherwise throws them
     * away (zeroes them, the step never happened). Returns whether the step was applied.
     */
    public boolean applyIfFinite(double loss) {
        if (Double.isFinite(loss)) {
            apply();
            return true;
        }
        for (Pair<String, Parameter> p : params) {
            Djl.zeroGradient(p.getValue().getArray());
        }
        return false;
    }

    /** One step with the gradients of the last backward pass; the optimiser zeroes them after. */
    private void apply() {
        for (Pair<String, Parameter> p : params) {
            NDArray w = p.getValue().getArray();
            try (NDArray g = w.getGradient()) {
                (decays(p.getKey()) ? decayed : plain).update(p.getValue().getId(), w, g);
            }
        }
    }

    static boolean decays(String key) {
        return !(key.endsWith("bias") || key.endsWith("gamma") || key.endsWith("beta"));
    }

    private static Optimizer adamW(double learningRate, double weightDecay) {
        return AdamW.builder()
                .optLearningRateTracker(Tracker.fixed((float) learningRate))
                .optWeightDecays((float) weightDecay)
                .build();
    }
}
