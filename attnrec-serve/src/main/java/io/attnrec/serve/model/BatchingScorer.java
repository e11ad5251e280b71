package io.attnrec.serve.model;

import io.attnrec.core.linalg.FactorKernel;
import io.attnrec.core.linalg.PackedItems;
import io.attnrec.core.model.FactorScorer;
import io.attnrec.core.model.FactorTable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TopK;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores concurrent requests together with one {@link Recommender#scoreBatch} call, for models
 * whose batch scoring is cheaper per user than single scoring (one network forward pass for many
 * histories, one pass over the item table for many user vectors).
 *
 * <p>Batching is opportunistic: a worker takes the first waiting request and whatever else is
 * queued at that moment, without waiting for more. At low load every batch has one request and
 * nothing is added to latency; under load the queue fills while workers are busy and batches
 * grow by themselves, up to {@code maxBatch}.
 *
 * <p>A model that is a {@link FactorScorer} only encodes the batch's users; the product with the
 * item table is {@link FactorKernel#best()} on a table packed once here (issue 20: faster than the
 * model's own product plus the copy of its scores out of native memory, and the same values up
 * to the last bit for batched products). For such a model a request can also ask for its best
 * items directly ({@link #top}): the kernel then keeps each request's best items while it scans
 * ({@link FactorKernel#top}) and no score row is written at all; that scan reads the table
 * sorted by vector norm and skips, per request, every panel whose norm bound cannot reach its k-th
 * best score (same answer, bit for bit). While that scan is cheap, a request whose model encodes
 * single requests is ranked on the caller's own thread, without the queue ({@link #top}).
 */
final class BatchingScorer implements AutoCloseable {

    /**
     * One request: either {@code into}, the caller's score row, written by the worker, or (when
     * {@code into} is null) the {@code want} best items outside {@code excluded}, the result.
     */
    private record Pending(
            int user, int[] history, float[] into, int want, BitSet excluded, CompletableFuture<TopK.Scored> done) {}

    private static final Pending STOP = new Pending(-1, new int[0], null, 0, null, null);

    private final Recommender model;
    /** Set when {@link #model} is a {@link FactorScorer} with an item table. */
    private final FactorScorer factors;

    /** The item table sorted by norm, for best items ({@link #top}); null without a table. */
    private final PackedItems byNorm;
    /** The item table in id order, for score rows; packed on first use (most requests never need it). */
    private volatile PackedItems packed;

    private final FactorTable table;
    private final int maxBatch;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong scored = new AtomicLong();
    /** Batches by size: 1, 2, 3-4, 5-8, ..., 33-64, more (for the log line at close). */
    private final AtomicLongArray sizes = new AtomicLongArray(8);

    private final String name;
    private static final Logger LOG = LoggerFactory.getLogger(BatchingScorer.class);

    BatchingScorer(Recommender model, int maxBatch, int threads, String name) {
        this(model, maxBatch, threads, name, INLINE_LIMIT_MICROS);
    }

    /** @param inlineLimitMicros see {@link #top}; tests set 0 to force the queue */
    BatchingScorer(Recommender model, int maxBatch, int threads, String name, double inlineLimitMicros) {
        this.inlineLimitMicros = inlineLimitMicros;
        if (maxBatch < 1 || threads < 1) {
            throw new IllegalArgumentException("maxBatch and threads must be positive");
        }
        this.model = model;
        FactorTable table = model instanceof FactorScorer fs ? fs.factorTable() : null;
        this.factors = table != null && table.numItems() == model.numItems() ? (FactorScorer) model : null;
        this.table = factors != null ? table : null;
        this.byNorm = factors != null ? FactorKernel.best().packByNorm(table) : null;
        this.maxBatch = maxBatch;
        this.name = name;
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(this::work, "attnrec-score-" + name + "-" + t);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
    }

    /** True when {@code model} overrides {@link Recommender#scoreBatch} (so batching can pay). */
    static boolean batchesNatively(Recommender model) {
        try {
            return model.getClass()
                            .getMethod("scoreBatch", int[].class, int[][].class, float[][].class)
                            .getDeclaringClass()
                    != Recommender.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * Writes the model's scores for one history into {@code into} (length {@code numItems + 1};
     * entries 1..numItems are overwritten) and returns it. Blocks until its batch is scored, so the caller
     * may pass a buffer it reuses for each of its requests: a fresh row per request (218 KB on
     * Beauty) at a few thousand requests/s cost the server ~460 MiB of resident heap (issue 20).
     */
    float[] score(int user, int[] history, float[] into) {
        if (closed) {
            throw new IllegalStateException("scorer is closed");
        }
        if (into.length != model.numItems() + 1) {
            throw new IllegalArgumentException(
                    "score array has length " + into.length + ", expected " + (model.numItems() + 1));
        }
        await(new Pending(user, history, into, 0, null, new CompletableFuture<>()));
        return into;
    }

    /** True when {@link #top} is available (the model is a {@link FactorScorer} with an item table). */
    boolean ranks() {
        return factors != null;
    }

    /**
     * The model's {@code want} best items for one history among {@code 1..numItems}, skipping
     * {@code excluded} (may be null) and NaN scores, best first, ties to the lower id: exactly
     * {@link TopK#top} of the row {@link #score} writes. Only when {@link #ranks()}.
     */
    TopK.Scored top(int user, int[] history, int want, BitSet excluded) {
        if (factors == null) {
            throw new IllegalStateException("model '" + model.name() + "' has no item table to rank from");
        }
        if (want <= 0) {
            throw new IllegalArgumentException("want must be positive, got " + want);
        }
        double mean = inlineMicros;
        if (!closed
                && (mean < inlineLimitMicros
                        || inlineTurn.incrementAndGet() % (mean < 4 * inlineLimitMicros ? INLINE_PROBE : RARE_PROBE)
                                == 0)) {
            float[][] rows = factors.requestFactors(user, history);
            if (rows != null && rows.length == 1) {
                long t0 = System.nanoTime();
                TopK.Scored best =
                        FactorKernel.best().top(rows, 1, byNorm, new int[] {want}, new BitSet[] {excluded})[0];
                double us = Math.min(INLINE_CAP_MICROS, (System.nanoTime() - t0) / 1e3);
                inlineMicros = 0.75 * inlineMicros + 0.25 * us; // racy on purpose: an estimate
                inlined.incrementAndGet();
                return best;
            }
        }
        return await(new Pending(user, history, null, want, excluded, new CompletableFuture<>()));
    }

    /** Requests ranked on their own thread so far (see {@link #top}). */
    long inlined() {
        return inlined.get();
    }

    /**
     * Ranks requests {@code 0..users.length-1} as one batch on the calling thread, as a worker
     * would if exactly these were queued together (tests: every batch size, deterministically).
     */
    TopK.Scored[] topBatch(int[] users, int[][] histories, int[] want, BitSet[] excluded) {
        List<Pending> batch = new ArrayList<>();
        for (int b = 0; b < users.length; b++) {
            batch.add(new Pending(users[b], histories[b], null, want[b], excluded[b], new CompletableFuture<>()));
        }
        run(batch);
        TopK.Scored[] out = new TopK.Scored[users.length];
        for (int b = 0; b < users.length; b++) {
            out[b] = batch.get(b).done().join();
        }
        return out;
    }

    /**
     * A request whose model encodes single requests ({@link FactorScorer#requestFactors}) is
     * ranked on the caller's thread while the by-norm scan is cheap (running mean below this):
     * batching then saves almost nothing (4-9 us a request on SASRec/Beauty, 1 to 16 rows) and
     * costs two thread hand-offs. Measured side by side on the 2-core machine (issue 20, session
     * 10, four paired rounds at concurrency 32): +17%, +7%, +45% and -7% requests/s, and a lower
     * median at concurrency 1. When the norm bound skips little (item norms all alike) a single
     * request's scan is bound by reading the table (~300 us), the mean rises above the limit and
     * requests go to the batches again, where a scan costs 75-100 us a request; one request in
     * {@value #INLINE_PROBE} still runs inline to keep the mean current — one in {@value
     * #RARE_PROBE} once the mean is over four times the limit: on a 3-epoch full-softmax
     * SASRec/Beauty such a probe costs ~350 us of a request thread, which at one in 16 was ~22 us
     * per request, a sixth of the request threads' CPU (issue 20, session 11).
     */
    static final double INLINE_LIMIT_MICROS = 50;

    private static final int INLINE_PROBE = 16;

    private static final int RARE_PROBE = 256;
    /** Inline samples are capped so that a cold JIT's first slow runs are forgotten soon. */
    private static final double INLINE_CAP_MICROS = 1000;

    private final double inlineLimitMicros;
    private volatile double inlineMicros;
    private final AtomicLong inlineTurn = new AtomicLong();
    private final AtomicLong inlined = new AtomicLong();

    private TopK.Scored await(Pending p) {
        if (closed) {
            throw new IllegalStateException("scorer is closed");
        }
        queue.add(p);
        try {
            return p.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for scores", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("scoring failed", c);
        }
    }

    /** Average requests per {@code scoreBatch} call so far. */
    double meanBatchSize() {
        long b = batches.get();
        return b == 0 ? 0 : scored.get() / (double) b;
    }

    private void work() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (true) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                if (first == STOP) {
                    queue.add(STOP); // for the other workers
                    return;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                if (batch.remove(STOP)) {
                    queue.add(STOP); // let the other workers see it too
                }
                run(batch);
            } catch (InterruptedException e) {
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void run(List<Pending> batch) {
        int n = batch.size();
        int[] users = new int[n];
        int[][] histories = new int[n][];
        for (int b = 0; b < n; b++) {
            users[b] = batch.get(b).user();
            histories[b] = batch.get(b).history();
        }
        try {
            TopK.Scored[] ranked = new TopK.Scored[n];
            if (!scoreFactors(batch, users, histories, ranked)) {
                float[][] out = new float[n][];
                for (int b = 0; b < n; b++) {
                    out[b] = batch.get(b).into();
                }
                model.scoreBatch(users, histories, out);
            }
            batches.incrementAndGet();
            scored.addAndGet(n);
            sizes.incrementAndGet(Math.min(7, 32 - Integer.numberOfLeadingZeros(n - 1)));
            for (int b = 0; b < n; b++) {
                batch.get(b).done().complete(ranked[b]);
            }
        } catch (RuntimeException | Error e) {
            for (Pending p : batch) {
                p.done().completeExceptionally(e);
            }
        }
    }

    /**
     * Scores with the kernel; false when the model has no table or some user no factor row (then
     * only score rows were asked for: {@link #top} needs a table). Each request is encoded by the
     * model's single-request path when it has one ({@link FactorScorer#requestFactors}: SASRec's
     * plain-Java pass), else the batch by one native pass. Measured on a quiet machine
     * (bench/RESULTS.md, issue 20): the plain-Java pass per request served 1,655 requests/s at
     * concurrency 32 against 1,091-1,521 with one native pass per batch, and halved the median at
     * concurrency 1. Requests for best items with one factor row go through {@link
     * FactorKernel#top} together; the others get their row scored (into a scratch row for best
     * items of several rows, then {@link TopK#top}).
     */
    private boolean scoreFactors(List<Pending> batch, int[] users, int[][] histories, TopK.Scored[] ranked) {
        if (factors == null) {
            return false;
        }
        int n = users.length;
        float[][][] rows = new float[n][][];
        for (int b = 0; b < n; b++) {
            rows[b] = factors.requestFactors(users[b], histories[b]);
            if (rows[b] == null) {
                // no single-request path for this one: one native pass for the whole batch
                rows = factors.userFactors(users, histories);
                break;
            }
        }
        for (float[][] r : rows) {
            if (r == null || r.length == 0) {
                if (batch.stream().anyMatch(p -> p.into() == null)) {
                    throw new IllegalStateException("model '" + model.name() + "' gave no user vector");
                }
                return false;
            }
        }
        FactorKernel kernel = FactorKernel.best();
        int ranking = 0;
        int scoring = 0;
        for (int b = 0; b < n; b++) {
            if (batch.get(b).into() == null && rows[b].length == 1) {
                ranking++;
            } else {
                scoring++;
            }
        }
        if (ranking > 0) {
            float[][] one = new float[ranking][];
            int[] want = new int[ranking];
            BitSet[] excluded = new BitSet[ranking];
            int[] at = new int[ranking];
            int r = 0;
            for (int b = 0; b < n; b++) {
                Pending p = batch.get(b);
                if (p.into() == null && rows[b].length == 1) {
                    one[r] = rows[b][0];
                    want[r] = p.want();
                    excluded[r] = p.excluded();
                    at[r++] = b;
                }
            }
            boolean norm = normOrderNext();
            PackedItems items = norm ? byNorm : rowTable(); // packed on first use: not timed
            long t0 = System.nanoTime();
            TopK.Scored[] best = kernel.top(one, ranking, items, want, excluded);
            double us = Math.min(INLINE_CAP_MICROS, (System.nanoTime() - t0) / 1e3 / ranking);
            // racy on purpose, as the inline mean: estimates
            if (norm) {
                normScanMicros = normScanMicros != normScanMicros ? us : 0.875 * normScanMicros + 0.125 * us;
                normBatches.incrementAndGet();
            } else {
                idScanMicros = idScanMicros != idScanMicros ? us : 0.875 * idScanMicros + 0.125 * us;
                idBatches.incrementAndGet();
            }
            for (int i = 0; i < ranking; i++) {
                ranked[at[i]] = best[i];
            }
        }
        if (scoring > 0) {
            float[][][] some = new float[scoring][][];
            float[][] out = new float[scoring][];
            int[] at = new int[scoring];
            int s = 0;
            for (int b = 0; b < n; b++) {
                Pending p = batch.get(b);
                if (p.into() != null || rows[b].length != 1) {
                    some[s] = rows[b];
                    out[s] = p.into() != null ? p.into() : new float[model.numItems() + 1];
                    at[s++] = b;
                }
            }
            kernel.score(some, scoring, rowTable(), out);
            for (int i = 0; i < scoring; i++) {
                Pending p = batch.get(at[i]);
                if (p.into() == null) {
                    out[i][0] = Float.NaN;
                    ranked[at[i]] = TopK.top(out[i], p.want(), p.excluded());
                }
            }
        }
        return true;
    }

    /**
     * The table a batch ranks from: sorted by norm or in id order, whichever has the lower running
     * mean of scan time per request, each tried once first and the other one again every {@value
     * #TABLE_PROBE}th batch to keep its mean current. Both give the same answer bit for bit; which
     * is faster depends on the model (issue 20, session 11): on the 1-epoch BCE SASRec/Beauty
     * artifact the norm bound skips ~99% of the table (4 us a request against 77), on a 3-epoch
     * full-softmax SASRec it skips nothing and its high-scoring items come first, so more of
     * every panel reaches the heaps (146 us a request against 77 in id order, batches of 4).
     */
    private boolean normOrderNext() {
        double norm = normScanMicros;
        double id = idScanMicros;
        if (norm != norm) {
            return true;
        }
        if (id != id) {
            return false;
        }
        boolean best = norm <= id;
        return rankBatches.incrementAndGet() % TABLE_PROBE == 0 ? !best : best;
    }

    private static final int TABLE_PROBE = 16;
    private volatile double normScanMicros = Double.NaN;
    private volatile double idScanMicros = Double.NaN;
    private final AtomicLong rankBatches = new AtomicLong();
    private final AtomicLong normBatches = new AtomicLong();
    private final AtomicLong idBatches = new AtomicLong();

    /** Batches ranked from the table sorted by norm and in id order so far ({@link #normOrderNext}). */
    long[] tableBatches() {
        return new long[] {normBatches.get(), idBatches.get()};
    }

    private PackedItems rowTable() {
        PackedItems p = packed;
        if (p == null) {
            synchronized (this) {
                p = packed;
                if (p == null) {
                    p = FactorKernel.best().pack(table);
                    packed = p;
                }
            }
        }
        return p;
    }

    /** Stops the workers after the requests already queued are answered. */
    @Override
    public void close() {
        if (!closed && (batches.get() > 0 || inlined.get() > 0)) {
            StringBuilder h = new StringBuilder();
            String[] labels = {"1", "2", "3-4", "5-8", "9-16", "17-32", "33-64", ">64"};
            for (int i = 0; i < labels.length; i++) {
                if (sizes.get(i) > 0) {
                    h.append(h.length() == 0 ? "" : ", ")
                            .append(labels[i])
                            .append(": ")
                            .append(sizes.get(i));
                }
            }
            LOG.info(
                    "scorer of '{}': {} requests ranked on their own thread, {} in {} batches (mean {}; batches by size {};"
                            + " ranked from the table by norm {}, in id order {})",
                    name,
                    inlined.get(),
                    scored.get(),
                    batches.get(),
                    String.format(java.util.Locale.ROOT, "%.2f", meanBatchSize()),
                    h,
                    normBatches.get(),
                    idBatches.get());
        }
        closed = true;
        queue.add(STOP);
    }
}
