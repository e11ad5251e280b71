package io.attnrec.core.split;

import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.prep.Dataset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Small array helpers shared by the splitters. */
final class SplitSupport {

    static final int[] NO_INTS = new int[0];
    static final long[] NO_LONGS = new long[0];
    static final float[] NO_FLOATS = new float[0];

    private SplitSupport() {}

    /** Distinct items of {@code items}, sorted ascending, without {@code drop} (0 = drop nothing). */
    static int[] distinctSortedWithout(int[] items, int drop) {
        int[] copy = items.clone();
        Arrays.sort(copy);
        int n = 0;
        for (int i = 0; i < copy.length; i++) {
            int v = copy[i];
            if (v != drop && (n == 0 || copy[n - 1] != v)) {
                copy[n++] = v;
            }
        }
        return Arrays.copyOf(copy, n);
    }

    /**
     * Distinct items of {@code items} in order of first occurrence: the targets of a multi-target
     * case. Items the user already had in the history stay targets (issue 18): under {@link
     * HistoryMask#HISTORY} they are misses, under {@link HistoryMask#NONE} they can be ranked.
     */
    static int[] distinctInOrder(int[] items) {
        int[] out = new int[items.length];
        Set<Integer> taken = new HashSet<>();
        int n = 0;
        for (int item : items) {
            if (taken.add(item)) {
                out[n++] = item;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** How many of {@code targets} occur in {@code history}: the repeated targets of a case. */
    static int repeated(int[] targets, int[] history) {
        int[] sorted = distinctSortedWithout(history, 0);
        int n = 0;
        for (int t : targets) {
            n += Arrays.binarySearch(sorted, t) >= 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * The mask's entries of {@link Split#settings()}: its name, what a repeated target is, and how
     * many validation and test targets repeat a history item (what the choice of mask moves).
     */
    static void maskSettings(
            java.util.Map<String, Object> settings, HistoryMask mask, List<EvalCase> validation, List<EvalCase> test) {
        settings.put("history_mask", mask.label());
        settings.put("repeated_targets", mask.repeatedTargets());
        settings.put("validation_targets", targetCount(validation));
        settings.put("validation_targets_in_history", repeatedCount(validation));
        settings.put("test_targets", targetCount(test));
        settings.put("test_targets_in_history", repeatedCount(test));
    }

    private static long targetCount(List<EvalCase> cases) {
        long n = 0;
        for (EvalCase c : cases) {
            n += c.targets().length;
        }
        return n;
    }

    private static long repeatedCount(List<EvalCase> cases) {
        long n = 0;
        for (EvalCase c : cases) {
            n += repeated(c.targets(), c.history());
        }
        return n;
    }

    static TrainingData training(
            Dataset data, int[][] sequences, long[][] timestamps, float[][] ratings, List<EvalCase> validation) {
        return new TrainingData(
                data.numUsers(),
                data.numItems(),
                sequences,
                timestamps,
                data.hasRatings() ? ratings : null,
                data.items(),
                data.catalog(),
                validation);
    }

    static void checkShape(Dataset data) {
        if (data.sequences().length != data.numUsers()) {
            throw new IllegalArgumentException("data set " + data.name() + " has " + data.sequences().length
                    + " sequences for " + data.numUsers() + " users");
        }
        for (int u = 0; u < data.sequences().length; u++) {
            int n = data.sequences()[u].length;
            if (data.timestamps()[u].length != n || (data.hasRatings() && data.ratings()[u].length != n)) {
                throw new IllegalArgumentException(
                        "data set " + data.name() + ": user " + u + " has timestamps or ratings of a different length");
            }
        }
    }
}
