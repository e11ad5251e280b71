package io.attnrec.core.linalg;

import io.attnrec.core.model.TopK;
import java.util.BitSet;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The JDK vector API kernel: a register-blocked micro-kernel of 4 rows x 4 vectors (64 items with
 * 512-bit vectors, 16 accumulators in registers); per dimension it loads 4 item vectors and 4
 * broadcast row values for 16 fused multiply-adds, so it is bound by the FMA units rather than by
 * loads. Panels are the outer loop: a panel (16 KiB) is read from L1 by every row of the batch.
 * Loaded only when the JVM has {@code jdk.incubator.vector} ({@link FactorKernel#vector()}).
 */
final class VectorFactorKernel extends FactorKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int WIDTH = 4 * L;

    @Override
    public int panelWidth() {
        return WIDTH;
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    void scoreRows(float[][] flat, int[] user, boolean[] first, PackedItems items, float[][] out) {
        int rows = items.numItems + 1;
        float[] acc = new float[4 * WIDTH];
        for (int p = 0; p < items.panels; p++) {
            int from = p * WIDTH;
            int n = Math.min(WIDTH, rows - from);
            int r = 0;
            for (; r + 4 <= flat.length; r += 4) {
                four(flat, r, items, p, acc);
                for (int j = 0; j < 4; j++) {
                    write(acc, j * WIDTH, out[user[r + j]], from, n, first[r + j]);
                }
            }
            for (; r < flat.length; r++) {
                one(flat[r], items, p, acc);
                write(acc, 0, out[user[r]], from, n, first[r]);
            }
        }
    }

    @Override
    void topRows(float[][] rows, int count, PackedItems items, TopK.Heap[] heaps, BitSet[] excluded) {
        // Rows in blocks of 4, the last block padded with copies of the last row into throw-away
        // heaps: the 4-row micro-kernel costs about what one row costs (one row is bound by
        // reading the panel, four by the multiply-adds), so 1-3 leftover rows cost no more than a
        // full block, where one row at a time cost up to 3 passes (measured with ServePath).
        int padded = (count + 3) & ~3;
        float[][] r4 = java.util.Arrays.copyOf(rows, padded);
        TopK.Heap[] h4 = java.util.Arrays.copyOf(heaps, padded);
        BitSet[] e4 = java.util.Arrays.copyOf(excluded, padded);
        for (int r = count; r < padded; r++) {
            r4[r] = rows[count - 1];
            h4[r] = new TopK.Heap(1);
        }
        Top top = new Top(h4, e4, items);
        // Norm bounds (tables sorted by norm): row r is done from the first panel whose bound is
        // below its k-th best score, since later panels have smaller norms and its k-th best
        // only grows. Padding rows are done from the start.
        boolean prune = items.panelNorm != null;
        double[] rowNorm = new double[padded];
        boolean[] done = new boolean[padded];
        for (int r = 0; r < padded; r++) {
            rowNorm[r] = PackedItems.norm(r4[r]) * (1 + 1e-12);
            done[r] = r >= count;
        }
        double slack = 1 + boundSlack(items.dim);
        int active = count;
        for (int p = 0; p < items.panels && active > 0; p++) {
            if (prune) {
                for (int r = 0; r < count; r++) {
                    float t = top.threshold[r];
                    if (!done[r] && (items.maxAbsBias + rowNorm[r] * items.panelNorm[p]) * slack < t) {
                        done[r] = true;
                        active--;
                    }
                }
            }
            for (int r = 0; r < padded; r += 4) {
                if (done[r] && done[r + 1] && done[r + 2] && done[r + 3]) {
                    continue;
                }
                four(r4, r, items, p, top.panel);
                top.check(r, p);
            }
        }
    }

    /**
     * Where {@link #topRows} sends a panel's scores: the micro-kernels store a block's 4 x 64
     * scores in {@link #panel} (1 KiB, L1; 16 stores against 1,024 multiply-adds) and {@link
     * #check} tests them, so that the micro-kernels stay as small as the scoring ones (with the
     * tests inside them the JIT compiled some vector operations to their slow Java fallbacks in
     * the server) and have no branch at all. A row's panel reaches its heap
     * unless every score is below the row's {@code threshold} — the heap's worst score once it is
     * full (an equal score may still enter with a lower id: items of a table sorted by norm come
     * in any id order), NaN while it has room (nothing is below NaN). A NaN score also sends the
     * panel to the heap, which skips it. After the first panels, panels rarely reach the heap.
     */
    private static final class Top {
        final TopK.Heap[] heaps;
        final BitSet[] excluded;
        final int numItems;
        final int[] ids;
        /** Per row: its heap's worst score once full, NaN before (no score is below NaN). */
        final float[] threshold;
        /** The scores of the block's 4 rows against the panel, row after row. */
        final float[] panel = new float[4 * WIDTH];

        Top(TopK.Heap[] heaps, BitSet[] excluded, PackedItems items) {
            this.heaps = heaps;
            this.excluded = excluded;
            this.numItems = items.numItems;
            this.ids = items.ids;
            this.threshold = new float[heaps.length];
            java.util.Arrays.fill(threshold, Float.NaN);
        }

        /** Rows r..r+3 of panel p ({@link #panel}): each to its heap unless all are below its threshold. */
        void check(int r, int p) {
            for (int j = 0; j < 4; j++) {
                float w = threshold[r + j];
                int o = j * WIDTH;
                if (!FloatVector.fromArray(S, panel, o)
                        .compare(VectorOperators.LT, w)
                        .and(FloatVector.fromArray(S, panel, o + L).compare(VectorOperators.LT, w))
                        .and(FloatVector.fromArray(S, panel, o + 2 * L).compare(VectorOperators.LT, w))
                        .and(FloatVector.fromArray(S, panel, o + 3 * L).compare(VectorOperators.LT, w))
                        .allTrue()) {
                    offer(r + j, p, o);
                }
            }
        }

        private void offer(int r, int p, int o) {
            TopK.Heap heap = heaps[r];
            int n = ids != null ? WIDTH : Math.min(WIDTH, numItems + 1 - p * WIDTH);
            FactorKernel.offer(panel, o, p, WIDTH, n, ids, heap, excluded[r]);
            if (heap.full()) {
                threshold[r] = heap.worstScore();
            }
        }
    }

    /**
     * Rows r..r+3 against panel p into {@code acc} (4 x {@link #WIDTH} scores, row after row). The
     * callers read {@code acc} (store, max-combine or a top-k test) in separate array-only loops:
     * a helper that takes the accumulators as {@code FloatVector} arguments is compiled on its own
     * when it is not inlined and then receives them boxed, which ran the multi-interest pass
     * (several rows per user, so both store and max paths are hot) at a fifth of the single-row
     * speed (issue 20, session 10).
     */
    private static void four(float[][] rows, int r, PackedItems items, int p, float[] acc) {
        if (items.fused) {
            fourFused(rows, r, items, p, acc);
        } else {
            fourPlain(rows, r, items, p, acc);
        }
    }

    private static FloatVector start(PackedItems items, int p, int j) {
        if (items.bias == null) {
            return FloatVector.zero(S);
        }
        return FloatVector.fromArray(S, items.bias, p * WIDTH + j * L);
    }

    /** Rows r..r+3 against panel p, FMA chain (separate methods: the JIT compiles each loop on its own). */
    private static void fourFused(float[][] rows, int r, PackedItems items, int p, float[] acc) {
        float[] a0 = rows[r];
        float[] a1 = rows[r + 1];
        float[] a2 = rows[r + 2];
        float[] a3 = rows[r + 3];
        float[] v = items.values;
        int dim = items.dim;
        int base = p * dim * WIDTH;
        FloatVector b0 = start(items, p, 0);
        FloatVector b1 = start(items, p, 1);
        FloatVector b2 = start(items, p, 2);
        FloatVector b3 = start(items, p, 3);
        FloatVector c00 = b0, c01 = b1, c02 = b2, c03 = b3;
        FloatVector c10 = b0, c11 = b1, c12 = b2, c13 = b3;
        FloatVector c20 = b0, c21 = b1, c22 = b2, c23 = b3;
        FloatVector c30 = b0, c31 = b1, c32 = b2, c33 = b3;
        for (int d = 0; d < dim; d++) {
            int o = base + d * WIDTH;
            FloatVector q0 = FloatVector.fromArray(S, v, o);
            FloatVector q1 = FloatVector.fromArray(S, v, o + L);
            FloatVector q2 = FloatVector.fromArray(S, v, o + 2 * L);
            FloatVector q3 = FloatVector.fromArray(S, v, o + 3 * L);
            FloatVector u = FloatVector.broadcast(S, a0[d]);
            c00 = q0.fma(u, c00);
            c01 = q1.fma(u, c01);
            c02 = q2.fma(u, c02);
            c03 = q3.fma(u, c03);
            u = FloatVector.broadcast(S, a1[d]);
            c10 = q0.fma(u, c10);
            c11 = q1.fma(u, c11);
            c12 = q2.fma(u, c12);
            c13 = q3.fma(u, c13);
            u = FloatVector.broadcast(S, a2[d]);
            c20 = q0.fma(u, c20);
            c21 = q1.fma(u, c21);
            c22 = q2.fma(u, c22);
            c23 = q3.fma(u, c23);
            u = FloatVector.broadcast(S, a3[d]);
            c30 = q0.fma(u, c30);
            c31 = q1.fma(u, c31);
            c32 = q2.fma(u, c32);
            c33 = q3.fma(u, c33);
        }
        c00.intoArray(acc, 0);
        c01.intoArray(acc, L);
        c02.intoArray(acc, 2 * L);
        c03.intoArray(acc, 3 * L);
        c10.intoArray(acc, WIDTH);
        c11.intoArray(acc, WIDTH + L);
        c12.intoArray(acc, WIDTH + 2 * L);
        c13.intoArray(acc, WIDTH + 3 * L);
        c20.intoArray(acc, 2 * WIDTH);
        c21.intoArray(acc, 2 * WIDTH + L);
        c22.intoArray(acc, 2 * WIDTH + 2 * L);
        c23.intoArray(acc, 2 * WIDTH + 3 * L);
        c30.intoArray(acc, 3 * WIDTH);
        c31.intoArray(acc, 3 * WIDTH + L);
        c32.intoArray(acc, 3 * WIDTH + 2 * L);
        c33.intoArray(acc, 3 * WIDTH + 3 * L);
    }

    /** Rows r..r+3 against panel p, rounded products and sums from the bias. */
    private static void fourPlain(float[][] rows, int r, PackedItems items, int p, float[] acc) {
        float[] a0 = rows[r];
        float[] a1 = rows[r + 1];
        float[] a2 = rows[r + 2];
        float[] a3 = rows[r + 3];
        float[] v = items.values;
        int dim = items.dim;
        int base = p * dim * WIDTH;
        FloatVector b0 = start(items, p, 0);
        FloatVector b1 = start(items, p, 1);
        FloatVector b2 = start(items, p, 2);
        FloatVector b3 = start(items, p, 3);
        FloatVector c00 = b0, c01 = b1, c02 = b2, c03 = b3;
        FloatVector c10 = b0, c11 = b1, c12 = b2, c13 = b3;
        FloatVector c20 = b0, c21 = b1, c22 = b2, c23 = b3;
        FloatVector c30 = b0, c31 = b1, c32 = b2, c33 = b3;
        for (int d = 0; d < dim; d++) {
            int o = base + d * WIDTH;
            FloatVector q0 = FloatVector.fromArray(S, v, o);
            FloatVector q1 = FloatVector.fromArray(S, v, o + L);
            FloatVector q2 = FloatVector.fromArray(S, v, o + 2 * L);
            FloatVector q3 = FloatVector.fromArray(S, v, o + 3 * L);
            FloatVector u = FloatVector.broadcast(S, a0[d]);
            c00 = q0.mul(u).add(c00);
            c01 = q1.mul(u).add(c01);
            c02 = q2.mul(u).add(c02);
            c03 = q3.mul(u).add(c03);
            u = FloatVector.broadcast(S, a1[d]);
            c10 = q0.mul(u).add(c10);
            c11 = q1.mul(u).add(c11);
            c12 = q2.mul(u).add(c12);
            c13 = q3.mul(u).add(c13);
            u = FloatVector.broadcast(S, a2[d]);
            c20 = q0.mul(u).add(c20);
            c21 = q1.mul(u).add(c21);
            c22 = q2.mul(u).add(c22);
            c23 = q3.mul(u).add(c23);
            u = FloatVector.broadcast(S, a3[d]);
            c30 = q0.mul(u).add(c30);
            c31 = q1.mul(u).add(c31);
            c32 = q2.mul(u).add(c32);
            c33 = q3.mul(u).add(c33);
        }
        c00.intoArray(acc, 0);
        c01.intoArray(acc, L);
        c02.intoArray(acc, 2 * L);
        c03.intoArray(acc, 3 * L);
        c10.intoArray(acc, WIDTH);
        c11.intoArray(acc, WIDTH + L);
        c12.intoArray(acc, WIDTH + 2 * L);
        c13.intoArray(acc, WIDTH + 3 * L);
        c20.intoArray(acc, 2 * WIDTH);
        c21.intoArray(acc, 2 * WIDTH + L);
        c22.intoArray(acc, 2 * WIDTH + 2 * L);
        c23.intoArray(acc, 2 * WIDTH + 3 * L);
        c30.intoArray(acc, 3 * WIDTH);
        c31.intoArray(acc, 3 * WIDTH + L);
        c32.intoArray(acc, 3 * WIDTH + 2 * L);
        c33.intoArray(acc, 3 * WIDTH + 3 * L);
    }

    /** One row against panel p into {@code acc[0..WIDTH)}. */
    private static void one(float[] a, PackedItems items, int p, float[] acc) {
        float[] v = items.values;
        int dim = items.dim;
        int base = p * dim * WIDTH;
        FloatVector c0 = start(items, p, 0);
        FloatVector c1 = start(items, p, 1);
        FloatVector c2 = start(items, p, 2);
        FloatVector c3 = start(items, p, 3);
        for (int d = 0; d < dim; d++) {
            int o = base + d * WIDTH;
            FloatVector u = FloatVector.broadcast(S, a[d]);
            FloatVector q0 = FloatVector.fromArray(S, v, o);
            FloatVector q1 = FloatVector.fromArray(S, v, o + L);
            FloatVector q2 = FloatVector.fromArray(S, v, o + 2 * L);
            FloatVector q3 = FloatVector.fromArray(S, v, o + 3 * L);
            if (items.fused) {
                c0 = q0.fma(u, c0);
                c1 = q1.fma(u, c1);
                c2 = q2.fma(u, c2);
                c3 = q3.fma(u, c3);
            } else {
                c0 = c0.add(q0.mul(u));
                c1 = c1.add(q1.mul(u));
                c2 = c2.add(q2.mul(u));
                c3 = c3.add(q3.mul(u));
            }
        }
        c0.intoArray(acc, 0);
        c1.intoArray(acc, L);
        c2.intoArray(acc, 2 * L);
        c3.intoArray(acc, 3 * L);
    }

    /**
     * Writes the {@code n} scores of one row's panel ({@code acc} from {@code offset}) into {@code
     * out} from {@code from}: stored for a user's first row, max-combined otherwise (a full panel
     * with vectors; the last panel, which runs past the array, element by element).
     */
    private static void write(float[] acc, int offset, float[] out, int from, int n, boolean store) {
        if (store || n < WIDTH) {
            put(acc, offset, out, from, n, store);
            return;
        }
        for (int w = 0; w < WIDTH; w += L) {
            FloatVector.fromArray(S, acc, offset + w)
                    .max(FloatVector.fromArray(S, out, from + w))
                    .intoArray(out, from + w);
        }
    }
}
