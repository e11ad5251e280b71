package io.attnrec.core.multi;

import io.attnrec.core.model.TopK;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How well a multi-interest model recovers planted interests (SPEC C5), on data whose items have
 * a known topic and whose users have known interest topics (the synthetic world):
 *
 * <ul>
 *   <li><b>purity</b>: for each interest vector of each probed user, the share of its top
 *       {@code topN} items (over the whole catalogue) that belong to the most frequent topic among
 *       them; averaged over all interest vectors;
 *   <li><b>coverage</b>: for each probed user, the share of the user's planted topics that are the
 *       majority topic of at least one of the user's interests; averaged over users with planted
 *       topics. Its ceiling is the share of planted topics that appear in the probed history at
 *       all (a model cannot find a topic it never reads): {@code coverageCeiling};
 *   <li><b>seen coverage</b>, the headline figure: the same share counted only over the planted
 *       topics that occur in the probed history (averaged over users with at least one), so 1.0
 *       is reachable; on the default synthetic world about a fifth of the planted topics never
 *       occur in a held-out user's history, which caps plain coverage near 0.8.
 * </ul>
 *
 * Items without a topic (topic -1) count against purity: they never belong to the majority.
 */
public final class InterestPurity {

    private InterestPurity() {}

    /**
     * One user to probe.
     *
     * @param user dense user id, or -1 for a user the model did not train on
     * @param history what the model reads, oldest first
     * @param plantedTopics the user's planted topics (topic indices as in {@code topicOfItem})
     */
    public record Probe(int user, int[] history, int[] plantedTopics) {}

    /**
     * @param purity mean share of an interest's top items in its majority topic, in [0, 1]
     * @param coverage mean share of a user's planted topics found as some interest's majority
     *     topic, in [0, 1]
     * @param coverageSeen mean share of a user's planted topics that occur in the probed history
     *     and are found as some interest's majority topic, in [0, 1]
     * @param coverageCeiling mean share of a user's planted topics that occur in the probed
     *     history: the largest {@code coverage} any model can reach on these probes
     * @param meanInterests mean number of interest vectors per user
     * @param users users probed
     * @param topN items read per interest
     */
    public record Result(
            double purity,
            double coverage,
            double coverageSeen,
            double coverageCeiling,
            double meanInterests,
            int users,
            int topN) {

        /**
         * For the JSON report: {@code interest_coverage_seen} (the headline), {@code
         * interest_purity}, {@code interest_coverage}, ...
         */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("interest_coverage_seen", coverageSeen);
            m.put("interest_purity", purity);
            m.put("interest_coverage", coverage);
            m.put("interest_coverage_ceiling", coverageCeiling);
            m.put("mean_interests", meanInterests);
            m.put("users", users);
            m.put("top_n", topN);
            return m;
        }
    }

    /**
     * Computes purity and coverage.
     *
     * @param topicOfItem topic index of each dense item id (length {@code numItems + 1}; -1 =
     *     unknown)
     * @param topN items per interest, >= 1
     */
    public static Result compute(MultiInterest model, List<Probe> probes, int[] topicOfItem, int topN) {
        if (topN < 1) {
            throw new IllegalArgumentException("top-N must be >= 1");
        }
        if (probes.isEmpty()) {
            throw new IllegalArgumentException("no users to probe");
        }
        float[][] table = model.itemTable();
        if (table.length != topicOfItem.length) {
            throw new IllegalArgumentException(
                    "the model has " + (table.length - 1) + " items, the topic map " + (topicOfItem.length - 1));
        }
        double puritySum = 0;
        long interestCount = 0;
        double coverageSum = 0;
        double ceilingSum = 0;
        int coverageUsers = 0;
        double seenSum = 0;
        int seenUsers = 0;
        int[] none = new int[0];
        for (Probe p : probes) {
            float[][] interests = model.interests(p.user(), p.history());
            float[][] scores = InterestScores.perInterest(interests, table);
            Set<Integer> found = new HashSet<>();
            for (float[] row : scores) {
                int[] top = TopK.select(row, topN, none);
                Map<Integer, Integer> counts = new HashMap<>();
                int majority = -1;
                int majorityCount = 0;
                for (int item : top) {
                    int t = topicOfItem[item];
                    if (t < 0) {
                        continue;
                    }
                    int c = counts.merge(t, 1, Integer::sum);
                    if (c > majorityCount || (c == majorityCount && t < majority)) {
                        majorityCount = c;
                        majority = t;
                    }
                }
                puritySum += top.length == 0 ? 0 : (double) majorityCount / top.length;
                interestCount++;
                if (majority >= 0) {
                    found.add(majority);
                }
            }
            if (p.plantedTopics().length > 0) {
                Set<Integer> read = new HashSet<>();
                for (int item : p.history()) {
                    if (item > 0 && item < topicOfItem.length && topicOfItem[item] >= 0) {
                        read.add(topicOfItem[item]);
                    }
                }
                int hit = 0;
                int seen = 0;
                int seenHit = 0;
                for (int t : p.plantedTopics()) {
                    boolean f = found.contains(t);
                    hit += f ? 1 : 0;
                    if (read.contains(t)) {
                        seen++;
                        seenHit += f ? 1 : 0;
                    }
                }
                coverageSum += (double) hit / p.plantedTopics().length;
                ceilingSum += (double) seen / p.plantedTopics().length;
                coverageUsers++;
                if (seen > 0) {
                    seenSum += (double) seenHit / seen;
                    seenUsers++;
                }
            }
        }
        return new Result(
                puritySum / interestCount,
                coverageUsers == 0 ? Double.NaN : coverageSum / coverageUsers,
                seenUsers == 0 ? Double.NaN : seenSum / seenUsers,
                coverageUsers == 0 ? Double.NaN : ceilingSum / coverageUsers,
                (double) interestCount / probes.size(),
                probes.size(),
                topN);
    }
}
