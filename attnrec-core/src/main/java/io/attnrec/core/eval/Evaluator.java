package io.attnrec.core.eval;

import io.attnrec.core.linalg.FactorKernel;
import io.attnrec.core.linalg.PackedItems;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.FactorScorer;
import io.attnrec.core.model.FactorTable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Full-ranking evaluator (SPEC section 4). Ranks once per user and feeds every metric.
 *
 * <h2>Ranking</h2>
 *
 * Every item {@code 1..numItems} is a candidate except the case's excluded items (scored
 * -infinity and never listed). The rank of a target is {@code 1 + #items scored strictly higher +
 * #other items scored equal}: ties never favour the target. With several targets, the other
 * targets count like any other item, so two targets with equal scores both take the later rank
 * (each target is ranked pessimistically on its own; {@code rank_j >= j} still holds for the j-th
 * best target, so no metric can exceed 1). A target that is also excluded (it repeats a history item and the
 * protocol masks the whole history, issue 18) is never ranked: it is a miss at every cut-off,
 * still counts in {@code T}, and contributes 0 to {@code auc}. A NaN score counts as -infinity; the number of NaN
 * scores seen is reported as {@code nan_scores} when it is not zero.
 *
 * <h2>Metrics per user (averaged over users, keys lower case)</h2>
 *
 * For each {@code k} of {@link EvalConfig#ks()}, with {@code T} the targets and {@code r_t} their
 * ranks: {@code hr@k} (some {@code r_t <= k}), {@code recall@k} (hits / T), {@code precision@k}
 * (hits / k), {@code f1@k}, {@code ndcg@k} (binary gains {@code 1/log2(r+1)}, ideal DCG over
 * {@code min(T, k)} positions), {@code mrr@k} ({@code 1/min r_t} if within k, else 0), {@code
 * map@k} (sum over hits of precision at the hit's rank, divided by {@code min(T, k)}) and {@code
 * auc} (fraction of (target, non-target candidate) pairs ordered correctly; a tie is an error; a
 * user without any non-target candidate counts 0.5). Besides these means, {@code gauc} is DIN's
 * group AUC (Zhou et al. 2018): the per-user AUC with each user weighted by its number of targets
 * (equal to {@code auc} with one target per user; no per-user values). Cases without targets are skipped and
 * reported as {@code skipped_users} when there are any; an empty case list gives every metric 0.
 *
 * <h2>Beyond accuracy (full ranking only)</h2>
 *
 * Each user's top-K list ({@code K = max k}, ties: lower item id first) feeds: {@code
 * coverage@k} (distinct listed items / numItems), {@code gini@k} (Gini index of the items'
 * exposure counts, never-listed items included), and the per-user means {@code novelty@k} (mean
 * self-information {@code -log2((u_i + 1) / (U + 1))} of the listed items, {@code u_i} = distinct
 * training users of item i, {@code U} = users with training data; distinct users rather than
 * interaction counts so that the popularity stays a probability when sequences repeat items),
 * {@code arp@k} (mean training interaction count of the listed items) and {@code diversity@k}
 * (intra-list diversity, mean over pairs of {@code 1 - similarity}; similarity is the Jaccard
 * index of categories when the catalogue has categories, else the cosine of the items'
 * training-user sets; a list of one item has diversity 0). The accuracy metrics use the
 * pessimistic ranks, the list uses item-id tie order, so a target tied at the boundary may be
 * listed but not counted as a hit.
 *
 * <h2>Sampled negatives</h2>
 *
 * With {@link EvalConfig#sampledNegatives()} {@code N > 0}, each target is ranked only among the
 * case's targets and {@code N} items drawn uniformly without replacement from the items outside
 * the history, the excluded items and the targets (fewer if not enough remain), with a generator
 * seeded from {@link EvalConfig#seed()} and the case's index. Accuracy metrics, {@code auc} and
 * {@code gauc} (target vs. drawn items) are reported; the catalogue-level metrics are omitted, because lists
 * drawn from a random candidate set say nothing about the catalogue. NaN scores are counted among
 * the candidates only. A model that is a {@link io.attnrec.core.model.CandidateScorer} scores only
 * each case's targets and drawn items (the draw does not depend on scores, so the numbers are the
 * same as with full scoring).
 *
 * <h2>Speed</h2>
 *
 * Cases are scored in batches with {@link Recommender#scoreBatch} by {@link EvalConfig#threads()}
 * threads, each with its own reusable buffers. A model that is a {@link FactorScorer} (an item
 * table and user vectors: SASRec and the other sequence models, BPR, the multi-interest models)
 * instead encodes each batch of users once and the batch is scored as one blocked matrix product
 * by {@link FactorKernel#best()}, which gives the model's own scores bit for bit. Per user the work is one pass to rank the target(s)
 * and one pass of partial selection for the top-K list; nothing is sorted over all items and
 * nothing is allocated per user. Per-user values are written at the case's index and summed in
 * case order, so results are identical for any thread count.
 */
public final class Evaluator {

    static final int HR = 0;
    static final int RECALL = 1;
    static final int NDCG = 2;
    static final int MRR = 3;
    static final int PRECISION = 4;
    static final int MAP = 5;
    static final int F1 = 6;
    private static final String[] ACCURACY = {"hr", "recall", "ndcg", "mrr", "precision", "map", "f1"};
    private static final String[] PER_USER_BEYOND = {"novelty", "arp", "diversity"};

    /**
     * Score buffers of all threads together stay under this many floats (16 MiB), so that a
     * batch written by the model is still in the last-level cache when it is ranked.
     */
    private static final long BUFFER_FLOATS = 1L << 22;

    private static final int MAX_BATCH = 256;

    /**
     * The kernel path is taken only for passes of at least this many multiply-adds (cases x items
     * x dimension): the JDK vector API is slow until the JIT has compiled it, which on a loaded
     * machine takes seconds, more than a small evaluation (MovieLens-100K: 1e8) costs with the
     * model's own scoring. Beauty's test pass is 1.4e11.
     */
    static final long MIN_KERNEL_WORK = 1L << 32;

    /** {@link #MIN_KERNEL_WORK}, lowered by tests that exercise the kernel path on small data. */
    long minKernelWork = MIN_KERNEL_WORK;

    private final EvalConfig config;
    private final ItemTables tables;
    private final double[] selfInformation;
    private final double[] popularity;
    private final ItemSimilarity similarity;

    /**
     * @param train the training data: item popularity (novelty, ARP, Gini) and item features
     *     (intra-list diversity) come from it
     */
    public Evaluator(EvalConfig config, TrainingData train) {
        this(config, ItemTables.of(train));
    }

    /**
     * An evaluator on item tables made earlier (by {@link #itemTables()} of an evaluator on the
     * same training data): what a distributed evaluation ships to its workers instead of the
     * training data.
     */
    public Evaluator(EvalConfig config, ItemTables tables) {
        this.config = config;
        this.tables = tables;
        this.selfInformation = tables.selfInformation;
        this.popularity = tables.popularity;
        this.similarity = tables.similarity;
    }

    /** The item tables this evaluator ranks with (serialisable). */
    public ItemTables itemTables() {
        return tables;
    }

    /**
     * What the evaluator derives from the training data: per-item popularity and
     * self-information, and the item similarity behind intra-list diversity. Read-only and
     * serialisable, so a distributed evaluation builds it once and broadcasts it.
     */
    public static final class ItemTables implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final int numItems;
        private final double[] selfInformation;
        private final double[] popularity;
        private final ItemSimilarity similarity;

        private ItemTables(int numItems, double[] selfInformation, double[] popularity, ItemSimilarity similarity) {
            this.numItems = numItems;
            this.selfInformation = selfInformation;
            this.popularity = popularity;
            this.similarity = similarity;
        }

        /** Number of items the tables cover ({@code 1..numItems}). */
        public int numItems() {
            return numItems;
        }

        static ItemTables of(TrainingData train) {
            int n = train.numItems();
            int[] counts = train.itemCounts();
            double[] popularity = new double[n + 1];
            for (int i = 1; i <= n; i++) {
                popularity[i] = counts[i];
            }
            int[] users = new int[n + 1];
            int[] last = new int[n + 1];
            Arrays.fill(last, -1);
            int usersWithTraining = 0;
            int[][] seqs = train.sequences();
            for (int u = 0; u < seqs.length; u++) {
                if (seqs[u].length > 0) {
                    usersWithTraining++;
                }
                for (int item : seqs[u]) {
                    if (last[item] != u) {
                        last[item] = u;
                        users[item]++;
                    }
                }
            }
            double[] selfInformation = new double[n + 1];
            for (int i = 1; i <= n; i++) {
                selfInformation[i] = -log2((users[i] + 1.0) / (usersWithTraining + 1.0));
            }
            return new ItemTables(n, selfInformation, popularity, ItemSimilarity.from(train));
        }
    }

    /**
     * Evaluates {@code model} on {@code cases}.
     *
     * @throws IllegalArgumentException if the model's item count differs from the training data's,
     *     or a case names an item outside {@code 1..numItems} or a rankable target twice
     */
    public EvaluationResult evaluate(Recommender model, List<EvalCase> cases) {
        long start = System.nanoTime();
        Evaluated run = run(model, cases, 0);
        Partial total = partial(run.plan, run.workers);
        return result(total, perUser(run.plan, total.users), (System.nanoTime() - start) / 1e9);
    }

    /**
     * Evaluates {@code model} on one part of the cases and returns the part's sums, for a
     * distributed evaluation: {@link Partial#plus} the parts in case order and turn the total into
     * metrics with {@link #result(Partial, double)}. The means are the single-machine means up to
     * the order of floating-point additions (per-user values are not kept).
     *
     * @param firstCase the index of {@code cases.get(0)} in the whole case list: sampled negatives
     *     are drawn per case index, so a part draws what the whole evaluation would
     */
    public Partial evaluatePart(Recommender model, List<EvalCase> cases, long firstCase) {
        Evaluated run = run(model, cases, firstCase);
        return partial(run.plan, run.workers);
    }

    /** Metrics from the sums of all parts (without per-user values). */
    public EvaluationResult result(Partial total, double seconds) {
        return result(total, Map.of(), seconds);
    }

    private record Evaluated(Plan plan, List<EvalWorker> workers) {}

    private Evaluated run(Recommender model, List<EvalCase> cases, long firstCase) {
        int numItems = tables.numItems;
        if (model.numItems() != numItems) {
            throw new IllegalArgumentException("model " + model.name() + " scores " + model.numItems()
                    + " items but the training data has " + numItems);
        }
        // Workers index the list; make sure that is cheap.
        List<EvalCase> indexed = cases instanceof RandomAccess ? cases : new ArrayList<>(cases);
        int n = indexed.size();
        int batch = batchSize(numItems, n);
        Plan plan = new Plan(config, numItems, n, batch, selfInformation, popularity, similarity, firstCase);
        plan.useFactors(model, minKernelWork);
        plan.order = byHistoryLength(indexed);
        int chunks = (n + batch - 1) / batch;
        int threads = Math.max(1, Math.min(config.threads(), chunks));
        List<EvalWorker> workers = new ArrayList<>();
        if (n > 0) {
            if (threads == 1) {
                EvalWorker w = new EvalWorker(plan, model, indexed);
                workers.add(w);
                for (int ch = 0; ch < chunks; ch++) {
                    w.run(ch * batch, Math.min(n, (ch + 1) * batch));
                }
            } else {
                runParallel(plan, model, indexed, threads, chunks, batch, workers);
            }
        }
        return new Evaluated(plan, workers);
    }

    private static void runParallel(
            Plan plan,
            Recommender model,
            List<EvalCase> cases,
            int threads,
            int chunks,
            int batch,
            List<EvalWorker> workers) {
        int n = cases.size();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "attnrec-eval-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<EvalWorker>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    EvalWorker w = new EvalWorker(plan, model, cases);
                    try {
                        for (int ch = next.getAndIncrement();
                                ch < chunks && !failed.get();
                                ch = next.getAndIncrement()) {
                            w.run(ch * batch, Math.min(n, (ch + 1) * batch));
                        }
                    } catch (RuntimeException | Error e) {
                        failed.set(true);
                        throw e;
                    }
                    return w;
                }));
            }
            for (Future<EvalWorker> f : futures) {
                workers.add(f.get());
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("evaluation failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Case indices ordered by history length (ties in case order). Batches are cut from this
     * order, so a sequence model encodes histories of similar length together and its window
     * (the batch's longest history) carries little padding: on Amazon Beauty, where most
     * histories are far shorter than the 50-item window, that is most of the encoder's work.
     * Every per-case figure is still written at the case's own index and summed in case order,
     * so the result does not depend on the order.
     */
    static int[] byHistoryLength(List<EvalCase> cases) {
        int n = cases.size();
        long[] keys = new long[n];
        for (int c = 0; c < n; c++) {
            keys[c] = ((long) cases.get(c).history().length << 32) | c;
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    private int batchSize(int numItems, int numCases) {
        long perThread = BUFFER_FLOATS / ((long) (numItems + 1) * config.threads());
        int batch = (int) Math.max(1, Math.min(MAX_BATCH, perThread));
        // Small case lists: give every thread some work.
        int fair = (numCases + config.threads() - 1) / config.threads();
        return Math.max(1, Math.min(batch, fair));
    }

    /**
     * Sums of one evaluation over its cases, in case order: per averaged metric the sum of the
     * per-user values, the number of evaluated and skipped cases, the {@code gauc} numerator and
     * denominator, the exposure counts per cut-off and the NaN count. Serialisable; parts of a
     * distributed evaluation are added with {@link #plus}.
     */
    public static final class Partial implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final double[] sums;
        final int users;
        final int skipped;
        final double gaucWeighted;
        final long gaucWeights;
        final long[][] exposure;
        final long nanScores;

        Partial(
                double[] sums,
                int users,
                int skipped,
                double gaucWeighted,
                long gaucWeights,
                long[][] exposure,
                long nanScores) {
            this.sums = sums;
            this.users = users;
            this.skipped = skipped;
            this.gaucWeighted = gaucWeighted;
            this.gaucWeights = gaucWeights;
            this.exposure = exposure;
            this.nanScores = nanScores;
        }

        /** Number of evaluated cases (with at least one target). */
        public int users() {
            return users;
        }

        /** This part followed by {@code next} (neither is changed). */
        public Partial plus(Partial next) {
            if (sums.length != next.sums.length || exposure.length != next.exposure.length) {
                throw new IllegalArgumentException("parts of different evaluations cannot be added");
            }
            double[] s = sums.clone();
            for (int m = 0; m < s.length; m++) {
                s[m] += next.sums[m];
            }
            long[][] e = new long[exposure.length][];
            for (int k = 0; k < e.length; k++) {
                e[k] = exposure[k].clone();
                for (int i = 0; i < e[k].length; i++) {
                    e[k][i] += next.exposure[k][i];
                }
            }
            return new Partial(
                    s,
                    users + next.users,
                    skipped + next.skipped,
                    gaucWeighted + next.gaucWeighted,
                    gaucWeights + next.gaucWeights,
                    e,
                    nanScores + next.nanScores);
        }
    }

    /** The sums of one run, in case order. */
    private static Partial partial(Plan plan, List<EvalWorker> workers) {
        int metrics = plan.perCase.length;
        double[] sums = new double[metrics];
        int users = 0;
        for (boolean s : plan.skipped) {
            if (!s) {
                users++;
            }
        }
        for (int m = 0; m < metrics; m++) {
            double[] all = plan.perCase[m];
            double sum = 0;
            for (int c = 0; c < all.length; c++) {
                if (!plan.skipped[c]) {
                    sum += all[c];
                }
            }
            sums[m] = sum;
        }
        // DIN's group AUC (Zhou et al. 2018, eq. 5): per-user AUC weighted by the user's number of
        // test items (its "impressions"); with one target per user it equals auc.
        double weighted = 0;
        long weights = 0;
        double[] auc = plan.perCase[plan.aucIndex];
        for (int c = 0; c < auc.length; c++) {
            if (!plan.skipped[c]) {
                weighted += plan.targetCounts[c] * auc[c];
                weights += plan.targetCounts[c];
            }
        }
        int numKs = plan.ks.length;
        long[][] exposure = new long[plan.sampled ? 0 : numKs][];
        for (int ki = 0; ki < exposure.length; ki++) {
            exposure[ki] = new long[plan.numItems + 1];
            for (EvalWorker w : workers) {
                int[] src = w.exposure[ki];
                for (int i = 1; i <= plan.numItems; i++) {
                    exposure[ki][i] += src[i];
                }
            }
        }
        long nan = 0;
        for (EvalWorker w : workers) {
            nan += w.nanScores;
        }
        return new Partial(sums, users, plan.skipped.length - users, weighted, weights, exposure, nan);
    }

    /** Per-user values of every averaged metric, in case order (for paired tests). */
    private Map<String, double[]> perUser(Plan plan, int users) {
        Map<String, double[]> perUser = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> m : metricIndices(plan.sampled).entrySet()) {
            double[] all = plan.perCase[m.getValue()];
            double[] values = new double[users];
            int j = 0;
            for (int c = 0; c < all.length; c++) {
                if (!plan.skipped[c]) {
                    values[j++] = all[c];
                }
            }
            perUser.put(m.getKey(), values);
        }
        return Collections.unmodifiableMap(perUser);
    }

    /**
     * Name and per-case index of every averaged metric, in report order (the index layout is
     * {@link Plan}'s).
     */
    private Map<String, Integer> metricIndices(boolean sampled) {
        int[] ks = config.ks();
        int numKs = ks.length;
        int aucIndex = ACCURACY.length * numKs;
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int m = 0; m < ACCURACY.length; m++) {
            for (int ki = 0; ki < numKs; ki++) {
                out.put(ACCURACY[m] + "@" + ks[ki], m * numKs + ki);
            }
        }
        out.put("auc", aucIndex);
        if (!sampled) {
            for (int b = 0; b < PER_USER_BEYOND.length; b++) {
                for (int ki = 0; ki < numKs; ki++) {
                    out.put(PER_USER_BEYOND[b] + "@" + ks[ki], aucIndex + 1 + b * numKs + ki);
                }
            }
        }
        return out;
    }

    private EvaluationResult result(Partial total, Map<String, double[]> perUser, double seconds) {
        int users = total.users;
        boolean sampled = total.exposure.length == 0;
        Map<String, Integer> indices = metricIndices(sampled);
        if (total.sums.length != indices.size()) {
            throw new IllegalArgumentException("the sums do not belong to this evaluator's settings");
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        int[] ks = config.ks();
        int numKs = ks.length;
        // Report order: accuracy, auc, gauc, then coverage, gini and the per-user beyond-accuracy means.
        for (Map.Entry<String, Integer> m : indices.entrySet()) {
            if (m.getValue() > ACCURACY.length * numKs) {
                break;
            }
            metrics.put(m.getKey(), users > 0 ? total.sums[m.getValue()] / users : 0.0);
        }
        metrics.put("gauc", total.gaucWeights > 0 ? total.gaucWeighted / total.gaucWeights : 0.0);
        if (!sampled) {
            for (int ki = 0; ki < numKs; ki++) {
                metrics.put("coverage@" + ks[ki], coverage(total.exposure[ki]));
            }
            for (int ki = 0; ki < numKs; ki++) {
                metrics.put("gini@" + ks[ki], gini(total.exposure[ki]));
            }
            for (Map.Entry<String, Integer> m : indices.entrySet()) {
                if (m.getValue() > ACCURACY.length * numKs) {
                    metrics.put(m.getKey(), users > 0 ? total.sums[m.getValue()] / users : 0.0);
                }
            }
        }
        if (total.nanScores > 0) {
            metrics.put("nan_scores", (double) total.nanScores);
        }
        if (total.skipped > 0) {
            metrics.put("skipped_users", (double) total.skipped);
        }
        return new EvaluationResult(Collections.unmodifiableMap(metrics), perUser, users, seconds);
    }

    static double coverage(int[] exposure) {
        return coverage(Arrays.stream(exposure).asLongStream().toArray());
    }

    static double coverage(long[] exposure) {
        int numItems = exposure.length - 1;
        if (numItems == 0) {
            return 0;
        }
        int listed = 0;
        for (int i = 1; i <= numItems; i++) {
            if (exposure[i] > 0) {
                listed++;
            }
        }
        return (double) listed / numItems;
    }

    /**
     * Gini index of exposure over all items, {@code sum_i (2i - n - 1) c_(i) / (n sum c)} with
     * counts sorted ascending (0 = every item shown equally often, (n-1)/n = one item only).
     */
    static double gini(int[] exposure) {
        return gini(Arrays.stream(exposure).asLongStream().toArray());
    }

    static double gini(long[] exposure) {
        int numItems = exposure.length - 1;
        long[] sorted = Arrays.copyOfRange(exposure, 1, exposure.length);
        Arrays.sort(sorted);
        double total = 0;
        double weighted = 0;
        for (int i = 0; i < numItems; i++) {
            total += sorted[i];
            weighted += (2.0 * (i + 1) - numItems - 1) * sorted[i];
        }
        return total > 0 ? weighted / (numItems * total) : 0;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** A well-mixed per-case seed (SplitMix64 finaliser), so cases draw independent streams. */
    static long mix(long seed, long caseIndex) {
        long z = seed + (caseIndex + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Everything the workers share for one evaluation: read-only tables and the output arrays. */
    static final class Plan {
        final int numItems;
        final int[] ks;
        final boolean sampled;
        final int sampledNegatives;
        final long seed;
        final double[] discount;
        final double[] idealDcg;
        final double[] selfInformation;
        final double[] popularity;
        final ItemSimilarity similarity;
        final int aucIndex;
        final int noveltyIndex;
        final int arpIndex;
        final int diversityIndex;
        /** perCase[metric][case]: written by exactly one worker per case. */
        final double[][] perCase;

        /** skipped[case]: the case has no target. */
        final boolean[] skipped;

        /** targetCounts[case]: number of targets, the case's weight in {@code gauc}. */
        final int[] targetCounts;

        final int batchSize;

        /** The order in which cases are batched ({@link #byHistoryLength}); set by the run. */
        int[] order;

        /** Index of the first case in the whole evaluation (seeds the sampled negatives). */
        final long firstCase;

        /**
         * Set when the model is a {@link FactorScorer} and ranking is full: each batch is then
         * encoded by the model and scored by {@link #kernel} against {@link #packed}.
         */
        FactorScorer factors;

        FactorKernel kernel;
        PackedItems packed;

        void useFactors(Recommender model, long minWork) {
            if (sampled || !(model instanceof FactorScorer fs)) {
                return;
            }
            FactorKernel k = FactorKernel.forEvaluation();
            if (k == null) {
                return;
            }
            FactorTable table = fs.factorTable();
            if (table == null
                    || table.numItems() != numItems
                    || (double) perCase[0].length * (numItems + 1) * table.dim() < minWork) {
                return;
            }
            this.factors = fs;
            this.kernel = k;
            this.packed = k.pack(table);
        }

        Plan(
                EvalConfig config,
                int numItems,
                int numCases,
                int batchSize,
                double[] selfInformation,
                double[] popularity,
                ItemSimilarity similarity,
                long firstCase) {
            this.numItems = numItems;
            this.firstCase = firstCase;
            this.batchSize = batchSize;
            this.ks = config.ks();
            this.sampled = config.sampledNegatives() > 0;
            this.sampledNegatives = config.sampledNegatives();
            this.seed = config.seed();
            int maxK = config.maxK();
            this.discount = new double[maxK + 1];
            this.idealDcg = new double[maxK + 1];
            for (int r = 1; r <= maxK; r++) {
                discount[r] = 1 / log2(r + 1.0);
                idealDcg[r] = idealDcg[r - 1] + discount[r];
            }
            this.selfInformation = selfInformation;
            this.popularity = popularity;
            this.similarity = similarity;
            int numKs = ks.length;
            this.aucIndex = ACCURACY.length * numKs;
            this.noveltyIndex = aucIndex + 1;
            this.arpIndex = noveltyIndex + numKs;
            this.diversityIndex = arpIndex + numKs;
            int metrics = sampled ? aucIndex + 1 : diversityIndex + numKs;
            this.perCase = new double[metrics][numCases];
            this.skipped = new boolean[numCases];
            this.targetCounts = new int[numCases];
        }
    }
}
