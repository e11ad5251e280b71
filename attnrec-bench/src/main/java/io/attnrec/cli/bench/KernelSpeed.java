package io.attnrec.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import io.attnrec.core.linalg.FactorKernel;
import io.attnrec.core.linalg.PackedItems;
import io.attnrec.core.model.FactorTable;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The scoring product alone, (B x d) x (d x N), three ways: PyTorch through DJL (what the models'
 * scoreBatch does, plus the copy of the scores into Java rows), the plain-Java kernel and the
 * vector API kernel; GFLOP/s of each (2 B N d flops per product), and whether each result equals
 * the fused-multiply-add chain bit for bit.
 *
 * <p>Arguments: [ITEMS=54542] [DIM=64] [BATCH=256] [REPEATS=10] [SEED=42]
 */
public final class KernelSpeed {

    private KernelSpeed() {}

    public static void main(String[] args) {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 54542;
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 42L;
        // "plain": BPR's arithmetic (bias, rounded products and sums) instead of the FMA chain
        boolean fused = args.length <= 5 || !args[5].equals("plain");
        SplittableRandom random = new SplittableRandom(seed);
        float[][] table = new float[items + 1][dim];
        float[] flatTable = new float[(items + 1) * dim];
        for (int i = 0; i <= items; i++) {
            for (int d = 0; d < dim; d++) {
                table[i][d] = (float) random.nextGaussian() * 0.1f;
                flatTable[i * dim + d] = table[i][d];
            }
        }
        float[][][] users = new float[batch][1][dim];
        float[] flatUsers = new float[batch * dim];
        for (int b = 0; b < batch; b++) {
            for (int d = 0; d < dim; d++) {
                users[b][0][d] = (float) random.nextGaussian();
                flatUsers[b * dim + d] = users[b][0][d];
            }
        }
        float[] bias = fused ? null : new float[items + 1];
        if (bias != null) {
            for (int i = 0; i <= items; i++) {
                bias[i] = (float) random.nextGaussian() * 0.01f;
            }
        }
        FactorTable ft = new FactorTable(table, bias, fused);
        float[][] out = new float[batch][items + 1];
        double flops = 2.0 * batch * (items + 1) * dim;
        System.out.printf(
                Locale.ROOT,
                "items %d, dim %d, batch %d, %d repeats, load %s%n",
                items,
                dim,
                batch,
                repeats,
                Machine.load());
        PackedItems reference = FactorKernel.scalar().pack(ft);
        // PyTorch
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = m.create(flatTable, new Shape(items + 1, dim));
            NDArray u = m.create(flatUsers, new Shape(batch, dim));
            double best = Double.MAX_VALUE;
            double bestCpu = Double.MAX_VALUE;
            for (int r = 0; r < repeats + 2; r++) {
                long t0 = System.nanoTime();
                long c0 = Machine.cpuNanos();
                try (NDManager sub = m.newSubManager()) {
                    NDArray s = Linear.linear(u, t).head();
                    s.attach(sub);
                    FloatBuffer buffer =
                            s.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
                    for (int b = 0; b < batch; b++) {
                        buffer.get(out[b], 0, items + 1);
                    }
                }
                if (r >= 2) {
                    best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                    bestCpu = Math.min(bestCpu, (Machine.cpuNanos() - c0) / 1e9);
                }
            }
            report("pytorch (djl linear + copy)", flops, best, bestCpu, batch, mismatches(out, users, reference));
        }
        for (FactorKernel k : new FactorKernel[] {FactorKernel.scalar(), FactorKernel.vector()}) {
            if (k == null) {
                System.out.println("vector kernel unavailable (run with --add-modules jdk.incubator.vector)");
                continue;
            }
            PackedItems packed = k.pack(ft);
            double best = Double.MAX_VALUE;
            double bestCpu = Double.MAX_VALUE;
            for (int r = 0; r < repeats + 2; r++) {
                long t0 = System.nanoTime();
                long c0 = Machine.cpuNanos();
                k.score(users, batch, packed, out);
                if (r >= 2) {
                    best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                    bestCpu = Math.min(bestCpu, (Machine.cpuNanos() - c0) / 1e9);
                }
            }
            report(k.name(), flops, best, bestCpu, batch, mismatches(out, users, reference));
        }
    }

    private static void report(
            String what, double flops, double seconds, double cpuSeconds, int batch, long mismatches) {
        System.out.printf(
                Locale.ROOT,
                "%-28s best %.2f ms/batch  %.1f GFLOP/s wall  %.1f GFLOP per CPU-s  %.0f users/s  %.0f users per CPU-s"
                        + "  scores differing from the FMA chain: %d%n",
                what,
                seconds * 1e3,
                flops / seconds / 1e9,
                flops / cpuSeconds / 1e9,
                batch / seconds,
                batch / cpuSeconds,
                mismatches);
    }

    private static long mismatches(float[][] out, float[][][] users, PackedItems reference) {
        long bad = 0;
        for (int b = 0; b < out.length; b++) {
            for (int i = 0; i <= reference.numItems(); i++) {
                if (Float.floatToIntBits(out[b][i]) != Float.floatToIntBits(reference.score(users[b][0], i))) {
                    bad++;
                }
            }
        }
        return bad;
    }
}
