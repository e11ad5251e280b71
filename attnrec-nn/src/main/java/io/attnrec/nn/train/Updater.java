package io.attnrec.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.attnrec.core.model.FineTuneSchedule;
import io.attnrec.nn.Djl;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * AdamW over a {@link Checkpoint}'s parameters, as every trainer uses it: weight decay on weights
 * and embeddings, none on biases and normalisation parameters (the usual AdamW practice). Its
 * state can be read out after a training ({@link #state}) and resumed by the next (the
 * constructor's {@code resume}).
 */
public final class Updater {

    private final List<Pair<String, Parameter>> params;
    private final ResumableAdamW decayed;
    private final ResumableAdamW plain;
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
        this(checkpoint, rate, weightDecay, null);
    }

    /**
     * As {@link #Updater(Checkpoint, Tracker, double)}, continuing from {@code resume} (null: a
     * fresh optimiser): its moments seed every parameter's, and the bias correction goes on from its
     * step count. The rate's schedule still counts this run's updates from 1.
     *
     * @throws IllegalArgumentException when {@code resume} holds other parameters or shapes
     */
    public Updater(Checkpoint checkpoint, Tracker rate, double weightDecay, OptimizerState resume) {
        this.params = checkpoint.parameters();
        int begin = resume == null ? 0 : resume.steps();
        this.decayed = new ResumableAdamW(rate, weightDecay, begin);
        this.plain = new ResumableAdamW(rate, 0.0, begin);
        if (resume != null) {
            seed(resume);
        }
    }

    private void seed(OptimizerState resume) {
        if (resume.params().size() != params.size()) {
            throw new IllegalArgumentException("the optimiser state holds "
                    + resume.params().size() + " parameters, the network " + params.size());
        }
        for (int i = 0; i < params.size(); i++) {
            Pair<String, Parameter> p = params.get(i);
            OptimizerState.Moments m = resume.params().get(i);
            NDArray w = p.getValue().getArray();
            Shape shape = w.getShape();
            if (!m.name().equals(p.getKey()) || !Arrays.equals(m.shape(), shape.getShape())) {
                throw new IllegalArgumentException("the optimiser state's parameter " + i + " is " + m.name()
                        + Arrays.toString(m.shape()) + ", the network's " + p.getKey() + shape);
            }
            // owned by the weights' manager, as the moments a first update creates
            NDManager owner = w.getManager();
            optimizerFor(p.getKey())
                    .seed(p.getValue().getId(), owner.create(m.mean(), shape), owner.create(m.variance(), shape));
        }
    }

    /**
     * The optimiser's state now: every parameter's moments (zero for one never updated) and the
     * step count reached, for the model to carry to its next training.
     */
    public OptimizerState state() {
        List<OptimizerState.Moments> out = new ArrayList<>(params.size());
        for (Pair<String, Parameter> p : params) {
            ResumableAdamW optimizer = optimizerFor(p.getKey());
            NDArray w = p.getValue().getArray();
            NDArray mean = optimizer.mean(p.getValue().getId());
            NDArray variance = optimizer.variance(p.getValue().getId());
            int size = Math.toIntExact(w.size());
            out.add(new OptimizerState.Moments(
                    p.getKey(),
                    w.getShape().getShape(),
                    mean == null ? new float[size] : mean.toFloatArray(),
                    variance == null ? new float[size] : variance.toFloatArray()));
        }
        return new OptimizerState(Math.max(decayed.step(), plain.step()), out);
    }

    private ResumableAdamW optimizerFor(String key) {
        return decays(key) ? decayed : plain;
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
            ResumableAdamW optimizer = optimizerFor(p.getKey());
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
    private void applyScaled(ResumableAdamW optimizer, Parameter p, NDArray w) {
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
}
