package io.attnrec.core.fusion;

import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.eval.SignificanceTest;
import io.attnrec.core.model.BaseRecommender;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.MemberCopies;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains the members of a blend on the same data and chooses the weights on validation.
 *
 * <p>Every weight vector on the simplex grid of {@link FusionConfig#step()} is evaluated with the
 * project's {@link Evaluator} (NDCG@10, full ranking, the case's known items excluded) on the
 * validation cases, or a seeded sample of {@link FusionConfig#tuneUsers()} of them. The corners of
 * the simplex are the members alone, so the same search says which member is best and whether any
 * blend beats it. The best grid point wins; on a tie the earlier point in grid order (a corner
 * before mixtures, since corners come first) is kept, so a blend is chosen only when it is strictly
 * better. A mixture is used only when its gain over the best member is significant (paired t-test
 * over the validation users' NDCG@10 at {@link FusionConfig#alpha()}): weights fitted on a few
 * hundred users otherwise tend to chase noise. Each member scores each tuning case once: the
 * normalised scores are cached, and the blend evaluated for every grid point is a weighted sum of
 * cached rows. Cases beyond the cache's {@link #CACHE_FLOATS} (about 1,200 cases for two members
 * over 54,000 items) are scored again at every grid point, so tuning on every validation user of a
 * large catalogue costs time, not memory.
 */
final class FusionTrainer {

    private static final String KEY = "ndcg@10";

    /** Cached member scores stay under this many floats (512 MiB). */
    static final long CACHE_FLOATS = 1L << 27;

    private FusionTrainer() {}

    static FusionModel train(TrainingData data, FusionConfig config, long seed) {
        return train(data, config, seed, CACHE_FLOATS);
    }

    /** As above, caching at most {@code cacheFloats} member scores (tests set it small). */
    static FusionModel train(TrainingData data, FusionConfig config, long seed, long cacheFloats) {
        List<Recommender> members = new ArrayList<>();
        for (String name : config.members()) {
            members.add(Models.require(MemberCopies.model(name))
                    .train(data, config.optionsOf(name), FusionConfig.seedOf(name, seed)));
        }
        int numMembers = members.size();
        List<EvalCase> cases = tuningCases(data, config, seed);
        if (cases.isEmpty()) {
            double[] equal = new double[numMembers];
            java.util.Arrays.fill(equal, 1.0 / numMembers);
            FusionTuning t = new FusionTuning(
                    config.members(),
                    FusionTuning.boxed(new double[numMembers]),
                    FusionTuning.boxed(equal),
                    Double.NaN,
                    1,
                    config.alpha(),
                    config.members().get(0),
                    0);
            return new FusionModel(members, t.chosenWeights(), config.norm(), t);
        }
        int numItems = data.numItems();
        // The first cases that fit the budget are cached; Cached scores the others live.
        int cached = cachedCases(cases.size(), numMembers, numItems, cacheFloats);
        float[][][] cache = new float[numMembers][cached][];
        for (int m = 0; m < numMembers; m++) {
            for (int c = 0; c < cached; c++) {
                float[] s = new float[numItems + 1];
                members.get(m).score(cases.get(c).user(), cases.get(c).history(), s);
                FusionModel.normalise(s, numItems, config.norm());
                cache[m][c] = s;
            }
        }
        Evaluator evaluator = new Evaluator(EvalConfig.defaults().withKs(10), data);
        double[] memberNdcg = new double[numMembers];
        double[][] memberPerUser = new double[numMembers][];
        double bestScore = Double.NEGATIVE_INFINITY;
        double[] bestWeights = null;
        double[] bestPerUser = null;
        for (int[] point : grid(numMembers, config.cells())) {
            double[] w = new double[numMembers];
            for (int m = 0; m < numMembers; m++) {
                w[m] = point[m] / (double) config.cells();
            }
            Cached blend = new Cached(members, cache, cases.subList(0, cached), w, config.norm(), numItems);
            EvaluationResult r = evaluator.evaluate(blend, cases);
            double ndcg = r.metric(KEY);
            for (int m = 0; m < numMembers; m++) {
                if (point[m] == config.cells()) {
                    memberNdcg[m] = ndcg;
                    memberPerUser[m] = r.perUser().get(KEY);
                }
            }
            if (ndcg > bestScore) {
                bestScore = ndcg;
                bestWeights = w;
                bestPerUser = r.perUser().get(KEY);
            }
        }
        int best = 0;
        for (int m = 1; m < numMembers; m++) {
            if (memberNdcg[m] > memberNdcg[best]) {
                best = m;
            }
        }
        double p = bestPerUser == memberPerUser[best] || bestPerUser.length < 2
                ? 1
                : SignificanceTest.paired(bestPerUser, memberPerUser[best]).pValue();
        FusionTuning tuning = new FusionTuning(
                config.members(),
                FusionTuning.boxed(memberNdcg),
                FusionTuning.boxed(bestWeights),
                bestScore,
                p,
                config.alpha(),
                config.members().get(best),
                cases.size());
        return new FusionModel(members, tuning.chosenWeights(), config.norm(), tuning);
    }

    /** How many tuning cases' member scores fit in {@code cacheFloats} (at most {@code cases}). */
    static int cachedCases(int cases, int numMembers, int numItems, long cacheFloats) {
        long perCase = (long) numMembers * (numItems + 1);
        return (int) Math.min(cases, cacheFloats / perCase);
    }

    /** The validation cases to tune on: all, or a seeded sample of tune_users of them. */
    static List<EvalCase> tuningCases(TrainingData data, FusionConfig config, long seed) {
        List<EvalCase> all = new ArrayList<>(data.validation());
        int n = Math.min(all.size(), config.tuneUsers());
        if (n == all.size()) {
            return all;
        }
        // Partial Fisher-Yates, then back to validation order so the sample is a plain subset.
        SplittableRandom random = new SplittableRandom(seed);
        int[] idx = new int[all.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(idx.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] chosen = java.util.Arrays.copyOf(idx, n);
        java.util.Arrays.sort(chosen);
        List<EvalCase> out = new ArrayList<>(n);
        for (int i : chosen) {
            out.add(all.get(i));
        }
        return out;
    }

    /**
     * All weight vectors with non-negative whole-number parts summing to {@code cells}: the corners
     * (one member alone) first, in member order, then the mixtures in lexicographic order.
     */
    static List<int[]> grid(int members, int cells) {
        List<int[]> corners = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            int[] c = new int[members];
            c[m] = cells;
            corners.add(c);
        }
        List<int[]> mixes = new ArrayList<>();
        compositions(new int[members], 0, cells, mixes);
        List<int[]> out = new ArrayList<>(corners);
        for (int[] p : mixes) {
            int nonZero = 0;
            for (int v : p) {
                nonZero += v > 0 ? 1 : 0;
            }
            if (nonZero > 1) {
                out.add(p);
            }
        }
        return out;
    }

    private static void compositions(int[] prefix, int at, int left, List<int[]> out) {
        if (at == prefix.length - 1) {
            prefix[at] = left;
            out.add(prefix.clone());
            return;
        }
        for (int v = left; v >= 0; v--) {
            prefix[at] = v;
            compositions(prefix, at + 1, left - v, out);
        }
    }

    /**
     * A blend that reads cached normalised member scores for the tuning cases (matched by their
     * history array, which the evaluator passes through) and scores anything else live.
     */
    private static final class Cached extends BaseRecommender {
        private final FusionModel live;
        private final float[][][] cache;
        private final Map<int[], Integer> rowOf = new IdentityHashMap<>();
        private final double[] weights;
        private final FusionConfig.Norm norm;

        Cached(
                List<Recommender> members,
                float[][][] cache,
                List<EvalCase> cases,
                double[] weights,
                FusionConfig.Norm norm,
                int numItems) {
            super(FusionModel.NAME, numItems);
            this.live = new FusionModel(members, weights, norm, null);
            this.cache = cache;
            this.weights = weights;
            this.norm = norm;
            for (int c = 0; c < cases.size(); c++) {
                rowOf.put(cases.get(c).history(), c);
            }
        }

        @Override
        public void score(int user, int[] history, float[] scores) {
            Integer row = rowOf.get(history);
            if (row == null) {
                live.score(user, history, scores);
                return;
            }
            java.util.Arrays.fill(scores, 0, numItems + 1, 0f);
            for (int m = 0; m < weights.length; m++) {
                if (weights[m] == 0) {
                    continue;
                }
                float w = (float) weights[m];
                float[] s = cache[m][row];
                for (int i = 1; i <= numItems; i++) {
                    scores[i] += w * s[i];
                }
            }
            scores[0] = 0f;
        }
    }
}
