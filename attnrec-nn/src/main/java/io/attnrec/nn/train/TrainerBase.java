package io.attnrec.nn.train;

import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.IntToDoubleFunction;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The plumbing every neural trainer shares, whatever its batches: its listeners (progress lines and
 * the training curve of {@link TrainConfig}), the validation metric that replaces the default,
 * the check that the data and the model have the same items, and the seeded shuffle of the epoch
 * order.
 *
 * @param <T> the trainer itself, so that the setters chain
 */
public abstract class TrainerBase<T extends TrainerBase<T>> {

    protected final List<TrainingListener> listeners = new ArrayList<>();

    /** Replaces the trainer's default validation metric when set; higher is better. */
    protected ToDoubleFunction<Recommender> validator;

    /** A trainer that reports nothing until a listener is added. */
    protected TrainerBase() {}

    /** Progress lines when {@code progress} is on, the curve file when {@code output_dir} is set. */
    protected TrainerBase(TrainConfig config) {
        if (config.progress()) {
            listeners.add(new ProgressListener());
        }
        if (config.outputDir() != null) {
            listeners.add(new TrainingCurve(config.outputDir()));
        }
    }

    public final T addListener(TrainingListener listener) {
        listeners.add(listener);
        return self();
    }

    /** Replaces the validation metric (the trainer says its default). Higher must be better. */
    public final T withValidator(ToDoubleFunction<Recommender> metric) {
        this.validator = metric;
        return self();
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /**
     * Runs a training of a model with {@code modelItems} items under the JVM-wide training lock
     * ({@link Trainer#exclusively}), after checking that {@code data} has the same items; {@code
     * fit} gets the run's generator, seeded with {@code seed}, for every random choice.
     */
    protected static TrainingResult locked(
            TrainingData data, int modelItems, long seed, Function<SplittableRandom, TrainingResult> fit) {
        return Trainer.exclusively(() -> {
            requireSameItems(data, modelItems);
            return fit.apply(new SplittableRandom(seed));
        });
    }

    /**
     * The validation metric of a run: the one given to {@link #withValidator}, else {@code
     * fallback}'s (asked for only then); null when there is none and {@code data} has no validation
     * cases, so the run trains every epoch without early stopping.
     */
    protected final ToDoubleFunction<Recommender> validation(
            TrainingData data, Supplier<ToDoubleFunction<Recommender>> fallback) {
        ToDoubleFunction<Recommender> metric = validator != null ? validator : fallback.get();
        return validator != null || !data.validation().isEmpty() ? metric : null;
    }

    /** One batch step over entries {@code from..to-1} of the epoch's shuffled order. */
    @FunctionalInterface
    protected interface RangeStep {
        double step(int from, int to);
    }

    /** Steps of {@code size} entries over {@code n}: step {@code s} covers {@code [s * size, min(n, (s + 1) * size))}. */
    protected static IntToDoubleFunction inBatches(IntSupplier n, int size, RangeStep step) {
        return s -> step.step(s * size, Math.min(n.getAsInt(), (s + 1) * size));
    }

    /** How many steps of {@code size} cover {@code n} entries. */
    protected static int batchCount(int n, int size) {
        return (n + size - 1) / size;
    }

    /** Fails with one line when {@code data} has another item count than the model. */
    protected static void requireSameItems(TrainingData data, int modelItems) {
        if (data.numItems() != modelItems) {
            throw new IllegalArgumentException(
                    "the data has " + data.numItems() + " items but the model " + modelItems);
        }
    }

    /** Fisher–Yates shuffle of {@code a} in place, drawing from {@code rng}. */
    public static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** As {@link #shuffle(int[], SplittableRandom)}, for packed pairs. */
    public static void shuffle(long[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The users with at least two items (one input and one target), ascending. */
    public static int[] trainableUsers(int[][] sequences) {
        int count = 0;
        for (int[] s : sequences) {
            if (s.length >= 2) {
                count++;
            }
        }
        int[] users = new int[count];
        int k = 0;
        for (int u = 0; u < sequences.length; u++) {
            if (sequences[u].length >= 2) {
                users[k++] = u;
            }
        }
        return users;
    }
}
