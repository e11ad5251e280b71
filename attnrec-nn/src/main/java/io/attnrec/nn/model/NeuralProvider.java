package io.attnrec.nn.model;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import java.util.Map;
import java.util.function.Function;

/**
 * What every neural family's provider holds: its registered name, a line for {@code --help}, and
 * how its config record is read from options and written back for the model's {@code
 * model.json}.
 *
 * @param <C> the family's config record
 */
public abstract class NeuralProvider<C> implements ModelProvider {

    private final String name;
    private final String description;
    private final Function<ModelOptions, C> parse;
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
        this.name = name;
        this.description = description;
        this.parse = parse;
        this.toOptions = toOptions;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    /** Parses the options into the family's config; unknown keys are an error. */
    public final C parse(ModelOptions options) {
        return parse.apply(options);
    }

    /** Parsing is the check: the family's config record rejects unknown keys and bad values. */
    @Override
    public final void checkOptions(ModelOptions options) {
        parse(options);
    }

    /** The options that {@link #parse} turns back into {@code config}. */
    protected final Map<String, String> toOptions(C config) {
        return toOptions.apply(config);
    }
}
