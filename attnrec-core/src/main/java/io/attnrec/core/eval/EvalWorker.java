package io.attnrec.core.eval;

import io.attnrec.core.linalg.ScoreScan;
import io.attnrec.core.model.CandidateScorer;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.Recommender;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One evaluation thread: scores batches of cases and writes every per-user metric of a case into
 * {@link Evaluator.Plan#perCase} at the case's index, so the result does not depend on which
 * thread handled which case. All buffers are allocated once and reused (marks use a stamp so they
 * never need clearing), because a full-ranking pass over 50k items per user leaves no room for
 * per-user allocation.
 */
final class EvalWorker {

    private static final float NEG_INF = Float.NEGATIVE_INFINITY;

    /** Scores sampled to choose the ranking loop. */
    private static final int SAMPLE = 256;

    private final Evaluator.Plan plan;
    private final Recommender model;
    /**
     * Set in sampled mode when the model can score a candidate list: then only the targets and
     * the drawn items are scored, not the whole catalogue.
     */
    private final CandidateScorer candidateScorer;

    private final List<EvalCase> cases;
    private final int numItems;
    private final int[] ks;
    private final int maxK;

    // Batch buffers.
    private final float[][] scores;
    private final int[] batchUsers;
    private final int[][] batchHistories;
    private final int[] batchCases;

    // mark[i] >= stamp means item i is taken in the current case: stamp = excluded, stamp + 1 =
    // target, stamp + 2 = history (sampled mode), stamp + 3 = drawn negative.
    private final int[] mark;
    private int stamp;

    // Per-case target buffers (grow with the largest target count seen).
    private int[] ranks = new int[16];
    private long[] sortKeys = new long[16];
    private float[] targetScores = new float[16];
    private int[] greaterHist = new int[17];
    private int[] equalDiff = new int[17];

    // Top-K selection: a heap whose root is the worst kept entry.
    private final float[] heapScore;
    private final int[] heapItem;
    private final int[] topList;
    private final double[] prefix;

    // Sampled mode.
    private int[] negatives = new int[0];
    private float[] negativeScores = new float[0];
    private int[] allowed;
    private int[] candidateIds = new int[0];
    private float[] candidateScores = new float[0];

    /** The scans of a score array (vector API when the JVM has it). */
    private final ScoreScan scan = ScoreScan.best();

    private final ItemSimilarity.Cache similarityCache = new ItemSimilarity.Cache();

    /** Exposure counts per cut-off: exposure[ki][item] = times item was in a top-ks[ki] list. */
    final int[][] exposure;

    long nanScores;

    EvalWorker(Evaluator.Plan plan, Recommender model, List<EvalCase> cases) {
        this.plan = plan;
        this.model = model;
        this.candidateScorer = plan.sampled && model instanceof CandidateScorer cs ? cs : null;
        this.cases = cases;
        this.numItems = plan.numItems;
        this.ks = plan.ks;
        this.maxK = ks[ks.length - 1];
        this.scores = new float[plan.batchSize][numItems + 1];
        this.batchUsers = new int[plan.batchSize];
        this.batchHistories = new int[plan.batchSize][];
        this.batchCases = new int[plan.batchSize];
        this.mark = new int[numItems + 1];
        this.heapScore = new float[maxK];
        this.heapItem = new int[maxK];
        this.topList = new int[maxK];
        this.prefix = new double[maxK + 1];
        this.exposure = plan.sampled ? new int[0][] : new int[ks.length][numItems + 1];
    }

    /** Evaluates the cases at positions {@code from..to-1} of the plan's order (one batch). */
    void run(int from, int to) {
        int m = 0;
        for (int i = from; i < to; i++) {
            int c = plan.order[i];
            EvalCase ec = cases.get(c);
            if (ec.targets().length == 0) {
                plan.skipped[c] = true;
                continue;
            }
            batchUsers[m] = ec.user();
            batchHistories[m] = ec.history();
            batchCases[m] = c;
            m++;
        }
        if (m == 0) {
            return;
        }
        if (candidateScorer != null) {
            // scored per case in sampledRanks, once the candidates are drawn
        } else if (plan.factors != null && scoreFactors(m)) {
            // scored by the kernel
        } else if (m == batchUsers.length) {
            model.scoreBatch(batchUsers, batchHistories, scores);
        } else {
            model.scoreBatch(Arrays.copyOf(batchUsers, m), Arrays.copyOf(batchHistories, m), Arrays.copyOf(scores, m));
        }
        for (int b = 0; b < m; b++) {
            int c = batchCases[b];
            evaluateCase(c, cases.get(c), scores[b]);
        }
    }

    /**
     * Encodes the batch's users with the model and scores them with the kernel; false (nothing
     * written) when some user has no factor row, and the model scores the batch itself.
     */
    private boolean scoreFactors(int m) {
        int[] users = m == batchUsers.length ? batchUsers : Arrays.copyOf(batchUsers, m);
        int[][] histories = m == batchUsers.length ? batchHistories : Arrays.copyOf(batchHistories, m);
        float[][][] rows = plan.factors.userFactors(users, histories);
        for (int b = 0; b < m; b++) {
            if (rows[b] == null || rows[b].length == 0) {
                return false;
            }
        }
        plan.kernel.score(rows, m, plan.packed, scores);
        return true;
    }

    private void evaluateCase(int c, EvalCase ec, float[] s) {
        if (stamp > Integer.MAX_VALUE - 8) {
            Arrays.fill(mark, 0);
            stamp = 0;
        }
        stamp += 4;
        final int excludedMark = stamp;
        final int targetMark = stamp + 1;

        int numExcluded = 0;
        for (int e : ec.excluded()) {
            checkItem(c, e, "excluded");
            if (mark[e] != excludedMark) {
                mark[e] = excludedMark;
                s[e] = NEG_INF;
                numExcluded++;
            }
        }
        int[] targets = ec.targets();
        int numTargets = targets.length;
        int numUnreachable = 0;
        for (int t : targets) {
            checkItem(c, t, "target");
            if (mark[t] == excludedMark) {
                // A repeated target under a whole-history mask: never ranked, a miss.
                numUnreachable++;
                continue;
            }
            if (mark[t] == targetMark) {
                throw new IllegalArgumentException("case " + c + ": target item " + t + " is listed twice");
            }
            mark[t] = targetMark;
        }
        ensureTargetCapacity(numTargets);
        // The rankable targets; the rare case with unreachable ones copies them out.
        int[] rankable = numUnreachable == 0 ? targets : rankable(targets, excludedMark, numTargets - numUnreachable);
        int numRankable = rankable.length;

        double auc = 0;
        int length = 0;
        if (plan.sampled) {
            if (numRankable > 0) {
                auc = sampledRanks(c, ec, rankable, s, numExcluded);
            }
        } else {
            // Selection first: it also turns NaN scores into -inf, so the ranking loops need no NaN
            // test.
            length = selectTop(s, excludedMark);
            if (numRankable > 0) {
                auc = numRankable == 1
                        ? singleTargetRank(rankable[0], s, numExcluded)
                        : multiTargetRanks(rankable, s, numExcluded);
            }
        }
        // ranks[0..numRankable) is now sorted ascending; the unreachable targets come last, beyond
        // every cut-off, and each is ranked below every candidate (0 for its AUC pairs).
        Arrays.fill(ranks, numRankable, numTargets, Integer.MAX_VALUE);
        writeAccuracy(c, numTargets, auc * numRankable / numTargets);
        if (!plan.sampled) {
            writeBeyondAccuracy(c, length);
        }
    }

    /** The targets not marked excluded, in their order. */
    private int[] rankable(int[] targets, int excludedMark, int n) {
        int[] out = new int[n];
        int q = 0;
        for (int t : targets) {
            if (mark[t] != excludedMark) {
                out[q++] = t;
            }
        }
        return out;
    }

    private void checkItem(int c, int item, String what) {
        if (item < 1 || item > numItems) {
            throw new IllegalArgumentException(
                    "case " + c + ": " + what + " item " + item + " is outside 1.." + numItems);
        }
    }

    /**
     * Full ranking, one target: counts the items scored above and equal to the target (ties
     * rank the target last). Scores hold no NaN here (see {@link #selectTop}).
     *
     * <p>Which loop runs is a speed choice only (all give the same counts): a strided sample of
     * the scores estimates the fraction of items above the target. Near the top or the bottom of
     * the ranking (the usual case for a trained model) a tight scan skips the many items on the
     * far side and handles the few others one by one; in the middle that branch would mispredict
     * half the time, so a branch-free counting loop runs instead.
     */
    private double singleTargetRank(int target, float[] s, int numExcluded) {
        float st = s[target];
        int n = numItems;
        int stride = Math.max(1, n / SAMPLE);
        int sampled = 0;
        int sampledAbove = 0;
        for (int i = 1; i <= n; i += stride) {
            sampledAbove += s[i] >= st ? 1 : 0;
            sampled++;
        }
        int greater = 0;
        int equal = 0;
        if (sampledAbove * 20 <= sampled) {
            // Few items at or above the target.
            int i = 1;
            while (true) {
                i = scan.firstNotBelow(s, i, n, st);
                if (i > n) {
                    break;
                }
                if (s[i] > st) {
                    greater++;
                } else {
                    equal++;
                }
                i++;
            }
        } else if (sampledAbove * 20 >= sampled * 19) {
            // Few items at or below the target.
            int less = 0;
            int i = 1;
            while (true) {
                i = scan.firstNotAbove(s, i, n, st);
                if (i > n) {
                    break;
                }
                if (s[i] == st) {
                    equal++;
                } else {
                    less++;
                }
                i++;
            }
            greater = n - equal - less;
        } else {
            greater = scan.countAbove(s, 1, n, st);
            equal = scan.countAtLeast(s, 1, n, st) - greater;
        }
        // equal counted the target itself, and at -inf also every excluded item.
        int rank = 1 + greater + equal - 1 - (st == NEG_INF ? numExcluded : 0);
        ranks[0] = rank;
        long others = (long) n - numExcluded - 1;
        return others > 0 ? (double) (others - (rank - 1)) / others : 0.5;
    }

    /**
     * Full ranking, several targets: target scores are sorted once; each item's score is located
     * among them by binary search and recorded in a histogram (items above target j) and a
     * difference array (items tied with target j), so the pass costs O(n log T), not O(n T).
     */
    private double multiTargetRanks(int[] targets, float[] s, int numExcluded) {
        int numTargets = targets.length;
        for (int j = 0; j < numTargets; j++) {
            sortKeys[j] = ((long) sortableBits(s[targets[j]]) << 32) | j;
        }
        Arrays.sort(sortKeys, 0, numTargets);
        float[] ts = targetScores;
        for (int j = 0; j < numTargets; j++) {
            ts[j] = s[targets[(int) sortKeys[j]]];
        }
        Arrays.fill(greaterHist, 0, numTargets + 1, 0);
        Arrays.fill(equalDiff, 0, numTargets + 1, 0);
        float lowest = ts[0];
        int n = numItems;
        for (int i = 1; i <= n; i++) {
            // Tight scan over the items below every target (most of them for a useful model).
            i = scan.firstNotBelow(s, i, n, lowest);
            if (i > n) {
                break;
            }
            float x = s[i];
            int lo = lowerBound(ts, numTargets, x);
            int hi = lo;
            while (hi < numTargets && ts[hi] == x) {
                hi++;
            }
            greaterHist[lo]++;
            equalDiff[lo]++;
            equalDiff[hi]--;
        }
        long candidates = (long) numItems - numExcluded;
        long nonTargets = candidates - numTargets;
        int greater = 0;
        for (int j = numTargets - 1; j >= 0; j--) {
            greater += greaterHist[j + 1];
            ranks[j] = greater; // temporarily: items strictly above ts[j]
        }
        int equal = 0;
        int firstOfRun = 0;
        double correct = 0;
        for (int j = 0; j < numTargets; j++) {
            equal += equalDiff[j];
            if (j > 0 && ts[j] != ts[j - 1]) {
                firstOfRun = j;
            }
            int rank = 1 + ranks[j] + equal - 1 - (ts[j] == NEG_INF ? numExcluded : 0);
            ranks[j] = rank;
            // Targets other than j scored >= ts[j] are ahead of it but are not non-target errors.
            int otherTargetsAhead = numTargets - firstOfRun - 1;
            correct += nonTargets - (rank - 1 - otherTargetsAhead);
        }
        reverse(ranks, numTargets);
        return nonTargets > 0 ? correct / ((double) numTargets * nonTargets) : 0.5;
    }

    /**
     * Sampled-negatives ranking: each target is ranked among the targets and {@code N} items drawn
     * uniformly from those outside the history, the excluded items and the targets. The generator is
     * seeded from the configured seed and the case index, so the draw is the same for any number of
     * threads.
     */
    private double sampledRanks(int c, EvalCase ec, int[] targets, float[] s, int numExcluded) {
        int historyMark = stamp + 2;
        int drawnMark = stamp + 3;
        // Excluded items and (rankable) targets are already marked; add the history.
        int taken = numExcluded + targets.length;
        for (int h : ec.history()) {
            checkItem(c, h, "history");
            if (mark[h] < stamp) {
                mark[h] = historyMark;
                taken++;
            }
        }
        int free = numItems - taken;
        int n = Math.min(plan.sampledNegatives, free);
        if (negatives.length < n) {
            negatives = new int[n];
            negativeScores = new float[n];
        }
        SplittableRandom random = new SplittableRandom(Evaluator.mix(plan.seed, plan.firstCase + c));
        if (n == free) {
            int q = 0;
            for (int i = 1; i <= numItems && q < n; i++) {
                if (mark[i] < stamp) {
                    negatives[q++] = i;
                }
            }
        } else if (2L * n <= free) {
            int q = 0;
            while (q < n) {
                int i = 1 + random.nextInt(numItems);
                if (mark[i] < stamp) {
                    mark[i] = drawnMark;
                    negatives[q++] = i;
                }
            }
        } else {
            // Dense draw: list the free items and take a partial Fisher-Yates shuffle.
            if (allowed == null) {
                allowed = new int[numItems];
            }
            int q = 0;
            for (int i = 1; i <= numItems; i++) {
                if (mark[i] < stamp) {
                    allowed[q++] = i;
                }
            }
            for (int j = 0; j < n; j++) {
                int r = j + random.nextInt(q - j);
                int tmp = allowed[j];
                allowed[j] = allowed[r];
                allowed[r] = tmp;
                negatives[j] = allowed[j];
            }
        }
        int numTargets = targets.length;
        if (candidateScorer != null) {
            scoreCandidates(ec, targets, n, s);
        }
        long nan = 0;
        for (int q = 0; q < n; q++) {
            float x = s[negatives[q]];
            if (x != x) {
                x = NEG_INF;
                nan++;
            }
            negativeScores[q] = x;
        }
        for (int j = 0; j < numTargets; j++) {
            float x = s[targets[j]];
            if (x != x) {
                x = NEG_INF;
                nan++;
            }
            targetScores[j] = x;
        }
        nanScores += nan;
        double correct = 0;
        for (int j = 0; j < numTargets; j++) {
            float st = targetScores[j];
            int ahead = 0;
            for (int q = 0; q < n; q++) {
                if (negativeScores[q] >= st) {
                    ahead++;
                }
            }
            correct += n - ahead;
            for (int o = 0; o < numTargets; o++) {
                if (o != j && targetScores[o] >= st) {
                    ahead++;
                }
            }
            ranks[j] = 1 + ahead;
        }
        Arrays.sort(ranks, 0, numTargets);
        return n > 0 ? correct / ((double) numTargets * n) : 0.5;
    }

    /**
     * Scores the case's targets and its {@code n} drawn items with {@link #candidateScorer} and
     * writes them into {@code s} at their item ids; no other entry of {@code s} is read afterwards.
     */
    private void scoreCandidates(EvalCase ec, int[] targets, int n, float[] s) {
        int total = targets.length + n;
        if (candidateIds.length < total) {
            candidateIds = new int[total];
            candidateScores = new float[total];
        }
        System.arraycopy(targets, 0, candidateIds, 0, targets.length);
        System.arraycopy(negatives, 0, candidateIds, targets.length, n);
        int[] ids = candidateIds.length == total ? candidateIds : Arrays.copyOf(candidateIds, total);
        candidateScorer.scoreCandidates(ec.user(), ec.history(), ids, candidateScores);
        for (int j = 0; j < total; j++) {
            s[ids[j]] = candidateScores[j];
        }
    }

    private void writeAccuracy(int c, int numTargets, double auc) {
        double[][] out = plan.perCase;
        int numKs = ks.length;
        for (int ki = 0; ki < numKs; ki++) {
            int k = ks[ki];
            int hits = 0;
            double dcg = 0;
            double apSum = 0;
            int j = 0;
            while (j < numTargets && ranks[j] <= k) {
                int r = ranks[j];
                int q = j;
                while (q + 1 < numTargets && ranks[q + 1] == r) {
                    q++;
                }
                int run = q - j + 1;
                hits += run;
                dcg += run * plan.discount[r];
                // Precision at rank r counts every target ranked at or before r.
                apSum += run * (double) (q + 1) / r;
                j = q + 1;
            }
            int ideal = Math.min(numTargets, k);
            double precision = (double) hits / k;
            double recall = (double) hits / numTargets;
            out[Evaluator.HR * numKs + ki][c] = hits > 0 ? 1 : 0;
            out[Evaluator.RECALL * numKs + ki][c] = recall;
            out[Evaluator.NDCG * numKs + ki][c] = dcg / plan.idealDcg[ideal];
            out[Evaluator.MRR * numKs + ki][c] = ranks[0] <= k ? 1.0 / ranks[0] : 0;
            out[Evaluator.PRECISION * numKs + ki][c] = precision;
            out[Evaluator.MAP * numKs + ki][c] = apSum / ideal;
            out[Evaluator.F1 * numKs + ki][c] = hits > 0 ? 2 * precision * recall / (precision + recall) : 0;
        }
        out[plan.aucIndex][c] = auc;
        plan.targetCounts[c] = numTargets;
    }

    /** Top-K list (ties: lower item id first), exposure counts, novelty, ARP and diversity. */
    private void writeBeyondAccuracy(int c, int length) {
        double[][] out = plan.perCase;
        int numKs = ks.length;
        for (int ki = 0; ki < numKs; ki++) {
            int m = Math.min(ks[ki], length);
            int[] exp = exposure[ki];
            for (int p = 0; p < m; p++) {
                exp[topList[p]]++;
            }
        }
        // Novelty and ARP: means over each list prefix.
        writePrefixMeans(c, length, plan.selfInformation, plan.noveltyIndex);
        writePrefixMeans(c, length, plan.popularity, plan.arpIndex);
        // Diversity: prefix[m] = sum over pairs i < j < m of (1 - sim).
        prefix[0] = 0;
        if (length > 0) {
            prefix[1] = 0;
        }
        for (int j = 1; j < length; j++) {
            double row = 0;
            for (int i = 0; i < j; i++) {
                row += 1 - plan.similarity.similarity(topList[i], topList[j], similarityCache);
            }
            prefix[j + 1] = prefix[j] + row;
        }
        for (int ki = 0; ki < numKs; ki++) {
            int m = Math.min(ks[ki], length);
            long pairs = (long) m * (m - 1) / 2;
            out[plan.diversityIndex + ki][c] = pairs > 0 ? prefix[m] / pairs : 0;
        }
    }

    /**
     * Partial selection of the best {@code maxK} non-excluded items into {@link #topList}, best
     * first; returns the list length. On the way every NaN score is replaced by -inf and counted:
     * the scan stops on any score not {@code <=} the threshold, which includes NaN.
     */
    private int selectTop(float[] s, int excludedMark) {
        int n = numItems;
        long nan = 0;
        int size = 0;
        int i = 1;
        for (; i <= n && size < maxK; i++) {
            float x = s[i];
            if (x != x) {
                x = NEG_INF;
                s[i] = x;
                nan++;
            }
            if (mark[i] != excludedMark) {
                heapScore[size] = x;
                heapItem[size] = i;
                siftUp(size);
                size++;
            }
        }
        // The heap is full: only an item strictly above the worst kept entry gets in. Items come
        // in increasing id order, so an equal score never displaces the root. The scan compares a
        // whole vector of scores with the threshold at once and stops only where one passes.
        float threshold = size > 0 ? heapScore[0] : NEG_INF;
        while (true) {
            i = scan.firstNotAtMost(s, i, n, threshold);
            if (i > n) {
                break;
            }
            float x = s[i];
            if (x != x) {
                s[i] = NEG_INF;
                nan++;
            } else {
                heapScore[0] = x;
                heapItem[0] = i;
                siftDown(0, size);
                threshold = heapScore[0];
            }
            i++;
        }
        nanScores += nan;
        int length = size;
        for (int p = length - 1; p >= 0; p--) {
            topList[p] = heapItem[0];
            size--;
            heapScore[0] = heapScore[size];
            heapItem[0] = heapItem[size];
            siftDown(0, size);
        }
        return length;
    }

    private void writePrefixMeans(int c, int length, double[] value, int index) {
        prefix[0] = 0;
        for (int p = 0; p < length; p++) {
            prefix[p + 1] = prefix[p] + value[topList[p]];
        }
        for (int ki = 0; ki < ks.length; ki++) {
            int m = Math.min(ks[ki], length);
            plan.perCase[index + ki][c] = m > 0 ? prefix[m] / m : 0;
        }
    }

    /** True if heap entry a is worse than b: lower score, or equal score and higher item id. */
    private boolean worse(int a, int b) {
        float sa = heapScore[a];
        float sb = heapScore[b];
        return sa < sb || (sa == sb && heapItem[a] > heapItem[b]);
    }

    private void siftUp(int pos) {
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (!worse(pos, parent)) {
                return;
            }
            swap(pos, parent);
            pos = parent;
        }
    }

    private void siftDown(int pos, int size) {
        while (true) {
            int left = 2 * pos + 1;
            if (left >= size) {
                return;
            }
            int worst = left;
            int right = left + 1;
            if (right < size && worse(right, left)) {
                worst = right;
            }
            if (!worse(worst, pos)) {
                return;
            }
            swap(pos, worst);
            pos = worst;
        }
    }

    private void swap(int a, int b) {
        float ts = heapScore[a];
        heapScore[a] = heapScore[b];
        heapScore[b] = ts;
        int ti = heapItem[a];
        heapItem[a] = heapItem[b];
        heapItem[b] = ti;
    }

    private void ensureTargetCapacity(int n) {
        if (ranks.length < n) {
            int cap = Math.max(n, 2 * ranks.length);
            ranks = new int[cap];
            sortKeys = new long[cap];
            targetScores = new float[cap];
            greaterHist = new int[cap + 1];
            equalDiff = new int[cap + 1];
        }
    }

    // The scans below are separate small methods on purpose: the JIT compiles a loop whose body
    // is a single compare several times faster than the same loop nested in a larger one.

    /** Number of entries of {@code a[0..n)} (sorted ascending) smaller than {@code x}. */
    private static int lowerBound(float[] a, int n, float x) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** An int whose signed order is the float order (no NaN here). */
    private static int sortableBits(float x) {
        int bits = Float.floatToIntBits(x);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    private static void reverse(int[] a, int n) {
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
