package io.attnrec.serve.bench;

import io.attnrec.core.linalg.FactorKernel;
import io.attnrec.core.linalg.PackedItems;
import io.attnrec.core.model.FactorScorer;
import io.attnrec.core.model.Recommender;
import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.model.ServedModel;
import io.attnrec.serve.retrieval.RetrievalConfig;
import io.attnrec.serve.retrieval.TopK;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The stages of one exact-scoring request in this JVM, one thread, no HTTP (issue 20): the
 * model's plain-Java encoder ({@link FactorScorer#requestFactors}), the item scan ({@link
 * FactorKernel}) at several batch sizes, and top-k over the score row. Mean microseconds of CPU time per
 * request of each, over random users of the artifact.
 *
 * <pre>
 * java -cp ... io.attnrec.serve.bench.ServePath MODEL_DIR [REQUESTS=2000] [SEED=42] [BATCHES=1,2,4,8,16,32]
 * </pre>
 */
public final class ServePath {

    private ServePath() {}

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** This thread's CPU time (the machine is shared: wall time would count other processes). */
    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        int[] batches = args.length > 3
                ? java.util.Arrays.stream(args[3].split(","))
                        .mapToInt(Integer::parseInt)
                        .toArray()
                : new int[] {1, 2, 4, 8, 16, 32};
        try (ModelRegistry registry =
                ModelRegistry.open(dir, RetrievalConfig.defaults().withBatching(0, 1))) {
            registry.activate(registry.defaultName());
            ModelRegistry.Lease lease = registry.lease();
            ServedModel served = lease.model().served();
            Recommender model = served.model();
            FactorScorer fs = (FactorScorer) model;
            PackedItems packed = FactorKernel.best().pack(fs.factorTable());
            PackedItems byNorm = FactorKernel.best().packByNorm(fs.factorTable());
            int n = served.numItems();
            int users = served.users().size();
            SplittableRandom random = new SplittableRandom(seed);
            int[] pick = new int[requests];
            for (int i = 0; i < requests; i++) {
                pick[i] = random.nextInt(users);
            }
            int[][] hist = served.histories();
            System.out.printf(
                    Locale.ROOT,
                    "kernel %s, %d items, %d users, load %s%n",
                    FactorKernel.best().name(),
                    n,
                    users,
                    java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim());
            for (int rep = 0; rep < 3; rep++) {
                // encoder
                long t0 = cpu();
                float[][][] rows = new float[requests][][];
                for (int i = 0; i < requests; i++) {
                    rows[i] = fs.requestFactors(pick[i], hist[pick[i]]);
                }
                double enc = (cpu() - t0) / 1e3 / requests;
                StringBuilder sb = new StringBuilder();
                sb.append(String.format(Locale.ROOT, "rep %d: encoder %.1f us", rep, enc));
                float[][] out = new float[Math.max(32, batches[batches.length - 1])][n + 1];
                for (int b : batches) {
                    float[][][] chunk = new float[b][][];
                    long t1 = cpu();
                    int done = 0;
                    for (int i = 0; i + b <= requests; i += b) {
                        System.arraycopy(rows, i, chunk, 0, b);
                        FactorKernel.best().score(chunk, b, packed, out);
                        done += b;
                    }
                    sb.append(String.format(Locale.ROOT, ", scan b=%d %.1f us", b, (cpu() - t1) / 1e3 / done));
                }
                BitSet[] exAll = new BitSet[requests];
                for (int i = 0; i < requests; i++) {
                    exAll[i] = new BitSet();
                    for (int it : hist[pick[i]]) {
                        exAll[i].set(it);
                    }
                }
                for (PackedItems table : new PackedItems[] {packed, byNorm}) {
                    for (int b : batches) {
                        float[][] chunk = new float[b][];
                        BitSet[] ex = new BitSet[b];
                        int[] want = new int[b];
                        java.util.Arrays.fill(want, 10);
                        long t1 = cpu();
                        int done = 0;
                        for (int i = 0; i + b <= requests; i += b) {
                            for (int j = 0; j < b; j++) {
                                chunk[j] = rows[i + j][0];
                                ex[j] = exAll[i + j];
                            }
                            FactorKernel.best().top(chunk, b, table, want, ex);
                            done += b;
                        }
                        sb.append(String.format(
                                Locale.ROOT,
                                ", top%s b=%d %.1f us",
                                table == byNorm ? " by norm" : "",
                                b,
                                (cpu() - t1) / 1e3 / done));
                    }
                }
                long t2 = cpu();
                long sink = 0;
                for (int i = 0; i < requests; i++) {
                    BitSet ex = new BitSet();
                    for (int it : hist[pick[i]]) {
                        ex.set(it);
                    }
                    FactorKernel.best().score(new float[][][] {rows[i]}, 1, packed, out);
                    out[0][0] = Float.NaN;
                    sink += TopK.select(out[0], 10, ex).items()[0];
                }
                double scanTop = (cpu() - t2) / 1e3 / requests;
                sb.append(String.format(Locale.ROOT, ", scan b=1 + top-k %.1f us (%d)", scanTop, sink % 7));
                System.out.println(sb);
            }
        }
    }
}
