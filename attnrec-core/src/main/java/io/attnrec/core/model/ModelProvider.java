package io.attnrec.core.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Service-provider interface through which models are found by name ({@link Models}). A new
 * model is a new package with its config record, its provider and one line in {@code
 * META-INF/services/io.attnrec.core.model.ModelProvider}; nothing else changes.
 */
public interface ModelProvider {

    /** Command-line name, lower case with hyphens, e.g. {@code "sasrec"}. */
    String name();

    /** One line for {@code --help} and reports. */
    String description();

    /**
     * Checks {@code options} without any data, as {@link #train} would read them (unknown keys,
     * values out of range): {@code train} and {@code compare} call it before a data set is loaded,
     * so a typo fails at once. The default checks nothing (the options are then checked when the
     * model trains).
     *
     * @throws IllegalArgumentException naming the bad option
     */
    default void checkOptions(ModelOptions options) {}

    /**
     * Trains a model. The provider parses {@code options} into its typed config (unknown keys are
     * an error, see {@link ModelOptions#requireAllUsed()}) and uses {@code seed} for every random
     * choice.
     */
    Recommender train(TrainingData data, ModelOptions options, long seed);

    /**
     * Reads a model written by {@link Persistable#save} into {@code dir}.
     *
     * @throws UnsupportedOperationException if this model cannot be saved
     */
    default Recommender load(Path dir) throws IOException {
        throw new UnsupportedOperationException("model '" + name() + "' cannot be loaded from disk");
    }
}
