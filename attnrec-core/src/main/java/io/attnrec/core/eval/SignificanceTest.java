package io.attnrec.core.eval;

import java.util.Arrays;

/**
 * Paired significance tests between two models evaluated on the same cases, e.g. the per-user
 * {@code ndcg@10} arrays of two {@link EvaluationResult#perUser()} maps.
 *
 * <p>Two tests are reported side by side:
 *
 * <ul>
 *   <li>the two-sided paired Student t-test on the differences {@code a[i] - b[i]}, with {@code
 *       n - 1} degrees of freedom (the t distribution's CDF is computed through the regularized
 *       incomplete beta function);
 *   <li>the Wilcoxon signed-rank test, which does not assume normal differences (per-user ranking
 *       metrics are far from normal: mostly zeros for leave-one-out). Zero differences are dropped
 *       (Wilcoxon's method), tied absolute differences get their average rank, and the p-value
 *       uses the normal approximation with tie correction and a continuity correction of 0.5: the
 *       same as R's {@code wilcox.test(a, b, paired = TRUE, exact = FALSE, correct = TRUE)}.
 * </ul>
 *
 * <p>Degenerate inputs give defined numbers, never NaN: if every difference is zero, t = 0 and
 * both p-values are 1; if all differences are equal and non-zero, t is infinite and its p-value 0.
 */
public final class SignificanceTest {

    /**
     * Result of {@link #paired}.
     *
     * @param n number of pairs
     * @param meanDifference mean of {@code a[i] - b[i]} (positive: a is better on a metric where
     *     higher is better)
     * @param t paired t statistic, {@code mean / (sd / sqrt(n))}
     * @param pValue two-sided p-value of the paired t-test
     * @param wilcoxonW sum of the ranks of the positive differences (R's {@code V})
     * @param wilcoxonZ normal-approximation z of {@code wilcoxonW}, continuity corrected
     * @param wilcoxonP two-sided p-value of the Wilcoxon signed-rank test
     */
    public record PairedResult(
            int n,
            double meanDifference,
            double t,
            double pValue,
            double wilcoxonW,
            double wilcoxonZ,
            double wilcoxonP) {

        /** True when the t-test rejects equality at level {@code alpha}. */
        public boolean significant(double alpha) {
            return pValue < alpha;
        }
    }

    private SignificanceTest() {}

    /**
     * Compares paired samples {@code a} and {@code b} (same length, at least 2, finite values).
     *
     * @throws IllegalArgumentException if the arrays differ in length, are shorter than 2 or
     *     contain a non-finite value
     */
    public static PairedResult paired(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "paired test needs arrays of equal length, got " + a.length + " and " + b.length);
        }
        int n = a.length;
        if (n < 2) {
            throw new IllegalArgumentException("paired test needs at least 2 pairs, got " + n);
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
                throw new IllegalArgumentException("paired test value " + i + " is not finite");
            }
            d[i] = a[i] - b[i];
        }
        double mean = 0;
        for (double v : d) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : d) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double t;
        double p;
        if (sd == 0) {
            t = mean == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, mean);
            p = mean == 0 ? 1 : 0;
        } else {
            t = mean / (sd / Math.sqrt(n));
            p = SpecialFunctions.studentTwoSidedP(t, n - 1);
        }
        double[] w = wilcoxon(d);
        return new PairedResult(n, mean, t, p, w[0], w[1], w[2]);
    }

    /** {W+, z, p} of the signed-rank test on differences {@code d}. */
    private static double[] wilcoxon(double[] d) {
        double[] abs = Arrays.stream(d).filter(v -> v != 0).map(Math::abs).toArray();
        int m = abs.length;
        if (m == 0) {
            return new double[] {0, 0, 1};
        }
        // Sort the non-zero differences by magnitude, carrying their signs along.
        double[] signed = Arrays.stream(d).filter(v -> v != 0).toArray();
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(abs[x], abs[y]));
        double wPlus = 0;
        double tieTerm = 0;
        for (int i = 0; i < m; ) {
            int j = i;
            while (j + 1 < m && abs[order[j + 1]] == abs[order[i]]) {
                j++;
            }
            double avgRank = (i + j + 2) / 2.0; // ranks are 1-based: positions i..j get (i+1 + j+1) / 2
            int ties = j - i + 1;
            tieTerm += (double) ties * ties * ties - ties;
            for (int k = i; k <= j; k++) {
                if (signed[order[k]] > 0) {
                    wPlus += avgRank;
                }
            }
            i = j + 1;
        }
        double mu = m * (m + 1) / 4.0;
        double var = m * (m + 1) * (2.0 * m + 1) / 24.0 - tieTerm / 48.0;
        double diff = wPlus - mu;
        if (diff == 0 || var <= 0) {
            return new double[] {wPlus, 0, 1};
        }
        double z = (diff - Math.copySign(0.5, diff)) / Math.sqrt(var);
        return new double[] {wPlus, z, Math.min(1, SpecialFunctions.normalTwoSidedP(z))};
    }
}
