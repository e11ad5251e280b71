package io.attnrec.core.fusion;

import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Test model that knows the validation targets but reports them through noise: score = 1 for a
 * target of the user's validation case, plus {@code amp} times a uniform draw fixed by (stream, user,
 * item) — and by the seed too with {@code seeded=true}, so that copies trained with other seeds
 * ({@code test-noisy-a#1}) err independently. Two providers with independent noise make a blend
 * that must beat both members.
 * Registered for tests only as {@code test-noisy-a} and {@code test-noisy-b}.
 */
public class NoisyOracleProvider implements ModelProvider {

    private final String name;
    private final long stream;

    public NoisyOracleProvider() {
        this("test-noisy-a", 11);
    }

    NoisyOracleProvider(String name, long stream) {
        this.name = name;
        this.stream = stream;
    }

    /** The second member, with another noise stream. */
    public static final class B extends NoisyOracleProvider {
        public B() {
            super("test-noisy-b", 23);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "test model: validation targets plus noise";
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        double amp = options.getDouble("amp", 2.0);
        long noise = options.getBoolean("seeded", false) ? stream ^ (seed * 0x2545F4914F6CDD1DL) : stream;
        options.requireAllUsed();
        Map<Integer, Set<Integer>> targets = new HashMap<>();
        for (EvalCase c : data.validation()) {
            Set<Integer> t = targets.computeIfAbsent(c.user(), k -> new HashSet<>());
            for (int i : c.targets()) {
                t.add(i);
            }
        }
        int numItems = data.numItems();
        return new Recommender() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int numItems() {
                return numItems;
            }

            @Override
            public void score(int user, int[] history, float[] scores) {
                Set<Integer> t = targets.getOrDefault(user, Set.of());
                for (int i = 1; i <= numItems; i++) {
                    scores[i] = (float) ((t.contains(i) ? 1 : 0) + amp * uniform(noise, user, i));
                }
            }
        };
    }

    /** A uniform number in [0, 1) fixed by its three arguments (SplitMix64 finaliser). */
    static double uniform(long stream, int user, int item) {
        long z = stream * 0x9E3779B97F4A7C15L + user * 0xBF58476D1CE4E5B9L + item * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }
}
