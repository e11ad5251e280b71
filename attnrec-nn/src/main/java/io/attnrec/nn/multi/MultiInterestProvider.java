package io.attnrec.nn.multi;

import ai.djl.ndarray.NDManager;
import io.attnrec.core.model.Increment;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.model.WarmStartable;
import io.attnrec.nn.Djl;
import io.attnrec.nn.content.ItemContent;
import io.attnrec.nn.model.GrownWeights;
import io.attnrec.nn.model.NeuralFiles;
import io.attnrec.nn.model.NeuralProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * What a multi-interest family registers: its name, how its config record is parsed and written
 * back, and how its network is built. Training ({@link MultiInterestTrainer}), category
 * assignment, scoring, retrieval, explanation and persistence ({@link MultiInterestRecommender})
 * are shared by every family.
 *
 * @param <C> the family's config record
 */
public abstract class MultiInterestProvider<C extends Record> extends NeuralProvider<C> implements WarmStartable {

    /** Builds a new, uninitialised network; {@code content} is non-null exactly when content is on. */
    @FunctionalInterface
    public interface NetworkFactory<C> {
        MultiInterestNetwork build(int numItems, C config, ItemContent content);
    }

    private final Function<C, MultiInterestConfig> common;
    private final NetworkFactory<C> network;

    /**
     * @param parse the config record's parser (unknown keys are an error)
     * @param common the settings every multi-interest family has, inside a config
     */
    protected MultiInterestProvider(
            String name,
            String description,
            Function<ModelOptions, C> parse,
            Function<C, MultiInterestConfig> common,
            NetworkFactory<C> network) {
        super(name, description, parse);
        this.common = common;
        this.network = network;
    }

    /** A new model with random weights from the engine's generator ({@link Djl#seed} first). */
    public final MultiInterestRecommender<C> create(C config, int numItems) {
        return create(config, numItems, null);
    }

    /** As {@link #create(Record, int)}, with the items' content in the item table. */
    public final MultiInterestRecommender<C> create(C config, int numItems, ItemContent content) {
        if (numItems < 1) {
            throw new IllegalArgumentException("a model needs at least one item");
        }
        NDManager manager = Djl.newManager();
        MultiInterestNetwork net = network.build(numItems, config, content);
        Djl.noGrad();
        net.initializeFresh(manager);
        return wrap(manager, net, config);
    }

    /** Trains, then assigns the item categories of the diversity-controlled aggregation. */
    @Override
    public final Recommender train(TrainingData data, ModelOptions options, long seed) {
        C config = parse(options);
        MultiInterestConfig c = common.apply(config);
        Djl.seed(seed);
        ItemContent content = c.content().enabled() ? ItemContent.build(data, c.content()) : null;
        return trainedOrClosed(create(config, data.numItems(), content), m -> {
            m.recordTrainingSteps(
                    new MultiInterestTrainer(c.train()).fit(m, data, seed).steps());
            m.assignCategories(data, seed);
        });
    }

    /**
     * Grows {@code parent} to the increment's items ({@link GrownWeights}: every weight kept, new
     * rows as {@code SequenceProvider#warmStart} says), fine-tunes it on the recent and replayed
     * users, and assigns the item categories again over the whole data. The table grows to exactly
     * the items (no spare rows for this family yet).
     */
    @Override
    public final Recommender warmStart(Recommender parent, Increment increment, ModelOptions options, long seed) {
        if (!(parent instanceof MultiInterestRecommender<?> p) || !p.name().equals(name())) {
            throw new IllegalArgumentException(
                    "cannot warm-start a '" + name() + "' model from a '" + parent.name() + "' model");
        }
        C config = parse(options);
        MultiInterestConfig c = common.apply(config);
        TrainingData data = increment.all();
        Djl.seed(seed);
        ItemContent content = c.content().enabled() ? ItemContent.build(data, c.content()) : null;
        MultiInterestRecommender<C> model = create(config, data.numItems(), content);
        try {
            GrownWeights.copy(p.network().block(), model.network().block(), increment.parentItems(), content != null);
            if (increment.config().fineTune()) {
                MultiTrainConfig train = c.train();
                if (increment.config().epochs() > 0) {
                    train = train.withEpochs(increment.config().epochs());
                }
                model.recordTrainingSteps(new MultiInterestTrainer(train)
                        .fit(model, increment.fineTune(), seed)
                        .steps());
            }
            model.assignCategories(data, seed);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Reads a model written by {@link MultiInterestRecommender#save}. */
    @Override
    public final MultiInterestRecommender<C> load(Path dir) throws IOException {
        NeuralFiles.Header header = NeuralFiles.read(dir, name());
        C config = parse(new ModelOptions(header.options()));
        MultiInterestConfig c = common.apply(config);
        ItemContent content = c.content().enabled()
                ? ItemContent.read(dir, header.numItems(), c.content().buckets())
                : null;
        NDManager manager = Djl.newManager();
        MultiInterestRecommender<C> model;
        try {
            model = wrap(manager, network.build(header.numItems(), config, content), config);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        try {
            model.readState(dir, header);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    private MultiInterestRecommender<C> wrap(NDManager manager, MultiInterestNetwork net, C config) {
        return new MultiInterestRecommender<>(
                name(), manager, net, common.apply(config).retrieval(), config, toOptions(config));
    }
}
