package io.attnrec.core.baselines.ease;

import io.attnrec.core.concurrent.Parallel;
import java.lang.management.ManagementFactory;

/**
 * Times {@link SpdInverse} on EASE-like matrices; not a unit test. Run after {@code mvn
 * test-compile} from {@code attnrec-core}:
 *
 * <pre>
 * java -Xmx8g -cp target/classes:target/test-classes \
 *     io.attnrec.core.baselines.ease.SpdInverseBench 2 2000 5000 10000
 * </pre>
 *
 * (first argument: threads). Prints wall and process CPU seconds; CPU seconds are the fairer
 * figure on a machine shared with other jobs.
 */
final class SpdInverseBench {

    private SpdInverseBench() {}

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Parallel par = new Parallel(threads)) {
            // Warm the JIT on a small case first.
            SpdInverse.invert(SpdInverseTest.gramPlusRidge(600, 100, 1), par);
            for (int k = 1; k < args.length; k++) {
                int n = Integer.parseInt(args[k]);
                double[][] a = SpdInverseTest.gramPlusRidge(n, 100, n);
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                SpdInverse.invert(a, par);
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                System.out.printf(
                        "n=%d threads=%d wall=%.2fs cpu=%.2fs %.1f GFLOP/s per CPU-second (n^3 flops)%n",
                        n, threads, wall, cpu, Math.pow(n, 3) / cpu / 1e9);
            }
        }
    }
}
