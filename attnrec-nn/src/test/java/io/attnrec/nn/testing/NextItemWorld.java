package io.attnrec.nn.testing;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A tiny synthetic world where the next item is always the previous one plus 1 (wrapping from
 * {@code numItems} to 1). Each user starts at a random item; the training sequence is followed
 * by one held-out test item, so a model that learned the rule ranks it first.
 */
public final class NextItemWorld {

    public final int numItems;
    public final TrainingData data;
    /** Per user: the held-out next item after the training sequence. */
    public final int[] testTargets;

    public NextItemWorld(int numUsers, int numItems, int minLen, int maxLen, long seed) {
        this(numUsers, numItems, minLen, maxLen, seed, false);
    }

    /**
     * @param withValidation also give each user a validation case (history = the training
     *     sequence, target = the test item), so early stopping has something to read
     */
    public NextItemWorld(int numUsers, int numItems, int minLen, int maxLen, long seed, boolean withValidation) {
        this.numItems = numItems;
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] sequences = new int[numUsers][];
        long[][] timestamps = new long[numUsers][];
        testTargets = new int[numUsers];
        for (int u = 0; u < numUsers; u++) {
            int len = minLen + rng.nextInt(maxLen - minLen + 1);
            int item = 1 + rng.nextInt(numItems);
            sequences[u] = new int[len];
            timestamps[u] = new long[len];
            for (int i = 0; i < len; i++) {
                sequences[u][i] = item;
                timestamps[u][i] = i;
                item = next(item);
            }
            testTargets[u] = item;
        }
        IdMap items = IdMap.of(
                true, IntStream.rangeClosed(1, numItems).mapToObj(i -> "i" + i).toList());
        List<EvalCase> validation = new ArrayList<>();
        if (withValidation) {
            for (int u = 0; u < numUsers; u++) {
                int target = testTargets[u];
                int[] excluded = Arrays.stream(sequences[u])
                        .filter(i -> i != target)
                        .sorted()
                        .distinct()
                        .toArray();
                validation.add(new EvalCase(u, sequences[u], new int[] {target}, excluded));
            }
        }
        data = new TrainingData(
                numUsers, numItems, sequences, timestamps, null, items, ItemCatalog.empty(), validation);
    }

    public int next(int item) {
        return item % numItems + 1;
    }

    /** Held-out cases: the whole training sequence as history, the next item as target. */
    public List<EvalCase> testCases() {
        List<EvalCase> cases = new ArrayList<>();
        for (int u = 0; u < data.numUsers(); u++) {
            cases.add(new EvalCase(u, data.sequences()[u], new int[] {testTargets[u]}, new int[0]));
        }
        return cases;
    }

    /**
     * Hit rate at {@code k} computed here, independently of the evaluator: the target counts as
     * hit when fewer than {@code k} items score strictly higher and ties are ranked against it.
     */
    public double hitRate(Recommender model, int k) {
        int hits = 0;
        float[] scores = new float[numItems + 1];
        for (int u = 0; u < data.numUsers(); u++) {
            model.score(u, data.sequences()[u], scores);
            float target = scores[testTargets[u]];
            int better = 0;
            for (int i = 1; i <= numItems; i++) {
                if (i != testTargets[u] && scores[i] >= target) {
                    better++;
                }
            }
            if (better < k) {
                hits++;
            }
        }
        return (double) hits / data.numUsers();
    }
}
