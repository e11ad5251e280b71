package io.attnrec.core.split;

import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.prep.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Cold-item protocol (SPEC C9): a seeded random {@link Config#testFraction()} of the items are
 * withheld from training entirely (none of their events is in any training sequence) and all their
 * events become test targets; another {@link Config#validFraction()} of the items are withheld the
 * same way for validation. Models must recommend items they never saw interacted with, from content
 * alone.
 *
 * <p>A test case is a user with at least one event on a test-cold item and a non-empty training
 * sequence: the history is that training sequence (every event on warm items, in time order), the
 * targets the distinct test-cold items the user interacted with. <b>Candidates are the test-cold
 * items only</b>: the case excludes every other item (warm and validation-cold ones), so a model is
 * judged on ranking the new items against each other, the usual cold-item protocol (a model that
 * knows warm items would otherwise just rank them first). Validation cases are built the same way
 * from the validation-cold items. Users whose whole sequence is on cold items have no history and
 * are not evaluated; {@link Split#settings()} counts them.
 *
 * <p>The history mask (issue 18) changes nothing here, and the report says so: the history holds
 * warm items only, every warm item is outside the candidates whatever the mask, and a target, being
 * cold, can never repeat a history item. {@link HistoryMask#NONE} is accepted so that one command
 * line runs every protocol.
 */
final class ColdStartSplitter implements Splitter {

    /**
     * Cold-start settings.
     *
     * @param testFraction share of items withheld for testing, in (0, 1)
     * @param validFraction share withheld for validation, in [0, 1 - testFraction)
     * @param seed seed of the item shuffle
     * @param mask recorded in the report only (see the class comment)
     */
    public record Config(double testFraction, double validFraction, long seed, HistoryMask mask) {

        public Config {
            if (!(testFraction > 0 && testFraction < 1)) {
                throw new IllegalArgumentException("cold-start test fraction must be in (0, 1), got " + testFraction);
            }
            if (!(validFraction >= 0 && testFraction + validFraction < 1)) {
                throw new IllegalArgumentException("cold-start valid fraction must be >= 0 and leave warm items, got "
                        + validFraction + " with test fraction " + testFraction);
            }
            if (mask == null) {
                throw new IllegalArgumentException("cold-start history mask must be given");
            }
        }

        /** The whole history masked (as every warm item is anyway). */
        public Config(double testFraction, double validFraction, long seed) {
            this(testFraction, validFraction, seed, HistoryMask.HISTORY);
        }

        /** 10% of the items for testing, another 10% for validation. */
        public static Config defaults(long seed) {
            return new Config(0.1, 0.1, seed);
        }

        public Config withMask(HistoryMask newMask) {
            return new Config(testFraction, validFraction, seed, newMask);
        }
    }

    private static final byte WARM = 0;
    private static final byte TEST = 1;
    private static final byte VALID = 2;

    private final Config config;

    public ColdStartSplitter(Config config) {
        this.config = config;
    }

    @Override
    public String protocol() {
        return "coldstart";
    }

    @Override
    public Split split(Dataset data) {
        SplitSupport.checkShape(data);
        int numItems = data.numItems();
        int[] order = new int[numItems];
        for (int i = 0; i < numItems; i++) {
            order[i] = i + 1;
        }
        Random random = new Random(config.seed());
        for (int i = numItems - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int numTest = Math.max(1, (int) Math.round(config.testFraction() * numItems));
        int numValid = (int) Math.round(config.validFraction() * numItems);
        if (numTest + numValid >= numItems) {
            throw new IllegalArgumentException("data set " + data.name() + " has only " + numItems
                    + " items, too few to withhold " + numTest + " + " + numValid + " cold items");
        }
        byte[] kind = new byte[numItems + 1];
        for (int r = 0; r < numTest; r++) {
            kind[order[r]] = TEST;
        }
        for (int r = numTest; r < numTest + numValid; r++) {
            kind[order[r]] = VALID;
        }
        // One shared array per case kind: every item outside the cold set is excluded.
        int[] testExcluded = outside(kind, TEST);
        int[] validExcluded = outside(kind, VALID);

        int numUsers = data.numUsers();
        int[][] seqs = new int[numUsers][];
        long[][] times = new long[numUsers][];
        float[][] ratings = data.hasRatings() ? new float[numUsers][] : null;
        List<EvalCase> validation = new ArrayList<>();
        List<EvalCase> test = new ArrayList<>();
        int noHistory = 0;
        for (int u = 0; u < numUsers; u++) {
            int[] s = data.sequences()[u];
            long[] ts = data.timestamps()[u];
            int warm = 0;
            for (int item : s) {
                warm += kind[item] == WARM ? 1 : 0;
            }
            int[] seq = new int[warm];
            long[] time = new long[warm];
            float[] rs = ratings == null ? null : new float[warm];
            int p = 0;
            for (int e = 0; e < s.length; e++) {
                if (kind[s[e]] == WARM) {
                    seq[p] = s[e];
                    time[p] = ts[e];
                    if (rs != null) {
                        rs[p] = data.ratings()[u][e];
                    }
                    p++;
                }
            }
            seqs[u] = seq;
            times[u] = time;
            if (ratings != null) {
                ratings[u] = rs;
            }
            int[] testTargets = targets(s, kind, TEST);
            int[] validTargets = targets(s, kind, VALID);
            if (testTargets.length == 0 && validTargets.length == 0) {
                continue;
            }
            if (warm == 0) {
                noHistory++;
                continue;
            }
            if (testTargets.length > 0) {
                test.add(new EvalCase(u, seq, testTargets, testExcluded));
            }
            if (validTargets.length > 0) {
                validation.add(new EvalCase(u, seq, validTargets, validExcluded));
            }
        }
        TrainingData train = SplitSupport.training(data, seqs, times, ratings, validation);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("test_fraction", config.testFraction());
        settings.put("valid_fraction", config.validFraction());
        settings.put("seed", config.seed());
        settings.put("cold_test_items", numTest);
        settings.put("cold_valid_items", numValid);
        settings.put("candidates", "the cold items of the case's kind only (all other items excluded)");
        settings.put("validation_users", validation.size());
        settings.put("test_users", test.size());
        settings.put("users_without_warm_history", noHistory);
        SplitSupport.maskSettings(settings, config.mask(), validation, test);
        settings.put(
                "repeated_targets",
                "none possible (targets are cold, the history warm; warm items are never candidates)");
        return new Split(protocol(), settings, train, test);
    }

    /** Items 1..n whose kind is not {@code k}, ascending. */
    private static int[] outside(byte[] kind, byte k) {
        int[] out = new int[kind.length - 1];
        int n = 0;
        for (int i = 1; i < kind.length; i++) {
            if (kind[i] != k) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Distinct items of {@code s} of kind {@code k}, in order of first occurrence. */
    private static int[] targets(int[] s, byte[] kind, byte k) {
        int[] out = new int[s.length];
        int n = 0;
        for (int item : s) {
            if (kind[item] == k) {
                boolean seen = false;
                for (int t = 0; t < n && !seen; t++) {
                    seen = out[t] == item;
                }
                if (!seen) {
                    out[n++] = item;
                }
            }
        }
        return Arrays.copyOf(out, n);
    }
}
