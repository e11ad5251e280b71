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
 * Leave-one-out (SPEC section 4): on each user's time-ordered sequence {@code s} of length
 * {@code n}, the last item is the test target, the second-to-last the validation target and
 * {@code s[0..n-2)} is training. The test history is the whole prefix {@code s[0..n-1)} (the model
 * sees the validation item at test time, as in SASRec and BERT4Rec).
 *
 * <p>Excluded items follow {@link Config#mask()}: by default the distinct items of the case's
 * whole history, target or not, so a target that repeats a history item cannot be ranked and
 * counts as a miss (a mask that spared the target would point at the answer, issue 18); with
 * {@link HistoryMask#NONE} nothing is excluded and the repeat can be ranked. Users shorter than
 * {@link Config#minLength()} keep their whole sequence in training and are not evaluated.
 */
final class LeaveOneOutSplitter implements Splitter {

    /**
     * Leave-one-out settings.
     *
     * @param minLength users with fewer events are not evaluated (their events all go to training);
     *     at least 3, so that every evaluated user keeps one training item
     * @param mask which known items the cases exclude from the ranking
     */
    public record Config(int minLength, HistoryMask mask) {

        public Config {
            if (minLength < 3) {
                throw new IllegalArgumentException("leave-one-out min length must be >= 3, got " + minLength);
            }
            if (mask == null) {
                throw new IllegalArgumentException("leave-one-out history mask must be given");
            }
        }

        /** The whole history masked. */
        public Config(int minLength) {
            this(minLength, HistoryMask.HISTORY);
        }

        /** Evaluate every user with at least 3 events, the whole history masked. */
        public static Config defaults() {
            return new Config(3);
        }

        public Config withMask(HistoryMask newMask) {
            return new Config(minLength, newMask);
        }
    }

    private final Config config;

    public LeaveOneOutSplitter(Config config) {
        this.config = config;
    }

    @Override
    public String protocol() {
        return "loo";
    }

    @Override
    public Split split(Dataset data) {
        SplitSupport.checkShape(data);
        int numUsers = data.numUsers();
        int[][] seqs = new int[numUsers][];
        long[][] times = new long[numUsers][];
        float[][] ratings = data.hasRatings() ? new float[numUsers][] : null;
        List<EvalCase> validation = new ArrayList<>();
        List<EvalCase> test = new ArrayList<>();
        for (int u = 0; u < numUsers; u++) {
            int[] s = data.sequences()[u];
            int n = s.length;
            int keep = n >= config.minLength() ? n - 2 : n;
            seqs[u] = Arrays.copyOf(s, keep);
            times[u] = Arrays.copyOf(data.timestamps()[u], keep);
            if (ratings != null) {
                ratings[u] = Arrays.copyOf(data.ratings()[u], keep);
            }
            if (keep == n) {
                continue;
            }
            int[] validHistory = Arrays.copyOf(s, n - 2);
            int validTarget = s[n - 2];
            validation.add(new EvalCase(
                    u, validHistory, new int[] {validTarget}, config.mask().excluded(validHistory)));
            int[] testHistory = Arrays.copyOf(s, n - 1);
            int testTarget = s[n - 1];
            test.add(new EvalCase(
                    u, testHistory, new int[] {testTarget}, config.mask().excluded(testHistory)));
        }
        TrainingData train = SplitSupport.training(data, seqs, times, ratings, validation);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("min_length", config.minLength());
        settings.put("validation_users", validation.size());
        settings.put("test_users", test.size());
        SplitSupport.maskSettings(settings, config.mask(), validation, test);
        return new Split(protocol(), settings, train, test);
    }
}
