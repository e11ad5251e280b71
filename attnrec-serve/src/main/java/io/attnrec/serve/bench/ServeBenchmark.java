package io.attnrec.serve.bench;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.serve.AttnrecServer;
import io.attnrec.serve.ServerConfig;
import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.model.ServedModel;
import io.attnrec.serve.retrieval.RetrievalConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latency and throughput of {@code GET /v1/users/{id}/recommendations} over loopback HTTP.
 *
 * <pre>
 * java -cp ... io.attnrec.serve.bench.ServeBenchmark [--model ARTIFACT_DIR]
 *     [--items 54542] [--dim 64] [--users 40000] [--concurrency 32] [--requests 20000]
 *     [--k 10] [--explain] [--no-batching] [--seed 42]
 * </pre>
 *
 * Without {@code --model} it serves a {@link SyntheticEmbeddingModel} of the given size (the
 * defaults are amazon-beauty's). Client and server share the machine, so on few cores the
 * numbers are pessimistic. Prints one JSON line: p50/p99 latency, requests per second, errors.
 */
public final class ServeBenchmark {

    private ServeBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path model = null;
        int items = 54_542;
        int dim = 64;
        int users = 40_000;
        int concurrency = 32;
        int requests = 20_000;
        int k = 10;
        boolean explain = false;
        boolean batching = true;
        long seed = 42;
        for (int a = 0; a < args.length; a++) {
            switch (args[a]) {
                case "--model" -> model = Path.of(args[++a]);
                case "--items" -> items = Integer.parseInt(args[++a]);
                case "--dim" -> dim = Integer.parseInt(args[++a]);
                case "--users" -> users = Integer.parseInt(args[++a]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++a]);
                case "--requests" -> requests = Integer.parseInt(args[++a]);
                case "--k" -> k = Integer.parseInt(args[++a]);
                case "--explain" -> explain = true;
                case "--no-batching" -> batching = false;
                case "--seed" -> seed = Long.parseLong(args[++a]);
                default -> {
                    System.err.println("unknown option " + args[a] + "; see the class javadoc for the options");
                    System.exit(2);
                }
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        ServedModel served = model != null ? ServedModel.load(model) : synthetic(items, dim, users, random);
        Path tmp = Files.createTempDirectory("attnrec-serve-bench");
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .database("sqlite:" + tmp.resolve("events.db"))
                .build();
        RetrievalConfig retrieval = batching
                ? RetrievalConfig.defaults()
                : RetrievalConfig.defaults().withBatching(0, 1);
        try (AttnrecServer server = new AttnrecServer(config, ModelRegistry.of(List.of(served), retrieval)).start()) {
            String base = "http://127.0.0.1:" + server.port() + "/v1/users/";
            String query = "/recommendations?k=" + k + (explain ? "&explain=true" : "");
            List<String> ids = served.users().externalIds();
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            System.err.println("serving " + served.numItems() + " items to " + ids.size() + " users; warming up");
            run(client, base, query, ids, concurrency, Math.min(requests, 5000), random.split());
            long[] lat = new long[requests];
            long t0 = System.nanoTime();
            int errors = run(client, base, query, ids, concurrency, requests, random.split(), lat);
            double seconds = (System.nanoTime() - t0) / 1e9;
            java.util.Arrays.sort(lat);
            System.out.println(String.format(
                    Locale.ROOT,
                    "{\"items\": %d, \"users\": %d, \"concurrency\": %d, \"requests\": %d, \"k\": %d, \"explain\": %b,"
                            + " \"batching\": %b,"
                            + " \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"rps\": %.0f, \"errors\": %d, \"cores\": %d}",
                    served.numItems(),
                    ids.size(),
                    concurrency,
                    requests,
                    k,
                    explain,
                    batching,
                    lat[requests / 2] / 1e6,
                    lat[(int) Math.ceil(requests * 0.99) - 1] / 1e6,
                    requests / seconds,
                    errors,
                    Runtime.getRuntime().availableProcessors()));
        } finally {
            try (var s = Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int run(
            HttpClient client,
            String base,
            String query,
            List<String> ids,
            int concurrency,
            int requests,
            SplittableRandom random)
            throws Exception {
        return run(client, base, query, ids, concurrency, requests, random, new long[requests]);
    }

    /** Sends {@code requests} GETs from {@code concurrency} threads; returns the number of non-200s. */
    private static int run(
            HttpClient client,
            String base,
            String query,
            List<String> ids,
            int concurrency,
            int requests,
            SplittableRandom random,
            long[] latencies)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                SplittableRandom r = random.split();
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        String user = ids.get(r.nextInt(ids.size()));
                        HttpRequest req = HttpRequest.newBuilder(URI.create(base + user + query))
                                .timeout(Duration.ofSeconds(30))
                                .build();
                        long a = System.nanoTime();
                        try {
                            HttpResponse<byte[]> resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                            if (resp.statusCode() != 200) {
                                errors.incrementAndGet();
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                        }
                        latencies[i] = System.nanoTime() - a;
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return errors.get();
    }

    /** Users with 5-50 items drawn around one topic each, over a synthetic clustered catalogue. */
    static ServedModel synthetic(int items, int dim, int users, SplittableRandom random) {
        SyntheticVectors synth = new SyntheticVectors(dim, 100, random);
        float[][] vectors = synth.items(items);
        List<String> itemIds = new ArrayList<>(items);
        for (int i = 1; i <= items; i++) {
            itemIds.add("item" + i);
        }
        List<String> userIds = new ArrayList<>(users);
        int[][] histories = new int[users][];
        for (int u = 0; u < users; u++) {
            userIds.add("user" + u);
            histories[u] = new int[5 + random.nextInt(46)];
            for (int p = 0; p < histories[u].length; p++) {
                histories[u][p] = 1 + random.nextInt(items);
            }
        }
        return new ServedModel(
                "synthetic",
                new SyntheticEmbeddingModel(vectors),
                IdMap.of(false, userIds),
                IdMap.of(true, itemIds),
                histories,
                ItemCatalog.empty(),
                null);
    }
}
