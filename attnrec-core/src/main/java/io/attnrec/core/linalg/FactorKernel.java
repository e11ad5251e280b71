package io.attnrec.core.linalg;

import io.attnrec.core.model.FactorTable;
import io.attnrec.core.model.TopK;
import java.util.BitSet;

/**
 * Scores a batch of users against every item: {@code out[u][i] = bias_i + max over u's rows r of
 * <r, q_i>} for {@code i = 0..numItems}, as one blocked matrix product per batch. Every
 * implementation sums each score in the same order ({@link FactorTable#fused()}), so all of them
 * — and {@link PackedItems#score} — give the same bits; which one runs is a speed choice only.
 *
 * <p>{@link #best()} is the JDK vector API kernel ({@code jdk.incubator.vector}, 512-bit FMA on
 * this project's AVX-512 machines) when the JVM was started with {@code --add-modules
 * jdk.incubator.vector} (the {@code attnrec} launcher does), else the plain-Java kernel, whose
 * inner loop the JIT auto-vectorises less well. {@code -Dattnrec.kernel=scalar} forces the latter.
 */
public abstract class FactorKernel {

    private static final FactorKernel BEST = choose();

    /** Items per panel (a multiple of the SIMD width). */
    abstract int panelWidth();

    /** Short name for reports ("vector-512", "scalar"). */
    public abstract String name();

    /** The table in this kernel's layout. */
    public final PackedItems pack(FactorTable table) {
        return PackedItems.of(table, panelWidth());
    }

    /**
     * The table in this kernel's layout with items sorted by decreasing vector norm, readable by
     * {@link #top} only. Same results as {@link #pack}; faster when norms differ: a score is at
     * most {@code (|bias| + |u| |q|)} (Cauchy-Schwarz) plus its rounding, so once a user's k-th
     * best score exceeds that bound for a panel, that panel and every later one (smaller norms)
     * are skipped for that user (issue 20: on the SASRec/Beauty artifact only ~1% of the items
     * have a bound that reaches the 10th best score).
     */
    public final PackedItems packByNorm(FactorTable table) {
        return PackedItems.byNorm(table, panelWidth());
    }

    /**
     * Relative slack on the Cauchy-Schwarz bound of a score summed over {@code dim} products:
     * twice the worst-case rounding of such a sum (dim + 1 roundings of 2^-24 each, bias
     * included), plus a margin for the norms' own rounding.
     */
    static double boundSlack(int dim) {
        return (dim + 2) * 0x1p-23 + 1e-9;
    }

    /**
     * Scores users {@code 0..count-1}: {@code rows[u]} are user u's factor rows (at least one),
     * {@code out[u]} (length at least {@code numItems + 1}) receives the scores.
     */
    public final void score(float[][][] rows, int count, PackedItems items, float[][] out) {
        if (items.sortedByNorm()) {
            throw new IllegalArgumentException("a table sorted by norm is read by top only");
        }
        if (items.width != panelWidth()) {
            throw new IllegalArgumentException("items were packed for another kernel");
        }
        int total = 0;
        for (int u = 0; u < count; u++) {
            if (rows[u].length == 0) {
                throw new IllegalArgumentException("user " + u + " has no factor rows");
            }
            if (out[u].length < items.numItems + 1) {
                throw new IllegalArgumentException(
                        "score array has length " + out[u].length + ", expected " + (items.numItems + 1));
            }
            total += rows[u].length;
        }
        float[][] flat = new float[total][];
        int[] user = new int[total];
        boolean[] first = new boolean[total];
        int r = 0;
        for (int u = 0; u < count; u++) {
            for (int k = 0; k < rows[u].length; k++) {
                if (rows[u][k].length != items.dim) {
                    throw new IllegalArgumentException("user " + u + " has a factor row of length " + rows[u][k].length
                            + ", expected " + items.dim);
                }
                flat[r] = rows[u][k];
                user[r] = u;
                first[r] = k == 0;
                r++;
            }
        }
        scoreRows(flat, user, first, items, out);
    }

