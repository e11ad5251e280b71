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
 * User split, the multi-interest protocol of ComiRec (Cen et al., KDD 2020): users are shuffled
 * with a seeded generator and divided into training, validation and test users. Models learn from
 * the full sequences of training users only; held-out users have empty training sequences.
 *
 * <p>A held-out user with a sequence of length {@code n >= minLength} becomes a case whose
 * history is the first {@code max(1, floor(historyFraction * n))} items and whose targets are the
 * distinct remaining items. The case's user id is {@code -1}: the model never trained on this user
 * and must score from the history alone, as a new user would be served. Excluded items follow
 * {@link Config#mask()}: by default the distinct history items, and a target already in the
 * history stays a target that cannot be ranked (a miss, as in RecBole; issue 18); with {@link
 * HistoryMask#NONE} nothing is excluded (ComiRec's own evaluation). Held-out users that are too
 * short are dropped; {@link Split#settings()} records the count.
 */
public final class UserSplitter implements Splitter {

    /**
     * User split settings.
     *
     * @param trainFraction fraction of users whose sequences are training data, in (0, 1)
     * @param validFraction fraction of users held out for validation, in [0, 1 - trainFraction]; the
     *     rest are test users
     * @param historyFraction fraction of a held-out user's sequence given as history, in (0, 1)
     * @param minLength held-out users with fewer events are not evaluated (at least 2)
     * @param seed seed of the user shuffle
     * @param mask which known items the cases exclude from the ranking
     */
    public record Config(
            double trainFraction,
            double validFraction,
            double historyFraction,
            int minLength,
            long seed,
            HistoryMask mask) {

        public Config {
            if (!(trainFraction > 0 && trainFraction < 1)) {
                throw new IllegalArgumentException("user split train fraction must be in (0, 1), got " + trainFraction);
            }
            if (!(validFraction >= 0 && trainFraction + validFraction < 1)) {
                throw new IllegalArgumentException("user split valid fraction must be >= 0 and leave test users, got "
                        + validFraction + " with train fraction " + trainFraction);
            }
            if (!(historyFraction > 0 && historyFraction < 1)) {
                throw new IllegalArgumentException(
                        "user split history fraction must be in (0, 1), got " + historyFraction);
            }
            if (minLength < 2) {
                throw new IllegalArgumentException("user split min length must be >= 2, got " + minLength);
            }
            if (mask == null) {
                throw new IllegalArgumentException("user split history mask must be given");
            }
        }

        /** The whole history masked. */
        public Config(double trainFraction, double validFraction, double historyFraction, int minLength, long seed) {
            this(trainFraction, validFraction, historyFraction, minLength, seed, HistoryMask.HISTORY);
        }

        /**
         * ComiRec's setting: users 80/10/10, first 80% of a held-out sequence is the history; the
         * whole history masked.
         */
        public static Config defaults(long seed) {
            return new Config(0.8, 0.1, 0.8, 2, seed);
        }

        public Config withMask(HistoryMask newMask) {
            return new Config(trainFraction, validFraction, historyFraction, minLength, seed, newMask);
        }
    }

    private final Config config;

    public UserSplitter(Config config) {
        this.config = config;
    }

    @Override
    public String protocol() {
        return "user";
    }

    @Override
    public Split split(Dataset data) {
        SplitSupport.checkShape(data);
        int numUsers = data.numUsers();
        int[] order = new int[numUsers];
        for (int u = 0; u < numUsers; u++) {
            order[u] = u;
        }
        Random random = new Random(config.seed());
        for (int i = numUsers - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        int numTrain = (int) Math.round(config.trainFraction() * numUsers);
        int numValid = Math.min(numUsers - numTrain, (int) Math.round(config.validFraction() * numUsers));

        int[][] seqs = new int[numUsers][];
        long[][] times = new long[numUsers][];
        float[][] ratings = data.hasRatings() ? new float[numUsers][] : null;
        List<EvalCase> validation = new ArrayList<>();
        List<EvalCase> test = new ArrayList<>();
        int tooShort = 0;
        for (int rank = 0; rank < numUsers; rank++) {
            int u = order[rank];
            if (rank < numTrain) {
                seqs[u] = data.sequences()[u].clone();
                times[u] = data.timestamps()[u].clone();
                if (ratings != null) {
                    ratings[u] = data.ratings()[u].clone();
                }
                continue;
            }
            seqs[u] = SplitSupport.NO_INTS;
            times[u] = SplitSupport.NO_LONGS;
            if (ratings != null) {
                ratings[u] = SplitSupport.NO_FLOATS;
            }
            int[] s = data.sequences()[u];
            if (s.length < config.minLength()) {
                tooShort++;
                continue;
            }
            int historyLength = Math.max(1, (int) Math.floor(config.historyFraction() * s.length));
            int[] history = Arrays.copyOf(s, historyLength);
            // n >= minLength >= 2 and historyFraction < 1 give historyLength <= n - 1: one target at least.
            int[] targets = SplitSupport.distinctInOrder(Arrays.copyOfRange(s, historyLength, s.length));
            EvalCase c = new EvalCase(-1, history, targets, config.mask().excluded(history));
            if (rank < numTrain + numValid) {
                validation.add(c);
            } else {
                test.add(c);
            }
        }
        TrainingData train = SplitSupport.training(data, seqs, times, ratings, validation);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("train_fraction", config.trainFraction());
        settings.put("valid_fraction", config.validFraction());
        settings.put("history_fraction", config.historyFraction());
        settings.put("min_length", config.minLength());
        settings.put("seed", config.seed());
        settings.put("train_users", numTrain);
        settings.put("validation_users", validation.size());
        settings.put("test_users", test.size());
        settings.put("held_out_too_short", tooShort);
        SplitSupport.maskSettings(settings, config.mask(), validation, test);
        return new Split(protocol(), settings, train, test);
    }
}
