package io.attnrec.serve;

import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.retrieval.RetrievalConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measurement, not a test (issue 14, "what to show" 5): a flood of distinct unknown user ids
 * against an in-process server; prints heap after GC, cached users and events, and the known
 * users' latency before and after. {@code java -cp TEST_CLASSPATH io.attnrec.serve.UnknownIdFlood
 * [ids] [threads]}.
 */
final class UnknownIdFlood {

    private UnknownIdFlood() {}

    public static void main(String[] args) throws Exception {
        int ids = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path dir = Files.createTempDirectory("flood");
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .database("sqlite:" + dir.resolve("events.db"))
                .accessLog(false)
                .maxCachedEvents(100_000)
                .build();
        try (AttnrecServer server = new AttnrecServer(
                        config, ModelRegistry.of(List.of(TestWorld.served("world")), RetrievalConfig.defaults()))
                .start()) {
            String base = "http://127.0.0.1:" + server.port();
            HttpClient client = HttpClient.newHttpClient();
            Http http = new Http(server.port());
            for (int u = 0; u <= 10; u++) {
                http.send("POST", "/v1/events", "{\"user\": \"u" + u + "\", \"item\": \"i4\"}", null);
            }
            double[] before = knownLatency(client, base, 3000);
            long heapBefore = heapAfterGc();
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            AtomicInteger next = new AtomicInteger();
            AtomicInteger notFound = new AtomicInteger();
            Future<?>[] done = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                done[t] = pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < ids; ) {
                        HttpRequest r = HttpRequest.newBuilder(
                                        URI.create(base + "/v1/users/flood-" + i + "/recommendations"))
                                .build();
                        try {
                            if (client.send(r, HttpResponse.BodyHandlers.discarding())
                                            .statusCode()
                                    == 404) {
                                notFound.incrementAndGet();
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            double floodS = (System.nanoTime() - t0) / 1e9;
            long heapAfter = heapAfterGc();
            double[] after = knownLatency(client, base, 3000);
            String metrics = http.get("/metrics").body();
            System.out.printf(
                    "flood of %d unknown ids (%d threads) in %.1f s, %d answered 404; heap after GC %d -> %d MiB;"
                            + " %s; %s; known users p50/p99 %.2f/%.2f ms before, %.2f/%.2f ms after%n",
                    ids,
                    threads,
                    floodS,
                    notFound.get(),
                    heapBefore >> 20,
                    heapAfter >> 20,
                    line(metrics, "attnrec_users_cached "),
                    line(metrics, "attnrec_events_cached "),
                    before[0],
                    before[1],
                    after[0],
                    after[1]);
        }
    }

    private static String line(String metrics, String prefix) {
        return metrics.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(prefix + "?");
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** p50 and p99 in ms of {@code n} sequential requests for the known users u0..u10. */
    private static double[] knownLatency(HttpClient client, String base, int n) throws Exception {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/v1/users/u" + (i % 11) + "/recommendations?k=3"))
                    .build();
            long t0 = System.nanoTime();
            client.send(r, HttpResponse.BodyHandlers.discarding());
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[n / 2], ms[n * 99 / 100]};
    }
}
