package io.attnrec.core.eval;

import io.attnrec.core.model.EvalCase;
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
 * threads, each with its own reusable buffers. Per user the work is one pass to rank the target(s)
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

    private final EvalConfig config;
    private final TrainingData train;
    private final double[] selfInformation;
    private final double[] popularity;
    private final ItemSimilarity similarity;

    /**
     * @param train the training data: item popularity (novelty, ARP, Gini) and item features
     *     (intra-list diversity) come from it
     */
    public Evaluator(EvalConfig config, TrainingData train) {
        this.config = config;
        this.train = train;
        int n = train.numItems();
        int[] counts = train.itemCounts();
        this.popularity = new double[n + 1];
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
        this.selfInformation = new double[n + 1];
        for (int i = 1; i <= n; i++) {
            selfInformation[i] = -log2((users[i] + 1.0) / (usersWithTraining + 1.0));
        }
        this.similarity = ItemSimilarity.from(train);
    }

    /**
     * Evaluates {@code model} on {@code cases}.
     *
     * @throws IllegalArgumentException if the model's item count differs from the training data's,
     *     or a case names an item outside {@code 1..numItems} or a rankable target twice
     */
    public EvaluationResult evaluate(Recommender model, List<EvalCase> cases) {
        long start = System.nanoTime();
        int numItems = train.numItems();
        if (model.numItems() != numItems) {
            throw new IllegalArgumentException("model " + model.name() + " scores " + model.numItems()
                    + " items but the training data has " + numItems);
        }
        // Workers index the list; make sure that is cheap.
        List<EvalCase> indexed = cases instanceof RandomAccess ? cases : new ArrayList<>(cases);
        int n = indexed.size();
        int batch = batchSize(numItems, n);
        Plan plan = new Plan(config, numItems, n, batch, selfInformation, popularity, similarity);
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
        return summarise(plan, workers, (System.nanoTime() - start) / 1e9);
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

    private int batchSize(int numItems, int numCases) {
        long perThread = BUFFER_FLOATS / ((long) (numItems + 1) * config.threads());
        int batch = (int) Math.max(1, Math.min(MAX_BATCH, perThread));
        // Small case lists: give every thread some work.
        int fair = (numCases + config.threads() - 1) / config.threads();
        return Math.max(1, Math.min(batch, fair));
    }

    private EvaluationResult summarise(Plan plan, List<EvalWorker> workers, double seconds) {
        int n = plan.skipped.length;
        int users = 0;
        for (boolean s : plan.skipped) {
            if (!s) {
                users++;
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, double[]> perUser = new LinkedHashMap<>();
        int[] ks = config.ks();
        int numKs = ks.length;
        for (int m = 0; m < ACCURACY.length; m++) {
            for (int ki = 0; ki < numKs; ki++) {
                addAveraged(plan, m * numKs + ki, ACCURACY[m] + "@" + ks[ki], users, metrics, perUser);
            }
        }
        addAveraged(plan, plan.aucIndex, "auc", users, metrics, perUser);
        metrics.put("gauc", gauc(plan));
        if (!plan.sampled) {
            int numItems = plan.numItems;
            int[][] exposure = new int[numKs][numItems + 1];
            for (EvalWorker w : workers) {
                for (int ki = 0; ki < numKs; ki++) {
                    int[] src = w.exposure[ki];
                    int[] dst = exposure[ki];
                    for (int i = 1; i <= numItems; i++) {
                        dst[i] += src[i];
                    }
                }
            }
            for (int ki = 0; ki < numKs; ki++) {
                metrics.put("coverage@" + ks[ki], coverage(exposure[ki]));
            }
            for (int ki = 0; ki < numKs; ki++) {
                metrics.put("gini@" + ks[ki], gini(exposure[ki]));
            }
            int[] base = {plan.noveltyIndex, plan.arpIndex, plan.diversityIndex};
            for (int b = 0; b < base.length; b++) {
                for (int ki = 0; ki < numKs; ki++) {
                    addAveraged(plan, base[b] + ki, PER_USER_BEYOND[b] + "@" + ks[ki], users, metrics, perUser);
                }
            }
        }
        long nan = 0;
        for (EvalWorker w : workers) {
            nan += w.nanScores;
        }
        if (nan > 0) {
            metrics.put("nan_scores", (double) nan);
        }
        if (users < n) {
            metrics.put("skipped_users", (double) (n - users));
        }
        return new EvaluationResult(
                Collections.unmodifiableMap(metrics), Collections.unmodifiableMap(perUser), users, seconds);
    }

    /** Mean over the evaluated cases, summed in case order (identical for any thread count). */
    private static void addAveraged(
            Plan plan, int index, String name, int users, Map<String, Double> metrics, Map<String, double[]> perUser) {
        double[] all = plan.perCase[index];
        double[] values = new double[users];
        double sum = 0;
        int j = 0;
        for (int c = 0; c < all.length; c++) {
            if (!plan.skipped[c]) {
                values[j++] = all[c];
                sum += all[c];
            }
        }
        metrics.put(name, users > 0 ? sum / users : 0.0);
        perUser.put(name, values);
    }

    /**
     * DIN's group AUC (Zhou et al. 2018, eq. 5): per-user AUC weighted by the user's number of
     * test items (its "impressions"), summed in case order. With one target per user it equals
     * {@code auc}.
     */
    private static double gauc(Plan plan) {
        double weighted = 0;
        long weights = 0;
        double[] auc = plan.perCase[plan.aucIndex];
        for (int c = 0; c < auc.length; c++) {
            if (!plan.skipped[c]) {
                weighted += plan.targetCounts[c] * auc[c];
                weights += plan.targetCounts[c];
            }
        }
        return weights > 0 ? weighted / weights : 0.0;
    }

    static double coverage(int[] exposure) {
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
        int numItems = exposure.length - 1;
        int[] sorted = Arrays.copyOfRange(exposure, 1, exposure.length);
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

        Plan(
                EvalConfig config,
                int numItems,
                int numCases,
                int batchSize,
                double[] selfInformation,
                double[] popularity,
                ItemSimilarity similarity) {
            this.numItems = numItems;
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
