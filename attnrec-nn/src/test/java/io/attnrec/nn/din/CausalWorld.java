package io.attnrec.nn.din;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A world where the next item is decided by an early history item: every episode is a key item
 * {@code k} in {@code 1..KEYS}, then {@link #NOISE_PER_EPISODE} random noise items, then the
 * answer {@code k + KEYS}. A user's training sequence is several episodes; the validation and
 * test cases append a fresh key and its noise to that sequence and ask for the answer. The newest
 * items before the answer are noise, so only attention to the key (content, not recency) finds
 * it; noise items are the most popular, so popularity ranks the answer low.
 */
final class CausalWorld {

    static final int KEYS = 20;
    static final int NOISE = 60;
    static final int NUM_ITEMS = 2 * KEYS + NOISE;
    static final int NOISE_PER_EPISODE = 4;

    final TrainingData data;
    final List<EvalCase> test = new ArrayList<>();

    CausalWorld(int users, int episodes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] sequences = new int[users][];
        long[][] timestamps = new long[users][];
        List<EvalCase> validation = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            List<Integer> s = new ArrayList<>();
            for (int e = 0; e < episodes; e++) {
                int key = 1 + rng.nextInt(KEYS);
                s.add(key);
                addNoise(s, rng);
                s.add(answer(key));
            }
            sequences[u] = s.stream().mapToInt(Integer::intValue).toArray();
            timestamps[u] = new long[sequences[u].length];
            validation.add(openEpisode(u, sequences[u], rng));
            test.add(openEpisode(u, sequences[u], rng));
        }
        IdMap items = IdMap.of(
                true, IntStream.rangeClosed(1, NUM_ITEMS).mapToObj(i -> "i" + i).toList());
        data = new TrainingData(users, NUM_ITEMS, sequences, timestamps, null, items, ItemCatalog.empty(), validation);
    }

    static int answer(int key) {
        return key + KEYS;
    }

    private static void addNoise(List<Integer> s, SplittableRandom rng) {
        for (int j = 0; j < NOISE_PER_EPISODE; j++) {
            s.add(2 * KEYS + 1 + rng.nextInt(NOISE));
        }
    }

    /** The training sequence, a new key and its noise; the target is the key's answer. */
    private static EvalCase openEpisode(int user, int[] train, SplittableRandom rng) {
        List<Integer> h = new ArrayList<>();
        for (int i : train) {
            h.add(i);
        }
        int key = 1 + rng.nextInt(KEYS);
        h.add(key);
        addNoise(h, rng);
        int[] history = h.stream().mapToInt(Integer::intValue).toArray();
        int target = answer(key);
        int[] excluded = Arrays.stream(history)
                .filter(i -> i != target)
                .sorted()
                .distinct()
                .toArray();
        return new EvalCase(user, history, new int[] {target}, excluded);
    }
}
