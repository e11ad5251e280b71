package io.attnrec.nn.model;

import ai.djl.ndarray.NDManager;
import io.attnrec.core.model.BaseRecommender;
import java.util.Map;

/**
 * What every trained neural model holds, whatever its family: the manager that owns its
 * parameters, its network, the typed config it was built with and the options that rebuild that
 * config (written to {@code model.json}). Closing the model frees the parameters.
 *
 * @param <C> the family's config record
 * @param <N> the family's network type
 */
public abstract class NeuralRecommender<C, N extends ItemTableNetwork<?>> extends BaseRecommender
        implements AutoCloseable {

    /** Owns the parameters; per-batch managers are opened under it. */
    protected final NDManager manager;

    protected final N network;
    private final C config;
    private final Map<String, String> options;
    /** Steps of this process's training of the model; 0 until one is recorded. */
    private volatile long trainingSteps;

    protected NeuralRecommender(String name, NDManager manager, N network, C config, Map<String, String> options) {
        super(name, network.numItems());
        this.manager = manager;
        this.network = network;
        this.config = config;
        this.options = Map.copyOf(options);
    }

    /** The typed settings this model was built and trained with. */
    public final C config() {
        return config;
    }

    /** Options that rebuild this model's network and training settings (persisted). */
    public final Map<String, String> options() {
        return options;
    }

    @Override
    public final long trainingSteps() {
        return trainingSteps;
    }

    /** What the training that made this model cost in optimiser steps (recorded by the provider). */
    public final void recordTrainingSteps(long steps) {
        this.trainingSteps = steps;
    }

    /** The network (for the trainer). */
    public N network() {
        return network;
    }

    /** Embedding size D. */
    public final int dim() {
        return network.dim();
    }

    /** The manager that owns the parameters; per-batch managers are opened under it. */
    public final NDManager manager() {
        return manager;
    }

    /** One user is a batch of one: a neural model scores in batched forward passes. */
    @Override
    public final void score(int user, int[] history, float[] scores) {
        scoreBatch(new int[] {user}, new int[][] {history}, new float[][] {scores});
    }

    /** Every neural model scores whole batches; {@link #score} goes through it. */
    @Override
    public abstract void scoreBatch(int[] users, int[][] histories, float[][] out);

    @Override
    public void close() {
        manager.close();
    }
}
