package io.attnrec.nn.model;

import io.attnrec.core.model.ConfiguredProvider;
import io.attnrec.core.model.ModelOptions;
import java.util.Map;
import java.util.function.Function;

/**
 * What every neural family's provider holds: its registered name, a line for {@code --help}, and
 * how its config record is read from options and written back for the model's {@code
 * model.json}.
 *
 * @param <C> the family's config record
 */
public abstract class NeuralProvider<C> extends ConfiguredProvider<C> {

    private final Function<C, Map<String, String>> toOptions;

    /**
     * @param parse the config record's parser (unknown keys are an error)
     * @param toOptions the options that {@code parse} turns back into the same config
     */
    protected NeuralProvider(
            String name,
            String description,
            Function<ModelOptions, C> parse,
            Function<C, Map<String, String>> toOptions) {
        super(name, description, parse);
        this.toOptions = toOptions;
    }

    /** Parses the options into the family's config; unknown keys are an error. */
    public final C parse(ModelOptions options) {
        return config(options);
    }

    /** The options that {@link #parse} turns back into {@code config}. */
    protected final Map<String, String> toOptions(C config) {
        return toOptions.apply(config);
    }
}
