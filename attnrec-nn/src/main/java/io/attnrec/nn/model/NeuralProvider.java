package io.attnrec.nn.model;

import io.attnrec.core.model.ConfiguredProvider;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What every neural family's provider holds: its registered name, a line for {@code --help}, and
 * how its config record is read from options. The record is written back for the model's {@code
 * model.json} from its components ({@link RecordOptions#toOptions}), so a family declares its keys
 * once, in the record.
 *
 * @param <C> the family's config record
 */
public abstract class NeuralProvider<C extends Record> extends ConfiguredProvider<C> {

    /** @param parse the config record's parser (unknown keys are an error) */
    protected NeuralProvider(String name, String description, Function<ModelOptions, C> parse) {
        super(name, description, parse);
    }

    /** Parses the options into the family's config; unknown keys are an error. */
    public final C parse(ModelOptions options) {
        return config(options);
    }

    /** The options that {@link #parse} turns back into {@code config}. */
    protected final Map<String, String> toOptions(C config) {
        return RecordOptions.toOptions(config);
    }

    /**
     * Runs {@code training} on the fresh {@code model} and returns it; a training that fails closes
     * the model (frees its parameters) before the error propagates.
     */
    protected static <M extends NeuralRecommender<?, ?>> M trainedOrClosed(M model, Consumer<M> training) {
        try {
            training.accept(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }
}
