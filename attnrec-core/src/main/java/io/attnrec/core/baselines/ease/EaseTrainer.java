package io.attnrec.core.baselines.ease;

import io.attnrec.core.concurrent.Parallel;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Fits {@link EaseModel}: the Gram matrix, its regularised inverse, and the choice of lambda. */
final class EaseTrainer {

    private EaseTrainer() {}

    static EaseModel train(TrainingData data, EaseConfig config, ToDoubleFunction<Recommender> validation) {
        try (Parallel par = new Parallel(config.threads())) {
            if (!config.tunesLambda()) {
                return fit(data, config.lambda(), config.maxItems(), par, Map.of());
            }
            if (data.validation().isEmpty()) {
                return fit(data, EaseConfig.FALLBACK_LAMBDA, config.maxItems(), par, Map.of());
            }
            int tuneItems = Math.min(config.tuneItems(), config.maxItems());
            Map<Double, Double> trace = new LinkedHashMap<>();
            double bestLambda = Double.NaN;
            double bestScore = Double.NEGATIVE_INFINITY;
            EaseModel bestModel = null;
            for (double lambda : config.lambdaGrid()) {
                EaseModel candidate = fit(data, lambda, tuneItems, par, Map.of());
                double score = validation.applyAsDouble(candidate);
                trace.put(lambda, score);
                // Strictly better only: on a tie the earlier (grid-order) lambda stays.
                if (score > bestScore || Double.isNaN(bestLambda)) {
                    bestScore = Double.isNaN(score) ? Double.NEGATIVE_INFINITY : score;
                    bestLambda = lambda;
                    bestModel = candidate;
                }
            }
            if (tuneItems == config.maxItems() || bestModel.size() == distinctTrainingItems(data)) {
                return bestModel.withTuning(trace);
            }
            bestModel = null; // free it before the large fit
            return fit(data, bestLambda, config.maxItems(), par, trace);
        }
    }

    /** EASE with a fixed lambda on the {@code maxItems} most popular items. */
    static EaseModel fit(TrainingData data, double lambda, int maxItems, Parallel par, Map<Double, Double> trace) {
        int numItems = data.numItems();
        int[][] userItems = distinctItemsPerUser(data);
        int[] itemOf = mostPopular(userItems, numItems, maxItems);
        int m = itemOf.length;
        int[] indexOf = new int[numItems + 1];
        Arrays.fill(indexOf, -1);
        for (int r = 0; r < m; r++) {
            indexOf[itemOf[r]] = r;
        }
        // Users' items as sorted model indices, so each Gram row block finds its range quickly.
        int[][] rows = new int[userItems.length][];
        for (int u = 0; u < rows.length; u++) {
            int[] idx = new int[userItems[u].length];
            int n = 0;
            for (int i : userItems[u]) {
                if (indexOf[i] >= 0) {
                    idx[n++] = indexOf[i];
                }
            }
            idx = Arrays.copyOf(idx, n);
            Arrays.sort(idx);
            rows[u] = idx;
        }

        // G = X^T X + lambda I, upper triangle only (the inverse reads nothing else).
        double[][] g = new double[m][m];
        int block = SpdInverse.NB;
        par.forEach((m + block - 1) / block, t -> {
            int r0 = t * block;
            int r1 = Math.min(r0 + block, m);
            for (int[] idx : rows) {
                int from = lowerBound(idx, r0);
                for (int p = from; p < idx.length && idx[p] < r1; p++) {
                    double[] gr = g[idx[p]];
                    for (int q = p; q < idx.length; q++) {
                        gr[idx[q]] += 1.0;
                    }
                }
            }
            for (int r = r0; r < r1; r++) {
                g[r][r] += lambda;
            }
        });
        if (m > 0) {
            SpdInverse.invert(g, par);
        }

        // B = I - P diag(1/diag P), with a zero diagonal; each P row is dropped once converted.
        double[] diag = new double[m];
        for (int r = 0; r < m; r++) {
            diag[r] = g[r][r];
        }
        float[][] b = new float[m][];
        par.forEach(m, i -> {
            double[] p = g[i];
            float[] row = new float[m];
            for (int j = 0; j < m; j++) {
                row[j] = i == j ? 0f : (float) (-p[j] / diag[j]);
            }
            b[i] = row;
            g[i] = null;
        });
        return new EaseModel(numItems, lambda, itemOf, b, trace);
    }

    /** Item ids with at least one training user, most users first (ties: lower id), at most {@code max}. */
    static int[] mostPopular(int[][] userItems, int numItems, int max) {
        int[] users = new int[numItems + 1];
        for (int[] items : userItems) {
            for (int i : items) {
                users[i]++;
            }
        }
        Integer[] order = new Integer[numItems];
        int n = 0;
        for (int i = 1; i <= numItems; i++) {
            if (users[i] > 0) {
                order[n++] = i;
            }
        }
        Arrays.sort(order, 0, n, (x, y) -> users[x] != users[y] ? Integer.compare(users[y], users[x]) : x - y);
        int m = Math.min(n, max);
        int[] out = new int[m];
        for (int r = 0; r < m; r++) {
            out[r] = order[r];
        }
        return out;
    }

    private static int distinctTrainingItems(TrainingData data) {
        int n = 0;
        for (int c : data.itemCounts()) {
            if (c > 0) {
                n++;
            }
        }
        return n;
    }

    /** X as rows: each user's distinct training items (X is binary: a repeat counts once). */
    private static int[][] distinctItemsPerUser(TrainingData data) {
        int numItems = data.numItems();
        int[][] out = new int[data.numUsers()][];
        for (int u = 0; u < out.length; u++) {
            int[] s = data.sequences()[u].clone();
            Arrays.sort(s);
            int d = 0;
            for (int p = 0; p < s.length; p++) {
                int i = s[p];
                if (i >= 1 && i <= numItems && (d == 0 || s[d - 1] != i)) {
                    s[d++] = i;
                }
            }
            out[u] = Arrays.copyOf(s, d);
        }
        return out;
    }

    private static int lowerBound(int[] sorted, int key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
