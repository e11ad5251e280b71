package io.attnrec.nn.seq;

import ai.djl.ndarray.NDManager;
import io.attnrec.core.model.Increment;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.model.WarmStartConfig;
import io.attnrec.core.model.WarmStartable;
import io.attnrec.nn.Djl;
import io.attnrec.nn.content.ContentOptions;
import io.attnrec.nn.content.ItemContent;
import io.attnrec.nn.model.GrownWeights;
import io.attnrec.nn.model.NeuralFiles;
import io.attnrec.nn.model.NeuralProvider;
import io.attnrec.nn.train.Checkpoint;
import io.attnrec.nn.train.OptimizerState;
import io.attnrec.nn.train.TrainConfig;
import io.attnrec.nn.train.Trainer;
import io.attnrec.nn.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a sequential family registers: its name, how its config record is parsed and written back,
 * and how its network is built. Training ({@link Trainer}), scoring, explanation and persistence
 * ({@link SequenceRecommender}) are shared by every family.
 *
 * @param <C> the family's config record
 */
public abstract class SequenceProvider<C extends Record & SequenceConfig> extends NeuralProvider<C>
        implements WarmStartable {

    /** Name of the {@code model.json} extra that records spare rows (absent: none). */
    static final String CAPACITY = "item_capacity";

    /**
     * Builds a new, uninitialised network with an item table of {@code capacity + 1} rows, of which
     * {@code numItems + 1} are used; {@code content} is non-null exactly when content is on.
     */
    @FunctionalInterface
    public interface NetworkFactory<C> {
        SequenceNetwork build(int numItems, int capacity, C config, ItemContent content);
    }

    /** A network without item content: {@code content} is always null for such a family. */
    @FunctionalInterface
    public interface PlainNetworkFactory<C> {
        SequenceNetwork build(int numItems, int capacity, C config);
    }

    private final NetworkFactory<C> network;

    /** @param parse the config record's parser (unknown keys are an error) */
    protected SequenceProvider(
            String name, String description, Function<ModelOptions, C> parse, NetworkFactory<C> network) {
        super(name, description, parse);
        this.network = network;
    }

    /** The factory of a family whose network takes no item content. */
    protected static <C> NetworkFactory<C> plain(PlainNetworkFactory<C> network) {
        return (numItems, capacity, config, content) -> network.build(numItems, capacity, config);
    }

    /** A new model with random weights from the engine's generator ({@link Djl#seed} first). */
    public final SequenceRecommender<C> create(C config, int numItems) {
        return create(config, numItems, null);
    }

    /** As {@link #create(Record, int)}, with the items' content in the item table. */
    public final SequenceRecommender<C> create(C config, int numItems, ItemContent content) {
        return create(config, numItems, numItems, content);
    }

    /** As {@link #create(Record, int, ItemContent)}, with {@code capacity - numItems} spare rows. */
    public final SequenceRecommender<C> create(C config, int numItems, int capacity, ItemContent content) {
        if (numItems < 1) {
            throw new IllegalArgumentException("a model needs at least one item");
        }
        NDManager manager = Djl.newManager();
        SequenceNetwork network = this.network.build(numItems, capacity, config, content);
        Djl.noGrad();
        network.initializeFresh(manager);
        return wrap(manager, network, config, content);
    }

    @Override
    public final Recommender train(TrainingData data, ModelOptions options, long seed) {
        C config = parse(options);
        Djl.seed(seed);
        ContentOptions contentOptions = config.content();
        ItemContent content = contentOptions.enabled() ? ItemContent.build(data, contentOptions) : null;
        return trainedOrClosed(create(config, data.numItems(), content), m -> {
            Trainer trainer = new Trainer(config.train());
            m.recordTrainingSteps(trainer.fit(m, data, seed).steps());
            m.recordOptimizerState(trainer.optimizerState());
        });
    }

    /**
     * Grows {@code parent} to the increment's items and fine-tunes it. Every parameter but the
     * item table is copied; the table's rows {@code 0..parentItems} are copied, so an existing item
     * keeps its row and index. The table keeps the parent's shape while the new items fit in its
     * spare rows, else it grows to {@link io.attnrec.core.model.WarmStartConfig#capacityFor}.
     *
     * <p>New rows: with content features, a new item's ID row is zero, so its score comes from its
     * content projection {@code x_i W} alone (already trained by the parent) until the fine-tuning
     * moves it; without content, it starts at the mean of the parent's rows of the known items next
     * to it in the fine-tuning sequences ({@link GrownWeights#fromNeighbours}) by default, or as
     * {@link io.attnrec.core.model.WarmStartConfig#newItemInit} says ({@link GrownWeights#initNewRows}:
     * e.g. the preceding known items' mean at the length of known items with as few events), and a
     * new item with no known neighbour keeps a fresh model's initialisation, N(0, 0.02²).
     * The optimiser starts fresh by default; with {@link
     * io.attnrec.core.model.WarmStartConfig#resumeOptimizer} it continues from the parent's saved
     * state ({@link OptimizerState#grown}: new rows' moments start fresh). Either way the model
     * records the state that goes with the weights it keeps, for the next warm start.
     */
    @Override
    public final Recommender warmStart(Recommender parent, Increment increment, ModelOptions options, long seed) {
        if (!(parent instanceof SequenceRecommender<?> p) || !p.name().equals(name())) {
            throw new IllegalArgumentException(
                    "cannot warm-start a '" + name() + "' model from a '" + parent.name() + "' model");
        }
        TrainingData data = increment.all();
        if (p.numItems() != increment.parentItems()) {
            throw new IllegalArgumentException(
                    "the parent has " + p.numItems() + " items, the increment says " + increment.parentItems());
        }
        C config = parse(options);
        Djl.seed(seed);
        ContentOptions contentOptions = config.content();
        ItemContent itemContent = contentOptions.enabled() ? ItemContent.build(data, contentOptions) : null;
        int items = data.numItems();
        int parentCapacity = p.network().capacity();
        int capacity =
                items <= parentCapacity ? parentCapacity : increment.config().capacityFor(items);
        SequenceRecommender<C> model = create(config, items, capacity, itemContent);
        try {
            WarmStartConfig warm = increment.config();
            // a fresh model's initialisation, toward which a shrink pulls the warm weights
            float[][] fresh = warm.fineTune() && increment.steps() > 0 && warm.shrink() < 1
                    ? Checkpoint.of(model.network().block()).snapshot()
                    : null;
            GrownWeights.copy(
                    p.network().block(), model.network().block(), increment.parentItems(), itemContent != null);
            if (itemContent == null) {
                GrownWeights.initNewRows(
                        model.network().block(),
                        increment.parentItems(),
                        items,
                        increment.fineTune().sequences(),
                        increment.all().sequences(),
                        increment.config().newItemInit());
            }
            if (increment.config().fineTune()) {
                TrainConfig train = config.train();
                OptimizerState resume =
                        warm.resumeOptimizer() ? parentOptimizer(p, model, increment.parentItems()) : null;
                if (increment.steps() > 0) {
                    // a budget that follows the increment's size, not the size of all the data,
                    // at the warm start's shares of the model's rate and batch (the saved options
                    // keep the model's)
                    train = train.withLearningRate(train.learningRate() * warm.lrScale())
                            .withBatchSize(warm.fineTuneBatch(train.batchSize()));
                    SequenceRecommender.FineTuning tuned = fresh == null
                            ? fineTuneSteps(model, increment, train, items, seed, resume)
                            : shrunkThenFineTuned(model, increment, train, items, seed, fresh, resume);
                    model.recordFineTuning(tuned);
                    model.recordTrainingSteps(tuned.stepsRun());
                } else {
                    if (increment.config().epochs() > 0) {
                        train = train.withEpochs(increment.config().epochs());
                    }
                    Trainer trainer = new Trainer(train)
                            .withItemRowScale(
                                    increment.parentItems() + 1,
                                    items + 1,
                                    increment.config().newItemLrScale())
                            .resuming(resume)
                            .withWindow(increment.config().window())
                            .withAverage(increment.config().average());
                    model.recordTrainingSteps(
                            trainer.fit(model, increment.fineTune(), seed).steps());
                    model.recordOptimizerState(trainer.optimizerState());
                }
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /**
     * A step budget's fine-tuning: one run, or with a bold rate ({@link
     * io.attnrec.core.model.WarmStartConfig#boldLrScale}) two runs sharing the budget ({@link
     * io.attnrec.core.model.WarmStartConfig#boldSplit}) from the same starting weights, the second
     * at the bold multiple of the rate, keeping the run whose best validated weights (the starting
     * ones among them) score higher. Both runs use the same seed, so they validate on the same
     * users and their scores compare.
     */
    private SequenceRecommender.FineTuning fineTuneSteps(
            SequenceRecommender<C> model,
            Increment increment,
            TrainConfig train,
            int items,
            long seed,
            OptimizerState resume) {
        WarmStartConfig warm = increment.config();
        int every = warm.validateEvery();
        double bold = warm.boldLrScale();
        int steps = increment.steps();
        int probe = warm.probeSteps(steps);
        if (probe > 0) {
            return probeThenFollow(model, increment, train, items, seed, probe, resume);
        }
        int[] split = warm.boldSplit(steps);
        int first = split[0];
        Checkpoint weights = Checkpoint.of(model.network().block(), model::parametersChanged);
        float[][] start = bold > 0 ? weights.snapshot() : null;
        Trainer steadyRun = trainer(train, increment, items, resume);
        TrainingResult r = steadyRun.fitSteps(model, increment.fineTune(), seed, first, every);
        // an "epoch" of a step budget is one validation interval
        SequenceRecommender.FineTuning steady =
                new SequenceRecommender.FineTuning(steps, r.epochs().size() * every, r.bestEpoch() * every);
        if (bold == 0) {
            model.recordOptimizerState(stateAfter(r, steadyRun, resume));
            return steady;
        }
        float[][] kept = weights.snapshot();
        weights.restore(start);
        Trainer boldRun = trainer(boldRate(train, warm), increment, items, resume);
        TrainingResult b = boldRun.fitSteps(model, increment.fineTune(), seed, split[1], every);
        int run = steady.stepsRun() + b.epochs().size() * every;
        if (b.bestValidationNdcg() > r.bestValidationNdcg()) {
            model.recordOptimizerState(stateAfter(b, boldRun, resume));
            return new SequenceRecommender.FineTuning(steps, run, b.bestEpoch() * every, true);
        }
        weights.restore(kept);
        // each run keeps its own optimiser: the steady run's state is read only now it is kept
        model.recordOptimizerState(stateAfter(r, steadyRun, resume));
        return new SequenceRecommender.FineTuning(steps, run, steady.bestStep(), false);
    }

    /**
     * A step budget's fine-tuning from the parent's weights pulled toward a fresh initialisation
     * ({@link io.attnrec.core.model.WarmStartConfig#shrink}). The runs' own fallback is their
     * starting weights, the shrunk ones, which validate below the parent's; so the parent's weights
     * are set aside and validated first, and come back when the fine-tuned model does not validate
     * above them. Without validation data the fine-tuned model stays.
     */
    private SequenceRecommender.FineTuning shrunkThenFineTuned(
            SequenceRecommender<C> model,
            Increment increment,
            TrainConfig train,
            int items,
            long seed,
            float[][] fresh,
            OptimizerState resume) {
        Trainer judge = trainer(train, increment, items, null);
        Checkpoint weights = Checkpoint.of(model.network().block(), model::parametersChanged);
        float[][] parent = weights.snapshot();
        double parentScore = judge.validationNdcg(model, increment.fineTune(), seed);
        weights.blend(fresh, increment.config().shrink());
        SequenceRecommender.FineTuning tuned = fineTuneSteps(model, increment, train, items, seed, resume);
        double score = judge.validationNdcg(model, increment.fineTune(), seed);
        if (!Double.isNaN(parentScore) && !(score > parentScore)) {
            weights.restore(parent);
            if (resume != null) {
                model.recordOptimizerState(resume);
            }
            return new SequenceRecommender.FineTuning(tuned.budget(), tuned.stepsRun(), 0, false);
        }
        // the run's "parent kept" (best step 0) meant its shrunk start, not the parent
        return new SequenceRecommender.FineTuning(
                tuned.budget(), tuned.stepsRun(), Math.max(1, tuned.bestStep()), tuned.bold());
    }

    /**
     * A bold probe ({@link io.attnrec.core.model.WarmStartConfig#boldProbe}): the bold run takes
     * {@code probe} steps from the parent; when one of its validations beats the parent's it goes on
     * at the bold rate for the rest of the budget, from its best weights and with the batches it has
     * not seen yet, else the parent's weights come back and the steady run takes the rest. Each run
     * keeps its best validated weights, its starting ones among them, so the model never ends below
     * the best it validated. Without validation data the probe cannot be compared with the parent
     * and the bold run goes on (the split, by contrast, keeps the steady run then).
     */
    private SequenceRecommender.FineTuning probeThenFollow(
            SequenceRecommender<C> model,
            Increment increment,
            TrainConfig train,
            int items,
            long seed,
            int probe,
            OptimizerState resume) {
        WarmStartConfig warm = increment.config();
        int every = warm.validateEvery();
        int steps = increment.steps();
        TrainConfig bold = boldRate(train, warm);
        Trainer prober = trainer(bold, increment, items, resume);
        TrainingResult p = prober.fitSteps(model, increment.fineTune(), seed, probe, every);
        // the probe runs whole validation intervals: the steps it took, not the ones it was given
        int probed = p.epochs().size() * every;
        int rest = Math.max(1, steps - probed);
        if (p.bestEpoch() > 0) {
            // the rest of the bold run's layout, after the probe's intervals; a resumed optimiser
            // goes on from the probe's
            Trainer follower = trainer(bold, increment, items, resume == null ? null : prober.optimizerState())
                    .continuingAfter(probed);
            TrainingResult b = follower.fitSteps(model, increment.fineTune(), seed, rest, every);
            // the state of the run whose weights stay, read once (the probe's optimiser is its own)
            model.recordOptimizerState((b.bestEpoch() > 0 ? follower : prober).optimizerState());
            int best = b.bestEpoch() > 0 ? probed + b.bestEpoch() * every : p.bestEpoch() * every;
            return new SequenceRecommender.FineTuning(steps, probed + b.epochs().size() * every, best, true);
        }
        // a probe that never beat the parent leaves the parent's weights in place (fitSteps keeps
        // the starting weights when no interval validates better)
        Trainer steady = trainer(train, increment, items, resume);
        TrainingResult r = steady.fitSteps(model, increment.fineTune(), seed, rest, every);
        model.recordOptimizerState(stateAfter(r, steady, resume));
        return new SequenceRecommender.FineTuning(
                steps, probed + r.epochs().size() * every, r.bestEpoch() * every, false);
    }

    /** The fine-tuning's training settings at the bold multiple of its learning rate. */
    private static TrainConfig boldRate(TrainConfig train, WarmStartConfig warm) {
        return train.withLearningRate(train.learningRate() * warm.boldLrScale());
    }

    /**
     * The optimiser state that goes with a run's kept weights: {@code resumed} (the state the run
     * started from) when it kept its starting weights, else the run's own at its end.
     */
    private static OptimizerState stateAfter(TrainingResult r, Trainer run, OptimizerState resumed) {
        return r.bestEpoch() == 0 && resumed != null ? resumed : run.optimizerState();
    }

    /**
     * The parent's optimiser state grown to {@code model}'s item table (new rows fresh), or null
     * when the parent has none (written before format 8, or trained by another route).
     *
     * @throws IllegalArgumentException when the parent's saved state cannot be read
     */
    private static OptimizerState parentOptimizer(
            SequenceRecommender<?> parent, SequenceRecommender<?> model, int parentItems) {
        Optional<OptimizerState> saved;
        try {
            saved = parent.optimizerState();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot resume the parent's optimiser: " + e.getMessage(), e);
        }
        // the item table is the network's first parameter (as GrownWeights#copy has it)
        long rows = model.network()
                .block()
                .getParameters()
                .get(0)
                .getValue()
                .getArray()
                .getShape()
                .get(0);
        return saved.map(s -> s.grown(parentItems, rows)).orElse(null);
    }

    private static Trainer trainer(TrainConfig train, Increment increment, int items, OptimizerState resume) {
        return new Trainer(train)
                .resuming(resume)
                .withWindow(increment.config().window())
                .withAverage(increment.config().average())
                .withItemRowScale(
                        increment.parentItems() + 1,
                        items + 1,
                        increment.config().newItemLrScale())
                .withSchedule(increment.config().schedule())
                .withSelection(increment.config().selection());
    }

    /** Reads a model written by {@link SequenceRecommender#save}. */
    @Override
    public final SequenceRecommender<C> load(Path dir) throws IOException {
        NeuralFiles.Header header = NeuralFiles.read(dir, name());
        C config = parse(new ModelOptions(header.options()));
        ContentOptions contentOptions = config.content();
        ItemContent content =
                contentOptions.enabled() ? ItemContent.read(dir, header.numItems(), contentOptions.buckets()) : null;
        int capacity = Integer.parseInt(header.extras().getOrDefault(CAPACITY, Integer.toString(header.numItems())));
        NDManager manager = Djl.newManager();
        try {
            SequenceNetwork network = this.network.build(header.numItems(), capacity, config, content);
            NeuralFiles.readWeights(dir, network.block(), manager);
            SequenceRecommender<C> model = wrap(manager, network, config, content);
            Path optimizer = dir.resolve(OptimizerState.FILE);
            if (Files.isRegularFile(optimizer)) {
                model.optimizerFrom(optimizer);
            }
            return model;
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
