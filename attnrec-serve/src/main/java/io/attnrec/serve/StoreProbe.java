package io.attnrec.serve;

import io.attnrec.serve.store.EventStore;
import java.util.concurrent.TimeUnit;

/**
 * Whether the event store is reachable, known without waiting for it: a daemon thread asks the
 * store every {@link #INTERVAL_MS} ms and {@code /health} and {@code /ready} read the last answer.
 * A probe that has been running for more than {@link #MAX_PROBE_MS} ms counts as "unreachable" at
 * once, so a hung database makes the health answer 503 within a second instead of hanging it.
 */
final class StoreProbe implements AutoCloseable {

    static final long INTERVAL_MS = 250;
    static final long MAX_PROBE_MS = 800;
    /** An answer older than this is not trusted (the prober itself is stuck). */
    private static final long STALE_MS = 3_000;

    private final EventStore store;
    private final Thread thread;
    private volatile boolean lastOk;
    private volatile long lastDoneNanos;
    private volatile long runningSinceNanos; // 0 when no probe is running
    private volatile boolean closed;

    /** Probes once (on the calling thread) and then in the background. */
    StoreProbe(EventStore store) {
        this.store = store;
        probeOnce();
        this.thread = new Thread(this::loop, "attnrec-store-probe");
        thread.setDaemon(true);
        thread.start();
    }

    /** The store answered its last probe, recently, and no probe is hanging now. Never blocks. */
    boolean reachable() {
        long now = System.nanoTime();
        long running = runningSinceNanos;
        if (running != 0 && now - running > TimeUnit.MILLISECONDS.toNanos(MAX_PROBE_MS)) {
            return false;
        }
        return lastOk && now - lastDoneNanos < TimeUnit.MILLISECONDS.toNanos(STALE_MS);
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
            probeOnce();
        }
    }

    private void probeOnce() {
        runningSinceNanos = System.nanoTime();
        boolean ok;
        try {
            ok = store.healthy();
        } catch (RuntimeException e) {
            ok = false;
        }
        lastOk = ok;
        lastDoneNanos = System.nanoTime();
        runningSinceNanos = 0;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
