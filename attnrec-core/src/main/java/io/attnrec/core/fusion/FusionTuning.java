package io.attnrec.core.fusion;

import java.util.List;
import java.util.Locale;

/**
 * What the weight search on validation found (SPEC C8: does the blend beat the best single model?).
 *
 * @param members member names, in blend order
 * @param memberNdcg validation NDCG@10 of each member alone (the simplex corners)
 * @param weights the chosen blend weights, summing to 1
 * @param blendNdcg validation NDCG@10 of the chosen blend
 * @param bestMember the member with the highest validation NDCG@10 alone
 * @param cases validation cases the search used (0 = there were none; weights are then equal)
 */
public record FusionTuning(
        List<String> members, double[] memberNdcg, double[] weights, double blendNdcg, String bestMember, int cases) {

    public FusionTuning {
        members = List.copyOf(members);
        memberNdcg = memberNdcg.clone();
        weights = weights.clone();
    }

    @Override
    public double[] memberNdcg() {
        return memberNdcg.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** Validation NDCG@10 of the best member alone. */
    public double bestMemberNdcg() {
        int b = members.indexOf(bestMember);
        return b < 0 ? Double.NaN : memberNdcg[b];
    }

    /** True when the blend scored strictly higher on validation than every member alone. */
    public boolean blendBeatsBest() {
        return cases > 0 && blendNdcg > bestMemberNdcg();
    }

    /** One line for logs and reports. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        if (cases == 0) {
            return "no validation cases: equal weights, blend not compared with its members";
        }
        sb.append("weights ");
        for (int m = 0; m < members.size(); m++) {
            sb.append(m == 0 ? "" : " + ")
                    .append(String.format(Locale.ROOT, "%.2f", weights[m]))
                    .append(' ')
                    .append(members.get(m));
        }
        sb.append(String.format(Locale.ROOT, "; validation ndcg@10 blend %.4f", blendNdcg));
        sb.append(String.format(Locale.ROOT, ", best member %s %.4f", bestMember, bestMemberNdcg()));
        sb.append(blendBeatsBest() ? "; the blend beats the best member" : "; the blend does not beat the best member");
        sb.append(" (").append(cases).append(" validation cases)");
        return sb.toString();
    }
}
