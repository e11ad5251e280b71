package io.attnrec.serve.model;

import io.attnrec.core.linalg.FactorKernel;
import io.attnrec.core.linalg.PackedItems;
import io.attnrec.core.model.FactorScorer;
import io.attnrec.core.model.FactorTable;
import io.attnrec.core.model.Recommender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
 * to the last bit for batched products).
 */
final class BatchingScorer implements AutoCloseable {

    /** One request; {@code into} is the caller's score row, written by the worker. */
    private record Pending(int user, int[] history, float[] into, CompletableFuture<Void> done) {}

    private static final Pending STOP = new Pending(-1, new int[0], null, null);

    private final Recommender model;
    /** Set when {@link #model} is a {@link FactorScorer} with an item table. */
    private final FactorScorer factors;

    private final PackedItems packed;
    private final int maxBatch;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong scored = new AtomicLong();

    BatchingScorer(Recommender model, int maxBatch, int threads, String name) {
        if (maxBatch < 1 || threads < 1) {
            throw new IllegalArgumentException("maxBatch and threads must be positive");
        }
        this.model = model;
        FactorTable table = model instanceof FactorScorer fs ? fs.factorTable() : null;
        this.factors = table != null && table.numItems() == model.numItems() ? (FactorScorer) model : null;
        this.packed = factors != null ? FactorKernel.best().pack(table) : null;
        this.maxBatch = maxBatch;
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
        CompletableFuture<Void> f = new CompletableFuture<>();
        queue.add(new Pending(user, history, into, f));
        try {
            f.get();
            return into;
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
        float[][] out = new float[n][];
        for (int b = 0; b < n; b++) {
            users[b] = batch.get(b).user();
            histories[b] = batch.get(b).history();
            out[b] = batch.get(b).into();
        }
        try {
            if (!scoreFactors(users, histories, out)) {
                model.scoreBatch(users, histories, out);
            }
            batches.incrementAndGet();
            scored.addAndGet(n);
            for (Pending p : batch) {
                p.done().complete(null);
            }
        } catch (RuntimeException | Error e) {
            for (Pending p : batch) {
                p.done().completeExceptionally(e);
            }
        }
    }

    /**
     * Scores with the kernel; false when the model has no table or some user no factor row. Each
     * request is encoded by the model's single-request path when it has one ({@link
     * FactorScorer#requestFactors}: SASRec's plain-Java pass), else the batch by one native pass.
     * Measured on a quiet machine (bench/RESULTS.md, issue 20): the plain-Java pass per request
     * served 1,655 requests/s at concurrency 32 against 1,091-1,521 with one native pass per
     * batch, and halved the median at concurrency 1.
     */
    private boolean scoreFactors(int[] users, int[][] histories, float[][] out) {
        if (factors == null) {
            return false;
        }
        float[][][] rows = new float[users.length][][];
        for (int b = 0; b < users.length; b++) {
            rows[b] = factors.requestFactors(users[b], histories[b]);
            if (rows[b] == null) {
                // no single-request path for this one: one native pass for the whole batch
                rows = factors.userFactors(users, histories);
                break;
            }
        }
        for (float[][] r : rows) {
            if (r == null || r.length == 0) {
                return false;
            }
        }
        FactorKernel.best().score(rows, users.length, packed, out);
        return true;
    }

    /** Stops the workers after the requests already queued are answered. */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
    }
}
