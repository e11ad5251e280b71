package io.attnrec.nn.multi;

/**
 * Read-out pruning of a user's interests (issue 19): interests that duplicate another one or are
 * formed by a single history item are switched off, so that the interests a model reports (and
 * scores with) are distinct. Works on the network's output copied into Java arrays.
 *
 * <p>Per user: each active interest's weights over the history are normalised to sum to 1; its
 * <em>support</em> is the effective number of items that form it, {@code 1 / sum p_t^2}, and its
 * <em>single-item share</em> the largest {@code p_t}. Interests are visited by support, largest
 * first; one is dropped when its single-item share exceeds {@code pruneSingle} or its cosine with
 * an interest already kept exceeds {@code pruneCosine}. If every interest would be dropped, the
 * one with the largest support stays.
 */
final class InterestPruning {

    private InterestPruning() {}

    /**
     * @param interests {@code (B, K, D)} row-major
     * @param active {@code (B, K)} 1/0
     * @param weights {@code (B, K, T)} row-major, 0 at padding
     * @param pruneCosine drop above this cosine with a kept interest (1 = never)
     * @param pruneSingle drop above this share on one item (1 = never)
     * @return the new {@code (B, K)} activity, a subset of {@code active}
     */
    public static float[] keep(
            float[] interests,
            float[] active,
            float[] weights,
            int b,
            int k,
            int d,
            int t,
            double pruneCosine,
            double pruneSingle) {
        float[] out = active.clone();
        double[] support = new double[k];
        double[] share = new double[k];
        double[] norm = new double[k];
        Integer[] order = new Integer[k];
        for (int row = 0; row < b; row++) {
            for (int j = 0; j < k; j++) {
                order[j] = j;
                int w0 = (row * k + j) * t;
                double sum = 0;
                double max = 0;
                for (int x = 0; x < t; x++) {
                    double w = Math.max(0, weights[w0 + x]);
                    sum += w;
                    max = Math.max(max, w);
                }
                double sq = 0;
                for (int x = 0; x < t && sum > 0; x++) {
                    double p = Math.max(0, weights[w0 + x]) / sum;
                    sq += p * p;
                }
                support[j] = sq > 0 ? 1 / sq : 0;
                share[j] = sum > 0 ? max / sum : 1;
                int v0 = (row * k + j) * d;
                double n = 0;
                for (int x = 0; x < d; x++) {
                    n += (double) interests[v0 + x] * interests[v0 + x];
                }
                norm[j] = Math.sqrt(n);
            }
            java.util.Arrays.sort(order, (x, y) -> {
                int c = Double.compare(support[y], support[x]);
                return c != 0 ? c : Integer.compare(x, y);
            });
            int first = -1;
            int kept = 0;
            int[] keptList = new int[k];
            for (int j : order) {
                if (active[row * k + j] <= 0) {
                    continue;
                }
                if (first < 0) {
                    first = j;
                }
                boolean drop = pruneSingle < 1 && share[j] > pruneSingle;
                for (int q = 0; q < kept && !drop; q++) {
                    drop = pruneCosine < 1 && cosine(interests, row, k, d, j, keptList[q], norm) > pruneCosine;
                }
                if (drop) {
                    out[row * k + j] = 0;
                } else {
                    keptList[kept++] = j;
                }
            }
            if (kept == 0 && first >= 0) {
                out[row * k + first] = 1;
            }
        }
        return out;
    }

    private static double cosine(float[] v, int row, int k, int d, int a, int c, double[] norm) {
        if (norm[a] == 0 || norm[c] == 0) {
            return norm[a] == norm[c] ? 1 : 0;
        }
        int va = (row * k + a) * d;
        int vc = (row * k + c) * d;
        double dot = 0;
        for (int x = 0; x < d; x++) {
            dot += (double) v[va + x] * v[vc + x];
        }
        return dot / (norm[a] * norm[c]);
    }
}