    /**
     * The best items of users {@code 0..count-1} that have one factor row each ({@code rows[u]}):
     * user u's {@code want[u]} highest-scoring items among {@code 1..numItems}, skipping the items
     * of {@code excluded[u]} (null: none; {@code excluded} itself may be null) and NaN scores,
     * best first, ties to the lower id — exactly {@link TopK#top} of the row {@link #score} would
     * write, but without writing it: each panel's scores stay in registers and are compared with
     * the user's current k-th best, so only the few that can enter reach the heap (issue 20: the
     * full row of a served request was 218 KB written and read back on Beauty). {@code items}
     * may be sorted by norm ({@link #packByNorm}): the same answer, usually much sooner.
     */
    public final TopK.Scored[] top(float[][] rows, int count, PackedItems items, int[] want, BitSet[] excluded) {
        if (items.width != panelWidth()) {
            throw new IllegalArgumentException("items were packed for another kernel");
        }
        TopK.Heap[] heaps = new TopK.Heap[count];
        for (int u = 0; u < count; u++) {
            if (rows[u].length != items.dim) {
                throw new IllegalArgumentException(
                        "user " + u + " has a factor row of length " + rows[u].length + ", expected " + items.dim);
            }
            if (want[u] <= 0) {
                throw new IllegalArgumentException("want must be positive, got " + want[u] + " for user " + u);
            }
            heaps[u] = new TopK.Heap(want[u]);
        }
        topRows(rows, count, items, heaps, excluded == null ? new BitSet[count] : excluded);
        TopK.Scored[] out = new TopK.Scored[count];
        for (int u = 0; u < count; u++) {
            out[u] = heaps[u].drain();
        }
        return out;
    }

    /** Offers each of rows {@code 0..count-1}'s scores to its heap (see {@link #top}). */
    abstract void topRows(float[][] rows, int count, PackedItems items, TopK.Heap[] heaps, BitSet[] excluded);

    /**
     * Offers the {@code n} scores of panel {@code p} in {@code acc} (from {@code accOffset}) to
     * {@code heap}: padding item 0 (and empty slots of a sorted table), NaN scores and excluded
     * items skipped. The heap's own test decides, ties to the lower id whatever the order in
     * which items arrive. {@code ids}: the slots' items, or null for slot = item.
     */
    static void offer(float[] acc, int accOffset, int p, int width, int n, int[] ids, TopK.Heap heap, BitSet excluded) {
        int from = p * width;
        for (int w = 0; w < n; w++) {
            int item = ids == null ? from + w : ids[from + w];
            float s = acc[accOffset + w];
            if (item == 0 || s != s || (excluded != null && excluded.get(item))) {
                continue;
            }
            heap.offer(item, s);
        }
    }

    /**
     * Rows {@code flat} (those of one user consecutive; {@code first[r]} marks a user's first row)
     * against all panels; row r's scores go to {@code out[user[r]]} (stored for a first row,
     * max-combined otherwise).
     */
    abstract void scoreRows(float[][] flat, int[] user, boolean[] first, PackedItems items, float[][] out);

    /** The fastest kernel this JVM can run. */
    public static FactorKernel best() {
        return BEST;
    }

    /**
     * The kernel the evaluator scores {@link io.attnrec.core.model.FactorScorer} models with, or
     * null when {@code -Dattnrec.kernel=model} asks it to call the model's own {@code scoreBatch}
     * (for side-by-side measurements).
     */
    public static FactorKernel forEvaluation() {
        return "model".equals(System.getProperty("attnrec.kernel")) ? null : BEST;
    }

    /** The plain-Java kernel. */
    public static FactorKernel scalar() {
        return ScalarFactorKernel.INSTANCE;
    }

    /** The vector API kernel, or null when the JVM lacks {@code jdk.incubator.vector}. */
    public static FactorKernel vector() {
        return VectorApi.load("VectorFactorKernel", FactorKernel.class);
    }

    private static FactorKernel choose() {
        return VectorApi.choose("VectorFactorKernel", FactorKernel.class, scalar());
    }

    /** Writes {@code n} scores of a panel into {@code out} at {@code from}: stored or max-combined. */
    static void put(float[] acc, int accOffset, float[] out, int from, int n, boolean store) {
        if (store) {
            System.arraycopy(acc, accOffset, out, from, n);
        } else {
            for (int w = 0; w < n; w++) {
                out[from + w] = Math.max(out[from + w], acc[accOffset + w]);
            }
        }
    }
}
