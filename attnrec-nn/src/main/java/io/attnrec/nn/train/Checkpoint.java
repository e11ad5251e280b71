package io.attnrec.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.attnrec.nn.Djl;
import java.util.ArrayList;
import java.util.List;

/**
 * The trainable parameters of a network and a copy of their values: what every trainer needs to
 * keep the best epoch's weights and put them back after early stopping.
 */
public final class Checkpoint {

    private final List<Pair<String, Parameter>> params;
    /** Run after every {@link #restore}: drops whatever the owner derived from the old values. */
    private final Runnable restored;

    private Checkpoint(List<Pair<String, Parameter>> params, Runnable restored) {
        this.params = params;
        this.restored = restored;
    }

    /**
     * The parameters of {@code block} that require gradients, in the block's (stable) order; a
     * loaded model's arrays are switched to record gradients, which they do not after loading.
     */
    public static Checkpoint of(Block block) {
        return of(block, () -> {});
    }

    /**
     * As {@link #of(Block)}, with {@code restored} run after every {@link #restore} (a model that
     * keeps copies of its parameters, such as a sequence model's item table, drops them there).
     */
    public static Checkpoint of(Block block, Runnable restored) {
        Djl.noGrad();
        List<Pair<String, Parameter>> list = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
                list.add(p);
            }
        }
        return new Checkpoint(List.copyOf(list), restored);
    }

    /** The trainable parameters with their names, for the optimiser step. */
    public List<Pair<String, Parameter>> parameters() {
        return params;
    }

    /** A copy of every parameter's current values. */
    public float[][] snapshot() {
        float[][] copy = new float[params.size()][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = params.get(i).getValue().getArray().toFloatArray();
        }
        return copy;
    }

    /**
     * Pulls every parameter toward {@code other} (values taken by {@link #snapshot}, e.g. of a
     * fresh initialisation): {@code w = keep * w + (1 - keep) * other}.
     */
    public void blend(float[][] other, double keep) {
        if (other.length != params.size()) {
            throw new IllegalArgumentException(
                    "a blend needs " + params.size() + " parameters' values, got " + other.length);
        }
        float[][] now = snapshot();
        for (int i = 0; i < now.length; i++) {
            if (other[i].length != now[i].length) {
                throw new IllegalArgumentException("parameter " + params.get(i).getKey() + " has " + now[i].length
                        + " values, the blend's " + other[i].length);
            }
            for (int j = 0; j < now[i].length; j++) {
                now[i][j] = (float) (keep * now[i][j] + (1 - keep) * other[i][j]);
            }
        }
        restore(now);
    }

    /** Writes values taken by {@link #snapshot} back into the parameters. */
    public void restore(float[][] values) {
        Djl.noGrad();
        for (int i = 0; i < values.length; i++) {
            NDArray w = params.get(i).getValue().getArray();
            // an indexed copy rather than set(float[]): the latter goes through a deprecated
            // PyTorch guard that prints a warning on the user's terminal
            try (NDManager m = w.getManager().newSubManager()) {
                w.set(new NDIndex(":"), m.create(values[i], w.getShape()));
            }
        }
        restored.run();
    }
}
