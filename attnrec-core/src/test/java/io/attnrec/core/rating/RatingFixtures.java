package io.attnrec.core.rating;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.model.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A small rating matrix with planted structure: biases plus a rank-2 interaction, on a 1..5 scale. */
final class RatingFixtures {

    private RatingFixtures() {}

    /**
     * @param train training ratings
     * @param testUsers test pairs (user ids)
     * @param testItems test pairs (item ids)
     * @param testRatings true ratings of the test pairs
     */
    record Planted(TrainingData train, int[] testUsers, int[] testItems, float[] testRatings) {}

    /** Users rate about 60% of the items; 20% of the ratings are held out for testing. */
    static Planted planted(int users, int items, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] a = new double[users][2];
        double[] ub = new double[users];
        for (int u = 0; u < users; u++) {
            a[u][0] = r.nextDouble(-1, 1);
            a[u][1] = r.nextDouble(-1, 1);
            ub[u] = r.nextDouble(-0.5, 0.5);
        }
        double[][] b = new double[items + 1][2];
        double[] ib = new double[items + 1];
        for (int i = 1; i <= items; i++) {
            b[i][0] = r.nextDouble(-1, 1);
            b[i][1] = r.nextDouble(-1, 1);
            ib[i] = r.nextDouble(-0.7, 0.7);
        }
        int[][] seqs = new int[users][];
        float[][] ratings = new float[users][];
        long[][] times = new long[users][];
        List<int[]> test = new ArrayList<>();
        List<Float> testR = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            List<Integer> is = new ArrayList<>();
            List<Float> rs = new ArrayList<>();
            for (int i = 1; i <= items; i++) {
                if (r.nextDouble() >= 0.6) {
                    continue;
                }
                double v = 3.2 + ub[u] + ib[i] + 1.6 * (a[u][0] * b[i][0] + a[u][1] * b[i][1]) + 0.3 * gauss(r);
                float rating = (float) Math.max(1, Math.min(5, Math.rint(v)));
                if (r.nextDouble() < 0.2) {
                    test.add(new int[] {u, i});
                    testR.add(rating);
                } else {
                    is.add(i);
                    rs.add(rating);
                }
            }
            seqs[u] = is.stream().mapToInt(Integer::intValue).toArray();
            ratings[u] = new float[rs.size()];
            times[u] = new long[rs.size()];
            for (int k = 0; k < rs.size(); k++) {
                ratings[u][k] = rs.get(k);
                times[u][k] = k;
            }
        }
        TrainingData data = trainingData(users, items, seqs, times, ratings);
        int[] tu = test.stream().mapToInt(p -> p[0]).toArray();
        int[] ti = test.stream().mapToInt(p -> p[1]).toArray();
        float[] tr = new float[testR.size()];
        for (int k = 0; k < tr.length; k++) {
            tr[k] = testR.get(k);
        }
        return new Planted(data, tu, ti, tr);
    }

    /** Training data over items {@code m1..m<items>}, without catalogue or validation cases. */
    static TrainingData trainingData(int users, int items, int[][] seqs, long[][] times, float[][] ratings) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= items; i++) {
            names.add("m" + i);
        }
        return new TrainingData(
                users, items, seqs, times, ratings, IdMap.of(true, names), ItemCatalog.empty(), List.of());
    }

    /** A standard normal draw (Box-Muller). */
    static double gauss(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Clipped predictions of the test pairs, each user's history being their training ratings. */
    static float[] predict(RatingPredictor model, Planted p) {
        float[] out = new float[p.testRatings().length];
        for (int k = 0; k < out.length; k++) {
            int u = p.testUsers()[k];
            out[k] = model.predict(u, p.train().sequences()[u], p.train().ratings()[u], p.testItems()[k]);
        }
        return out;
    }

    /** RMSE of always predicting the training mean. */
    static double meanBaselineRmse(Planted p) {
        double sum = 0;
        int n = 0;
        for (float[] rs : p.train().ratings()) {
            for (float v : rs) {
                sum += v;
                n++;
            }
        }
        double mean = sum / n;
        double se = 0;
        for (float v : p.testRatings()) {
            se += (v - mean) * (v - mean);
        }
        return Math.sqrt(se / p.testRatings().length);
    }
}
