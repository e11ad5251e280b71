package io.attnrec.core.fusion;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the weight search on validation found (SPEC C8: does the blend beat the best single model?).
 *
 * @param members member names, in blend order
 * @param memberNdcg validation NDCG@10 of each member alone (the simplex corners)
 * @param blendWeights the weights of the best grid point, summing to 1 (a corner when no mixture
 *     scored higher than every member)
 * @param blendNdcg validation NDCG@10 of that grid point
 * @param pValue two-sided paired t-test p-value of the best grid point against the best member over
 *     the validation users' NDCG@10 (1 when the best grid point is that member)
 * @param alpha the significance level a mixture must reach to be used
 * @param bestMember the member with the highest validation NDCG@10 alone
 * @param cases validation cases the search used (0 = there were none; weights are then equal)
 */
record FusionTuning(
        List<String> members,
        List<Double> memberNdcg,
        List<Double> blendWeights,
        double blendNdcg,
        double pValue,
        double alpha,
        String bestMember,
        int cases) {

    public FusionTuning {
        members = List.copyOf(members);
        memberNdcg = List.copyOf(memberNdcg);
        blendWeights = List.copyOf(blendWeights);
    }

    /** {@code values} as an unmodifiable list, for the per-member components. */
    static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    /** Validation NDCG@10 of the best member alone. */
    public double bestMemberNdcg() {
        int b = members.indexOf(bestMember);
        return b < 0 ? Double.NaN : memberNdcg.get(b);
    }

    /**
     * True when the best blend scored higher on validation than every member alone and the gain is
     * significant at {@link #alpha()}; only then does the model use the blend.
     */
    public boolean blendBeatsBest() {
        return cases > 0 && blendNdcg > bestMemberNdcg() && pValue < alpha;
    }

    /** The weights the model uses: the blend's when it beats the best member, else that member alone. */
    public double[] chosenWeights() {
        if (cases == 0 || blendBeatsBest()) {
            return blendWeights.stream().mapToDouble(Double::doubleValue).toArray();
        }
        double[] w = new double[members.size()];
        w[members.indexOf(bestMember)] = 1;
        return w;
    }

    /** One line for logs and reports. */
    public String summary() {
        if (cases == 0) {
            return "no validation cases: equal weights, blend not compared with its members";
        }
        StringBuilder sb = new StringBuilder("best blend ");
        for (int m = 0; m < members.size(); m++) {
            sb.append(m == 0 ? "" : " + ")
                    .append(String.format(Locale.ROOT, "%.2f", blendWeights.get(m)))
                    .append(' ')
                    .append(members.get(m));
        }
        sb.append(String.format(
                Locale.ROOT,
                ": validation ndcg@10 %.4f vs best member %s %.4f (paired t-test p = %.3g, %d cases); ",
                blendNdcg,
                bestMember,
                bestMemberNdcg(),
                pValue,
                cases));
        sb.append(
                blendBeatsBest()
                        ? "the blend beats the best member and is used"
                        : String.format(
                                Locale.ROOT,
                                "the blend does not beat the best member at alpha %s; using %s alone",
                                alpha,
                                bestMember));
        return sb.toString();
    }
}
