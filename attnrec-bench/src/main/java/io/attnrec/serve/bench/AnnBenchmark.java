package io.attnrec.serve.bench;

import io.attnrec.serve.retrieval.HnswConfig;
import io.attnrec.serve.retrieval.HnswIndex;
import io.attnrec.serve.retrieval.Ranked;
import io.attnrec.serve.retrieval.TopK;
import io.attnrec.serve.retrieval.VectorMath;
import io.attnrec.serve.testmodels.SyntheticVectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Recall and latency of the HNSW index against exact search on a synthetic catalogue.
 *
 * <pre>
 * java -cp attnrec-serve.jar:... io.attnrec.serve.bench.AnnBenchmark \
 *     [--items 1000000] [--dim 64] [--clusters 200] [--queries 1000] [--k 50] [--m 16]
 *     [--beam 100] [--factor 5 | --candidates 250,400,800] [--threads N] [--quantized]
 *     [--seed 42] [--dir PATH]
 * </pre>
 *
 * Builds one index, then prints one JSON line per candidate count (HNSW's efSearch): build
 * seconds, mean recall@k of HNSW against exact maximum inner product, and p50/p99 latency of
 * both (one query at a time, after a warm-up). Not run by unit tests; see {@code HnswIndexTest}
 * for the small-size check.
 */
public final class AnnBenchmark {

    /** Result of one run. */
    public record Result(
            int items,
            int dim,
            int k,
            boolean quantized,
            int candidates,
            double buildSeconds,
            double recall,
            double annP50Ms,
            double annP99Ms,
            double exactP50Ms,
            double exactP99Ms) {

        public String toJson() {
            return String.format(
                    Locale.ROOT,
                    "{\"items\": %d, \"dim\": %d, \"k\": %d, \"quantized\": %b, \"candidates\": %d,"
                            + " \"build_seconds\": %.1f,"
                            + " \"recall\": %.4f, \"ann_p50_ms\": %.3f, \"ann_p99_ms\": %.3f,"
                            + " \"exact_p50_ms\": %.3f, \"exact_p99_ms\": %.3f}",
                    items,
                    dim,
                    k,
                    quantized,
                    candidates,
                    buildSeconds,
                    recall,
                    annP50Ms,
                    annP99Ms,
                    exactP50Ms,
                    exactP99Ms);
        }
    }

    private AnnBenchmark() {}

    public static void main(String[] args) throws IOException {
        int items = 1_000_000;
        int dim = 64;
        int clusters = 200;
        int queries = 1000;
        int k = 50;
        long seed = 42;
        Path dir = null;
        int[] candidates = null;
        HnswConfig config = HnswConfig.defaults();
        for (int a = 0; a < args.length; a++) {
            String flag = args[a];
            switch (flag) {
                case "--items" -> items = Integer.parseInt(args[++a]);
                case "--dim" -> dim = Integer.parseInt(args[++a]);
                case "--clusters" -> clusters = Integer.parseInt(args[++a]);
                case "--queries" -> queries = Integer.parseInt(args[++a]);
                case "--k" -> k = Integer.parseInt(args[++a]);
                case "--seed" -> seed = Long.parseLong(args[++a]);
                case "--dir" -> dir = Path.of(args[++a]);
                case "--quantized" -> config = config.withQuantized(true);
                case "--candidates" ->
                    candidates = java.util.Arrays.stream(args[++a].split(","))
                            .mapToInt(Integer::parseInt)
                            .toArray();
                case "--threads" -> config = config.withBuildThreads(Integer.parseInt(args[++a]));
                case "--m" ->
                    config = new HnswConfig(
                            Integer.parseInt(args[++a]),
                            config.beamWidth(),
                            config.candidateFactor(),
                            config.minCandidates(),
                            config.quantized(),
                            config.buildThreads());
                case "--beam" ->
                    config = new HnswConfig(
                            config.maxConn(),
                            Integer.parseInt(args[++a]),
                            config.candidateFactor(),
                            config.minCandidates(),
                            config.quantized(),
                            config.buildThreads());
                case "--factor" ->
                    config = new HnswConfig(
                            config.maxConn(),
                            config.beamWidth(),
                            Integer.parseInt(args[++a]),
                            config.minCandidates(),
                            config.quantized(),
                            config.buildThreads());
                default -> {
                    System.err.println("unknown option " + flag + "; see the class javadoc for the options");
                    System.exit(2);
                }
            }
        }
        if (candidates == null) {
            candidates = new int[] {config.candidates(k)};
        }
        for (Result r : run(items, dim, clusters, queries, k, config, candidates, seed, dir, true)) {
            System.out.println(r.toJson());
        }
    }

    /**
     * Builds the index over a fresh synthetic catalogue and measures it once per candidate count.
     *
     * @param dir index folder (created, deleted afterwards), or {@code null} for an in-heap index
     * @param progress print phases to stderr
     */
    public static List<Result> run(
            int items,
            int dim,
            int clusters,
            int queries,
            int k,
            HnswConfig config,
            int[] candidateCounts,
            long seed,
            Path dir,
            boolean progress)
            throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        SyntheticVectors synth = new SyntheticVectors(dim, clusters, random);
        float[][] vectors = synth.items(items);
        float[][] qs = new float[queries][];
        for (int q = 0; q < queries; q++) {
            qs[q] = synth.query();
        }
        log(progress, "building HNSW over " + items + " items, dim " + dim + ", " + config);
        Path indexDir = dir == null ? null : Files.createDirectories(dir).resolve("hnsw-" + seed);
        long t0 = System.nanoTime();
        try (HnswIndex index = HnswIndex.build(items, dim, i -> vectors[i], config, indexDir)) {
            double buildSeconds = (System.nanoTime() - t0) / 1e9;
            log(progress, String.format(Locale.ROOT, "built in %.1f s; measuring %d queries", buildSeconds, queries));
            // The exact answers do not depend on the candidate count: compute and time them once.
            Ranked[] truth = new Ranked[queries];
            long[] exactNs = new long[queries];
            for (int q = 0; q < Math.min(queries, 50); q++) {
                exact(vectors, qs[q], k); // warm-up
            }
            for (int q = 0; q < queries; q++) {
                long b = System.nanoTime();
                truth[q] = exact(vectors, qs[q], k);
                exactNs[q] = System.nanoTime() - b;
            }
            List<Result> out = new ArrayList<>();
            for (int candidates : candidateCounts) {
                float[][] one = new float[1][];
                for (int q = 0; q < Math.min(queries, 100); q++) {
                    one[0] = qs[q];
                    index.search(one, k, null, candidates); // warm-up
                }
                long[] annNs = new long[queries];
                double recallSum = 0;
                for (int q = 0; q < queries; q++) {
                    one[0] = qs[q];
                    long a = System.nanoTime();
                    Ranked approx = index.search(one, k, null, candidates);
                    annNs[q] = System.nanoTime() - a;
                    recallSum += Ranked.recall(approx, truth[q]);
                }
                Result r = new Result(
                        items,
                        dim,
                        k,
                        config.quantized(),
                        candidates,
                        buildSeconds,
                        recallSum / queries,
                        percentileMs(annNs, 0.50),
                        percentileMs(annNs, 0.99),
                        percentileMs(exactNs, 0.50),
                        percentileMs(exactNs, 0.99));
                log(progress, r.toJson());
                out.add(r);
            }
            return out;
        } finally {
            if (indexDir != null) {
                deleteTree(indexDir);
            }
        }
    }

    /** Exact top-k by inner product (the reference), with the same parallel selection as serving. */
    static Ranked exact(float[][] vectors, float[] query, int k) {
        float[] scores = new float[vectors.length];
        scores[0] = Float.NaN;
        IntStream.range(1, vectors.length).parallel().forEach(i -> scores[i] = VectorMath.dot(query, vectors[i]));
        return TopK.select(scores, k, null);
    }

    static double percentileMs(long[] ns, double p) {
        long[] s = ns.clone();
        Arrays.sort(s);
        int idx = (int) Math.ceil(p * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, idx))] / 1e6;
    }

    private static void log(boolean progress, String message) {
        if (progress) {
            System.err.println(message);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
