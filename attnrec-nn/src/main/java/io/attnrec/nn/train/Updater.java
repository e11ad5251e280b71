package io.attnrec.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.AdamW;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.attnrec.core.model.FineTuneSchedule;
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
    /** Rows {@code [scaledFrom, scaledTo)} of parameter {@code scaledParam} step {@code scale}× as far. */
    private int scaledParam = -1;

    private long scaledFrom;
    private long scaledTo;
    private float scale = 1f;

    public Updater(Checkpoint checkpoint, double learningRate, double weightDecay) {
        this(checkpoint, Tracker.fixed((float) learningRate), weightDecay);
    }

    /**
     * AdamW whose learning rate at update {@code n} (1-based) is {@code rate.getNewValue(n)}: a
     * schedule over a fine-tuning's step budget ({@link #scheduled}).
     */
    public Updater(Checkpoint checkpoint, Tracker rate, double weightDecay) {
        this.params = checkpoint.parameters();
        this.decayed = adamW(rate, weightDecay);
        this.plain = adamW(rate, 0.0);
    }

    /** The learning rate {@code learningRate} times {@code schedule}'s factor over {@code steps} updates. */
    public static Tracker scheduled(double learningRate, FineTuneSchedule schedule, int steps) {
        return n -> (float) (learningRate * schedule.factor(Math.max(1, n), steps));
    }

    /**
     * Rows {@code [from, to)} of the {@code param}-th parameter (the checkpoint's order) learn at
     * {@code scale} times the learning rate: their whole AdamW step, weight decay included, is
     * scaled, which is what a per-row learning rate does (the moments do not depend on it). Used
     * for the new items' rows of a warm start (issue 16).
     *
     * @return this
     * @throws IllegalArgumentException for a bad parameter index, an empty or reversed range, or a
     *     scale that is not positive
     */
    public Updater scaleRows(int param, long from, long to, double scale) {
        if (param < 0 || param >= params.size()) {
            throw new IllegalArgumentException("no parameter " + param + " among " + params.size());
        }
        long rows = params.get(param).getValue().getArray().getShape().get(0);
        if (from < 0 || to <= from || to > rows) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") are not inside 0.." + rows);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("a row scale must be > 0, got " + scale);
        }
        this.scaledParam = param;
        this.scaledFrom = from;
        this.scaledTo = to;
        this.scale = (float) scale;
        return this;
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
        for (int i = 0; i < params.size(); i++) {
            Pair<String, Parameter> p = params.get(i);
            NDArray w = p.getValue().getArray();
            Optimizer optimizer = decays(p.getKey()) ? decayed : plain;
            if (i == scaledParam && scale != 1f) {
                applyScaled(optimizer, p.getValue(), w);
                continue;
            }
            try (NDArray g = w.getGradient()) {
                optimizer.update(p.getValue().getId(), w, g);
            }
        }
    }

    /** The optimiser's step, then the scaled rows moved to {@code before + scale * (after - before)}. */
    private void applyScaled(Optimizer optimizer, Parameter p, NDArray w) {
        NDIndex rows = new NDIndex("{}:{}", scaledFrom, scaledTo);
        try (NDArray view = w.get(rows);
                NDArray before = view.duplicate()) {
            try (NDArray g = w.getGradient()) {
                optimizer.update(p.getId(), w, g);
            }
            try (NDArray after = w.get(rows);
                    NDArray delta = after.sub(before);
                    NDArray step = delta.mul(scale);
                    NDArray moved = step.add(before)) {
                w.set(rows, moved);
            }
        }
    }

    static boolean decays(String key) {
        return !(key.endsWith("bias") || key.endsWith("gamma") || key.endsWith("beta"));
    }

    private static Optimizer adamW(Tracker rate, double weightDecay) {
        return AdamW.builder()
                .optLearningRateTracker(rate)
                .optWeightDecays((float) weightDecay)
                .build();
    }
}
