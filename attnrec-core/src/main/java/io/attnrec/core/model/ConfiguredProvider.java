package io.attnrec.core.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * A model's registration as one constructor call: its name, description, how its options become
 * its config, how it trains from that config and how it loads. The options are checked by
 * parsing them (before any data) and parsed again when the model trains. Families that train and
 * load in their own way (the neural ones) give only the first three and override {@link #train}
 * and {@link #load}.
 *
 * @param <C> the model's config
 */
public abstract class ConfiguredProvider<C> implements ModelProvider {

    /** Trains a model from its parsed config. */
    @FunctionalInterface
    public interface ConfigTrainer<C> {
        Recommender train(TrainingData data, C config, long seed);
    }

    /** Reads a saved model. */
    @FunctionalInterface
    public interface ArtifactLoader {
        Recommender load(Path dir) throws IOException;
    }

    private final String name;
    private final String description;
    private final Function<ModelOptions, C> parse;
    private final ConfigTrainer<C> trainer;
    private final ArtifactLoader loader;

    /** A provider whose subclass overrides {@link #train} and {@link #load}. */
    protected ConfiguredProvider(String name, String description, Function<ModelOptions, C> parse) {
        this(name, description, parse, null, null);
    }

    protected ConfiguredProvider(
            String name,
            String description,
            Function<ModelOptions, C> parse,
            ConfigTrainer<C> trainer,
            ArtifactLoader loader) {
        // a provider missing one of these would fail only at its first use, far from the cause
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.parse = Objects.requireNonNull(parse, "parse");
        // null when the subclass overrides train and load
        this.trainer = trainer;
        this.loader = loader;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    /** The config {@code options} give (unknown keys and bad values are errors). */
    protected final C config(ModelOptions options) {
        return parse.apply(options);
    }

    @Override
    public void checkOptions(ModelOptions options) {
        config(options);
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        if (trainer == null) {
            throw new IllegalStateException(name + "'s provider must override train");
        }
        return trainer.train(data, config(options), seed);
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return loader == null ? ModelProvider.super.load(dir) : loader.load(dir);
    }
}
