package io.attnrec.core.split;

import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.prep.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Global temporal split: two cut times {@code t1 <= t2} are taken at quantiles of all event
 * timestamps. Training is every event before {@code t1}. A validation case is a user with events
 * in {@code [t1, t2)}: the history is the user's events before {@code t1}, the targets the
 * distinct items of {@code [t1, t2)}. A test case has the events before {@code t2} as history and
 * the distinct items at or after {@code t2} as targets. Unlike leave-one-out, no future event of
 * any user leaks into training.
 *
 * <p>Cases need a non-empty history; others are dropped (their count is in {@link
 * Split#settings()}). Excluded items follow {@link Config#mask()}: by default every distinct
 * history item, and a target the user had before stays a target that cannot be ranked (a miss,
 * issue 18); with {@link HistoryMask#NONE} nothing is excluded.
 */
final class TemporalSplitter implements Splitter {

    /**
     * Temporal split settings.
     *
     * @param validQuantile fraction of all events (by time) before the validation cut, in (0, 1)
     * @param testQuantile fraction of all events before the test cut, in [validQuantile, 1)
     * @param mask which known items the cases exclude from the ranking
     */
    public record Config(double validQuantile, double testQuantile, HistoryMask mask) {

        public Config {
            if (!(validQuantile > 0 && validQuantile < 1)) {
                throw new IllegalArgumentException("temporal valid quantile must be in (0, 1), got " + validQuantile);
            }
            if (!(testQuantile >= validQuantile && testQuantile < 1)) {
                throw new IllegalArgumentException("temporal test quantile must be in [valid quantile " + validQuantile
                        + ", 1), got " + testQuantile);
            }
            if (mask == null) {
                throw new IllegalArgumentException("temporal history mask must be given");
            }
        }

        /** The whole history masked. */
        public Config(double validQuantile, double testQuantile) {
            this(validQuantile, testQuantile, HistoryMask.HISTORY);
        }

        /** 80% of events train, the next 10% validate, the last 10% test; the whole history masked. */
        public static Config defaults() {
            return new Config(0.8, 0.9);
        }

        public Config withMask(HistoryMask newMask) {
            return new Config(validQuantile, testQuantile, newMask);
        }
    }

    private final Config config;

    public TemporalSplitter(Config config) {
        this.config = config;
    }

    @Override
    public String protocol() {
        return "temporal";
    }

    @Override
    public Split split(Dataset data) {
        SplitSupport.checkShape(data);
        long total = data.numInteractions();
        if (total == 0) {
            throw new IllegalArgumentException("data set " + data.name() + " has no events to split by time");
        }
        long[] all = new long[Math.toIntExact(total)];
        int pos = 0;
        for (long[] ts : data.timestamps()) {
            System.arraycopy(ts, 0, all, pos, ts.length);
            pos += ts.length;
        }
        Arrays.sort(all);
        long t1 = quantile(all, config.validQuantile());
        long t2 = quantile(all, config.testQuantile());

        int numUsers = data.numUsers();
        int[][] seqs = new int[numUsers][];
        long[][] times = new long[numUsers][];
        float[][] ratings = data.hasRatings() ? new float[numUsers][] : null;
        List<EvalCase> validation = new ArrayList<>();
        List<EvalCase> test = new ArrayList<>();
        int droppedValid = 0;
        int droppedTest = 0;
        for (int u = 0; u < numUsers; u++) {
            int[] s = data.sequences()[u];
            long[] ts = data.timestamps()[u];
            // Filter rather than cut a prefix, so that a sequence whose ties were ordered by file
            // position still splits by time alone.
            int[] before1 = select(s, ts, Long.MIN_VALUE, t1);
            int[] between = select(s, ts, t1, t2);
            int[] before2 = select(s, ts, Long.MIN_VALUE, t2);
            int[] after2 = select(s, ts, t2, Long.MAX_VALUE);
            seqs[u] = before1;
            times[u] = selectTimes(ts, t1);
            if (ratings != null) {
                ratings[u] = selectRatings(data.ratings()[u], ts, t1);
            }
            if (between.length > 0) {
                EvalCase c = multiTargetCase(u, before1, between, config.mask());
                if (c == null) {
                    droppedValid++;
                } else {
                    validation.add(c);
                }
            }
            if (after2.length > 0) {
                EvalCase c = multiTargetCase(u, before2, after2, config.mask());
                if (c == null) {
                    droppedTest++;
                } else {
                    test.add(c);
                }
            }
        }
        TrainingData train = SplitSupport.training(data, seqs, times, ratings, validation);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("valid_quantile", config.validQuantile());
        settings.put("test_quantile", config.testQuantile());
        settings.put("valid_cut_time", t1);
        settings.put("test_cut_time", t2);
        settings.put("validation_users", validation.size());
        settings.put("test_users", test.size());
        settings.put("validation_users_dropped", droppedValid);
        settings.put("test_users_dropped", droppedTest);
        SplitSupport.maskSettings(settings, config.mask(), validation, test);
        return new Split(protocol(), settings, train, test);
    }

    /** The timestamp at position {@code floor(q * n)} of the sorted times: {@code q * n} events lie before it. */
    static long quantile(long[] sorted, double q) {
        int idx = (int) Math.min(sorted.length - 1, (long) Math.floor(q * sorted.length));
        return sorted[idx];
    }

    /** Null when the history is empty. */
    private static EvalCase multiTargetCase(int user, int[] history, int[] future, HistoryMask mask) {
        if (history.length == 0) {
            return null;
        }
        return new EvalCase(user, history, SplitSupport.distinctInOrder(future), mask.excluded(history));
    }

    /** Items with {@code from <= time < to} ({@code to = Long.MAX_VALUE}: no upper bound), in sequence order. */
    private static int[] select(int[] items, long[] ts, long from, long to) {
        int n = 0;
        for (long t : ts) {
            if (t >= from && (t < to || to == Long.MAX_VALUE)) {
                n++;
            }
        }
        int[] out = new int[n];
        int j = 0;
        for (int i = 0; i < items.length; i++) {
            if (ts[i] >= from && (ts[i] < to || to == Long.MAX_VALUE)) {
                out[j++] = items[i];
            }
        }
        return out;
    }

    private static long[] selectTimes(long[] ts, long before) {
        return Arrays.stream(ts).filter(t -> t < before).toArray();
    }

    private static float[] selectRatings(float[] ratings, long[] ts, long before) {
        int n = 0;
        for (long t : ts) {
            if (t < before) {
                n++;
            }
        }
        float[] out = new float[n];
        int j = 0;
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] < before) {
                out[j++] = ratings[i];
            }
        }
        return out;
    }
}
