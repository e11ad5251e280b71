package io.attnrec.nn.seq;

import ai.djl.ndarray.NDManager;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.nn.Djl;
import io.attnrec.nn.content.ContentOptions;
import io.attnrec.nn.content.ItemContent;
import io.attnrec.nn.model.NeuralFiles;
import io.attnrec.nn.model.NeuralProvider;
import io.attnrec.nn.train.TrainConfig;
import io.attnrec.nn.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * What a sequential family registers: its name, how its config record is parsed and written back,
 * and how its network is built. Training ({@link Trainer}), scoring, explanation and persistence
 * ({@link SequenceRecommender}) are shared by every family.
 *
 * @param <C> the family's config record
 */
public abstract class SequenceProvider<C> extends NeuralProvider<C> {

    /** Builds a new, uninitialised network; {@code content} is non-null exactly when content is on. */
    @FunctionalInterface
    public interface NetworkFactory<C> {
        SequenceNetwork build(int numItems, C config, ItemContent content);
    }

    private final Function<C, TrainConfig> train;
    private final Function<C, ContentOptions> content;
    private final NetworkFactory<C> network;

    /**
     * @param parse the config record's parser (unknown keys are an error)
     * @param toOptions the options that {@code parse} turns back into the same config
     * @param train the training settings inside a config
     * @param content the content settings inside a config ({@code c -> ContentOptions.defaults()}
     *     for a family without content features)
     */
    protected SequenceProvider(
            String name,
            String description,
            Function<ModelOptions, C> parse,
            Function<C, Map<String, String>> toOptions,
            Function<C, TrainConfig> train,
            Function<C, ContentOptions> content,
            NetworkFactory<C> network) {
        super(name, description, parse, toOptions);
        this.train = train;
        this.content = content;
        this.network = network;
    }

    /** A new model with random weights from the engine's generator ({@link Djl#seed} first). */
    public final SequenceRecommender<C> create(C config, int numItems) {
        return create(config, numItems, null);
    }

    /** As {@link #create(Object, int)}, with the items' content in the item table. */
    public final SequenceRecommender<C> create(C config, int numItems, ItemContent content) {
        if (numItems < 1) {
            throw new IllegalArgumentException("a model needs at least one item");
        }
        NDManager manager = Djl.newManager();
        SequenceNetwork network = this.network.build(numItems, config, content);
        Djl.noGrad();
        network.initializeFresh(manager);
        return wrap(manager, network, config, content);
    }

    @Override
    public final Recommender train(TrainingData data, ModelOptions options, long seed) {
        C config = parse(options);
        Djl.seed(seed);
        ContentOptions contentOptions = content.apply(config);
        ItemContent content = contentOptions.enabled() ? ItemContent.build(data, contentOptions) : null;
        SequenceRecommender<C> model = create(config, data.numItems(), content);
        try {
            new Trainer(train.apply(config)).fit(model, data, seed);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /** Reads a model written by {@link SequenceRecommender#save}. */
    @Override
    public final SequenceRecommender<C> load(Path dir) throws IOException {
        NeuralFiles.Header header = NeuralFiles.read(dir, name());
        C config = parse(new ModelOptions(header.options()));
        ContentOptions contentOptions = content.apply(config);
        ItemContent content =
                contentOptions.enabled() ? ItemContent.read(dir, header.numItems(), contentOptions.buckets()) : null;
        NDManager manager = Djl.newManager();
        try {
            SequenceNetwork network = this.network.build(header.numItems(), config, content);
            NeuralFiles.readWeights(dir, network.block(), manager);
            return wrap(manager, network, config, content);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private SequenceRecommender<C> wrap(NDManager manager, SequenceNetwork network, C config, ItemContent content) {
        Map<String, String> options = toOptions(config);
        return network.attends()
                ? new AttentiveSequenceRecommender<>(name(), manager, network, config, options, content)
                : new SequenceRecommender<>(name(), manager, network, config, options, content);
    }
}
