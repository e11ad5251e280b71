package io.attnrec.core.baselines.bpr;

import io.attnrec.core.baselines.HistoryItems;
import io.attnrec.core.model.Increment;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * LearnBPR (Rendle et al. 2009, Fig. 4): stochastic gradient ascent on {@code ln sigma(x_uij)}
 * with {@code x_uij = b_i - b_j + <p_u, q_i - q_j>}, triples drawn by bootstrap sampling: a
 * uniform training pair (u, i) and a uniform item j the user has not interacted with.
 *
 * <p>Single-threaded on purpose: lock-free parallel SGD (Hogwild) would make the factors depend on
 * thread timing, and the same seed must give the same model.
 */
final class BprTrainer {

    private BprTrainer() {}

    static BprModel train(TrainingData data, BprConfig config, long seed, ToDoubleFunction<Recommender> validation) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int dim = config.dim();
        float[] users = gaussian(data.numUsers() * dim, config.initStd(), rnd);
        float[] items = gaussian((data.numItems() + 1) * dim, config.initStd(), rnd);
        Arrays.fill(items, 0, dim, 0f); // item 0 is padding
        float[] bias = new float[data.numItems() + 1];
        return fit(data, config, config.epochs(), rnd, validation, users, items, bias);
    }

    /**
     * Grows {@code parent} to the increment's users and items and trains on its fine-tuning part.
     * Existing users and items keep their factors and biases (ids are append-only); new rows are
     * drawn as a fresh model's, N(0, init_std²), with a zero bias. Negatives are drawn from every
     * item, new ones included: BPR's tables are exactly as large as the catalogue, so there are no
     * spare rows to leave out.
     *
     * @param epochs passes over the fine-tuning pairs
     */
    static BprModel warmStart(
            BprModel parent,
            Increment increment,
            BprConfig config,
            int epochs,
            long seed,
            ToDoubleFunction<Recommender> validation) {
        TrainingData data = increment.fineTune();
        int dim = config.dim();
        if (parent.dim() != dim) {
            throw new IllegalArgumentException("the options change dim (" + parent.dim() + " in the parent, " + dim
                    + " now); a warm start keeps it");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] users = gaussian(data.numUsers() * dim, config.initStd(), rnd);
        float[] items = gaussian((data.numItems() + 1) * dim, config.initStd(), rnd);
        Arrays.fill(items, 0, dim, 0f);
        float[] bias = new float[data.numItems() + 1];
        for (int u = 0; u < Math.min(parent.numUsers(), data.numUsers()); u++) {
            System.arraycopy(parent.userFactors(u), 0, users, u * dim, dim);
        }
        for (int i = 1; i <= increment.parentItems(); i++) {
            System.arraycopy(parent.itemFactors(i), 0, items, i * dim, dim);
            bias[i] = parent.itemBias(i);
        }
        return fit(data, config, epochs, rnd, validation, users, items, bias);
    }

    private static BprModel fit(
            TrainingData data,
            BprConfig config,
            int maxEpochs,
            SplittableRandom rnd,
            ToDoubleFunction<Recommender> validation,
            float[] users,
            float[] items,
            float[] bias) {
        int numUsers = data.numUsers();
        int numItems = data.numItems();
        int dim = config.dim();

        int[][] positives = new int[numUsers][];
        int pairs = 0;
        for (int u = 0; u < numUsers; u++) {
            positives[u] = HistoryItems.distinct(data.sequences()[u], 0, numItems);
            pairs += positives[u].length;
        }
        int[] pairUser = new int[pairs];
        int[] pairItem = new int[pairs];
        int n = 0;
        for (int u = 0; u < numUsers; u++) {
            for (int i : positives[u]) {
                pairUser[n] = u;
                pairItem[n++] = i;
            }
        }

        float lr = (float) config.lr();
        float reg = (float) config.reg();
        boolean earlyStop = config.patience() > 0 && !data.validation().isEmpty();
        BprModel best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        for (int epoch = 1; epoch <= maxEpochs && pairs > 0; epoch++) {
            for (int s = 0; s < pairs; s++) {
                int p = rnd.nextInt(pairs);
                int u = pairUser[p];
                int[] pos = positives[u];
                if (pos.length >= numItems) {
                    continue; // no negative exists
                }
                int j;
                do {
                    j = 1 + rnd.nextInt(numItems);
                } while (Arrays.binarySearch(pos, j) >= 0);
                step(users, items, bias, u * dim, pairItem[p], j, dim, lr, reg, config.itemBias());
            }
            if (earlyStop) {
                BprModel snapshot =
                        new BprModel(numUsers, numItems, dim, users.clone(), items.clone(), bias.clone(), epoch);
                double score = validation.applyAsDouble(snapshot);
                if (score > bestScore || best == null) {
                    bestScore = Double.isNaN(score) ? Double.NEGATIVE_INFINITY : score;
                    best = snapshot;
                    bestEpoch = epoch;
                } else if (epoch - bestEpoch >= config.patience()) {
                    break;
                }
            }
        }
        if (best != null) {
            return best;
        }
        return new BprModel(numUsers, numItems, dim, users, items, bias, maxEpochs);
    }

    /** One SGD step on the triple (u, i, j); {@code pu} is u's offset in {@code users}. */
    private static void step(
            float[] users,
            float[] items,
            float[] bias,
            int pu,
            int i,
            int j,
            int dim,
            float lr,
            float reg,
            boolean itemBias) {
        int qi = i * dim;
        int qj = j * dim;
        float x = bias[i] - bias[j];
        for (int d = 0; d < dim; d++) {
            x += users[pu + d] * (items[qi + d] - items[qj + d]);
        }
        // d ln sigma(x) / dx = sigma(-x)
        float g = (float) (1.0 / (1.0 + Math.exp(x)));
        for (int d = 0; d < dim; d++) {
            float wu = users[pu + d];
            float hi = items[qi + d];
            float hj = items[qj + d];
            users[pu + d] = wu + lr * (g * (hi - hj) - reg * wu);
            items[qi + d] = hi + lr * (g * wu - reg * hi);
            items[qj + d] = hj + lr * (-g * wu - reg * hj);
        }
        if (itemBias) {
            bias[i] += lr * (g - reg * bias[i]);
            bias[j] += lr * (-g - reg * bias[j]);
        }
    }

    private static float[] gaussian(int n, double std, SplittableRandom rnd) {
        float[] out = new float[n];
        for (int k = 0; k < n; k++) {
            out[k] = (float) (gaussian(rnd) * std);
        }
        return out;
    }

    /** Standard normal by Box-Muller; SplittableRandom has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom rnd) {
        double u1 = 1.0 - rnd.nextDouble(); // (0, 1]
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
