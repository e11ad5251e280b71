package io.attnrec.serve.bench;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.serve.AttnrecServer;
import io.attnrec.serve.ServerConfig;
import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.model.ServedModel;
import io.attnrec.serve.retrieval.RetrievalConfig;
import io.attnrec.serve.testmodels.SyntheticEmbeddingModel;
import io.attnrec.serve.testmodels.SyntheticVectors;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Latency and throughput of {@code GET /v1/users/{id}/recommendations} over loopback HTTP,
 * optionally while models are hot-swapped.
 *
 * <pre>
 * java -cp ... io.attnrec.serve.bench.ServeBenchmark
 *     [--model DIR] [--url http://127.0.0.1:PORT] [--pid N]
 *     [--concurrency 1,8,32] [--requests 20000] [--warmup 2000] [--k 10] [--explain]
 *     [--swap NAME_A,NAME_B] [--swap-every-ms 1000] [--no-batching] [--seed 42]
 *     [--items 54542] [--dim 64] [--users 40000] [--ann-threshold 200000]
 * </pre>
 *
 * <ul>
 *   <li>Without {@code --url} the server runs in this JVM on the models of {@code --model} (an
 *       artifact directory or a folder of them) or, without {@code --model}, on a {@link
 *       SyntheticEmbeddingModel} of {@code --items} x {@code --dim} (amazon-beauty's size);
 *       {@code --ann-threshold} sets the catalogue size from which embedding models are served
 *       through HNSW.
 *   <li>With {@code --url} it loads another process's server (e.g. {@code attnrec serve}); the
 *       user ids come from {@code --model} (an artifact directory, or a folder whose first
 *       artifact is read), and {@code --pid} names the server process whose resident memory is
 *       reported after every run.
 *   <li>{@code --swap A,B} activates A, B, A, ... through {@code POST /v1/models/{name}/activate}
 *       every {@code --swap-every-ms} while the measured requests run; any failed request or
 *       activation counts as an error.
 * </ul>
 *
 * Client and server share the machine, so on few cores the numbers are pessimistic. Prints one
 * JSON line per concurrency: p50/p99 latency, requests per second, errors, swaps, the 1-minute
 * load average before and after, and the server's resident memory (VmRSS, and its peak VmHWM).
 */
public final class ServeBenchmark {

    private ServeBenchmark() {}

    /** Parsed command line. */
    record Options(
            Path model,
            String url,
            long pid,
            int[] concurrency,
            int requests,
            int warmup,
            int k,
            boolean explain,
            List<String> swap,
            int swapEveryMs,
            boolean batching,
            long seed,
            int items,
            int dim,
            int users,
            int annThreshold) {

        static Options parse(String[] args) {
            Path model = null;
            String url = null;
            long pid = -1;
            int[] concurrency = {32};
            int requests = 20_000;
            int warmup = -1;
            int k = 10;
            boolean explain = false;
            List<String> swap = List.of();
            int swapEveryMs = 1000;
            boolean batching = true;
            long seed = 42;
            int items = 54_542;
            int dim = 64;
            int users = 40_000;
            int annThreshold = RetrievalConfig.defaults().annThreshold();
            for (int a = 0; a < args.length; a++) {
                switch (args[a]) {
                    case "--model" -> model = Path.of(args[++a]);
                    case "--url" -> url = args[++a].replaceAll("/+$", "");
                    case "--pid" -> pid = Long.parseLong(args[++a]);
                    case "--concurrency" ->
                        concurrency = Arrays.stream(args[++a].split(","))
                                .mapToInt(Integer::parseInt)
                                .toArray();
                    case "--requests" -> requests = Integer.parseInt(args[++a]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++a]);
                    case "--k" -> k = Integer.parseInt(args[++a]);
                    case "--explain" -> explain = true;
                    case "--swap" -> swap = List.of(args[++a].split(","));
                    case "--swap-every-ms" -> swapEveryMs = Integer.parseInt(args[++a]);
                    case "--no-batching" -> batching = false;
                    case "--seed" -> seed = Long.parseLong(args[++a]);
                    case "--items" -> items = Integer.parseInt(args[++a]);
                    case "--dim" -> dim = Integer.parseInt(args[++a]);
                    case "--users" -> users = Integer.parseInt(args[++a]);
                    case "--ann-threshold" -> annThreshold = Integer.parseInt(args[++a]);
                    default ->
                        throw new IllegalArgumentException(
                                "unknown option " + args[a] + "; see the class javadoc for the options");
                }
            }
            if (url != null && model == null) {
                throw new IllegalArgumentException("--url needs --model DIR to read the user ids from");
            }
            if (swap.size() == 1) {
                throw new IllegalArgumentException("--swap needs at least two model names, e.g. --swap a,b");
            }
            return new Options(
                    model,
                    url,
                    pid,
                    concurrency,
                    requests,
                    warmup < 0 ? Math.min(requests, 2000) : warmup,
                    k,
                    explain,
                    swap,
                    swapEveryMs,
                    batching,
                    seed,
                    items,
                    dim,
                    users,
                    annThreshold);
        }
    }

    /** What one measured run gives. */
    record Run(long[] latencies, int errors, double seconds, int swaps, int swapErrors, double swapMsMean) {}

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        SplittableRandom random = new SplittableRandom(o.seed());
        if (o.url() != null) {
            Path artifact = firstArtifact(o.model());
            List<String> ids = Files.readAllLines(artifact.resolve("ids/users.txt"), StandardCharsets.UTF_8);
            int items = (int) Files.lines(artifact.resolve("ids/items.txt")).count();
            measure(o, o.url(), ids, items, o.pid(), random);
            return;
        }
        Path tmp = Files.createTempDirectory("attnrec-serve-bench");
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .database("sqlite:" + tmp.resolve("events.db"))
                // thousands of requests a second: an access line each would measure the console
                .accessLog(false)
                .build();
        RetrievalConfig base = RetrievalConfig.defaults().withAnnThreshold(o.annThreshold());
        RetrievalConfig retrieval = o.batching() ? base : base.withBatching(0, 1);
        ModelRegistry registry = o.model() != null
                ? ModelRegistry.open(o.model(), retrieval)
                : ModelRegistry.of(List.of(synthetic(o.items(), o.dim(), o.users(), random)), retrieval);
        try (registry;
                AttnrecServer server = new AttnrecServer(config, registry).start()) {
            List<String> ids;
            int items;
            try (ModelRegistry.Lease lease = registry.lease()) {
                ServedModel served = lease.model().served();
                ids = served.users().externalIds();
                items = served.numItems();
            }
            measure(
                    o,
                    "http://127.0.0.1:" + server.port(),
                    ids,
                    items,
                    ProcessHandle.current().pid(),
                    random);
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void measure(Options o, String base, List<String> ids, int items, long pid, SplittableRandom random)
            throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        String query = "/recommendations?k=" + o.k() + (o.explain() ? "&explain=true" : "");
        String users = base + "/v1/users/";
        System.err.println("load: " + items + " items, " + ids.size() + " users, " + base);
        for (int concurrency : o.concurrency()) {
            run(client, users, query, ids, concurrency, o.warmup(), random.split(), null, 0);
            double loadBefore = loadAverage();
            Run r = run(
                    client, users, query, ids, concurrency, o.requests(), random.split(), o.swap(), o.swapEveryMs());
            double loadAfter = loadAverage();
            long[] lat = r.latencies();
            Arrays.sort(lat);
            int n = lat.length;
            System.out.println(String.format(
                    Locale.ROOT,
                    "{\"items\": %d, \"users\": %d, \"concurrency\": %d, \"requests\": %d, \"k\": %d, \"explain\": %b,"
                            + " \"p50_ms\": %.3f, \"p90_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, \"rps\": %.0f,"
                            + " \"errors\": %d, \"swaps\": %d, \"swap_errors\": %d, \"swap_ms_mean\": %.1f,"
                            + " \"load1_before\": %.2f, \"load1_after\": %.2f, \"server_rss_mib\": %.0f,"
                            + " \"server_rss_peak_mib\": %.0f, \"cores\": %d}",
                    items,
                    ids.size(),
                    concurrency,
                    n,
                    o.k(),
                    o.explain(),
                    lat[n / 2] / 1e6,
                    lat[(int) Math.ceil(n * 0.9) - 1] / 1e6,
                    lat[(int) Math.ceil(n * 0.99) - 1] / 1e6,
                    lat[n - 1] / 1e6,
                    n / r.seconds(),
                    r.errors(),
                    r.swaps(),
                    r.swapErrors(),
                    r.swapMsMean(),
                    loadBefore,
                    loadAfter,
                    memoryMib(pid, "VmRSS:"),
                    memoryMib(pid, "VmHWM:"),
                    Runtime.getRuntime().availableProcessors()));
        }
    }

    /**
     * Sends {@code requests} GETs from {@code concurrency} threads while, if {@code swap} names
     * models, another thread activates them in turn every {@code swapEveryMs}.
     */
    private static Run run(
            HttpClient client,
            String base,
            String query,
            List<String> ids,
            int concurrency,
            int requests,
            SplittableRandom random,
            List<String> swap,
            int swapEveryMs)
            throws Exception {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        int[] swaps = new int[2];
        long[] swapNanos = new long[1];
        Thread swapper = null;
        if (swap != null && !swap.isEmpty()) {
            String root = base.substring(0, base.indexOf("/v1/"));
            swapper = new Thread(
                    () -> {
                        for (int s = 1; !done.get(); s++) {
                            try {
                                Thread.sleep(swapEveryMs);
                            } catch (InterruptedException e) {
                                return;
                            }
                            String name = swap.get(s % swap.size());
                            HttpRequest req = HttpRequest.newBuilder(
                                            URI.create(root + "/v1/models/" + name + "/activate"))
                                    .timeout(Duration.ofSeconds(60))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build();
                            long a = System.nanoTime();
                            try {
                                HttpResponse<String> resp = client.send(req, HttpResponse.BodyHandlers.ofString());
                                if (resp.statusCode() == 200) {
                                    swaps[0]++;
                                    swapNanos[0] += System.nanoTime() - a;
                                } else {
                                    swaps[1]++;
                                    System.err.println(
                                            "activation of " + name + ": " + resp.statusCode() + " " + resp.body());
                                }
                            } catch (IOException e) {
                                swaps[1]++;
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "bench-swapper");
        }
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long t0 = System.nanoTime();
        if (swapper != null) {
            swapper.start();
        }
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                SplittableRandom r = random.split();
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        String user = ids.get(r.nextInt(ids.size()));
                        HttpRequest req = HttpRequest.newBuilder(URI.create(base + user + query))
                                .timeout(Duration.ofSeconds(30))
                                .build();
                        long a = System.nanoTime();
                        try {
                            HttpResponse<byte[]> resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                            if (resp.statusCode() != 200) {
                                if (errors.incrementAndGet() <= 5) {
                                    System.err.println(
                                            resp.statusCode() + " " + new String(resp.body(), StandardCharsets.UTF_8));
                                }
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                        }
                        latencies[i] = System.nanoTime() - a;
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        done.set(true);
        if (swapper != null) {
            swapper.interrupt();
            swapper.join();
        }
        return new Run(
                latencies,
                errors.get(),
                seconds,
                swaps[0],
                swaps[1],
                swaps[0] == 0 ? 0 : swapNanos[0] / 1e6 / swaps[0]);
    }

    /** {@code dir} itself when it is an artifact, else its first sub-folder (by name) that is one. */
    private static Path firstArtifact(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve("manifest.json"))) {
            return dir;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("manifest.json")))
                    .sorted()
                    .findFirst()
                    .orElseThrow(() -> new IOException("no model artifact in " + dir));
        }
    }

    /** The 1-minute load average, or NaN where {@code /proc/loadavg} is missing. */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** A {@code /proc/PID/status} memory line ({@code VmRSS:}, {@code VmHWM:}) in MiB, or NaN. */
    static double memoryMib(long pid, String field) {
        if (pid < 0) {
            return Double.NaN;
        }
        try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/status"))) {
            return lines.filter(l -> l.startsWith(field))
                    .findFirst()
                    .map(l -> Double.parseDouble(
                                    l.substring(field.length()).trim().split("\\s+")[0])
                            / 1024)
                    .orElse(Double.NaN);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
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
