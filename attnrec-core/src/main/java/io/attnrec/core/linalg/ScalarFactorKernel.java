package io.attnrec.core.linalg;

/**
 * The plain-Java kernel: panel by panel (the panel stays in L1), each row's 64 scores are
 * accumulated in a small array, dimension by dimension, in a loop the JIT can vectorise.
 */
final class ScalarFactorKernel extends FactorKernel {

    static final ScalarFactorKernel INSTANCE = new ScalarFactorKernel();

    private static final int WIDTH = 64;

    @Override
    public int panelWidth() {
        return WIDTH;
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    void scoreRows(float[][] flat, int[] user, boolean[] first, PackedItems items, float[][] out) {
        int rows = items.numItems + 1;
        float[] acc = new float[WIDTH];
        for (int p = 0; p < items.panels; p++) {
            int from = p * WIDTH;
            int n = Math.min(WIDTH, rows - from);
            for (int r = 0; r < flat.length; r++) {
                panel(items, p, flat[r], acc);
                put(acc, 0, out[user[r]], from, n, first[r]);
            }
        }
    }

    @Override
    void topRows(
            float[][] rows,
            int count,
            PackedItems items,
            io.attnrec.core.model.TopK.Heap[] heaps,
            java.util.BitSet[] excluded) {
        int all = items.ids == null ? items.numItems + 1 : items.panels * WIDTH;
        float[] acc = new float[WIDTH];
        for (int p = 0; p < items.panels; p++) {
            int from = p * WIDTH;
            int n = Math.min(WIDTH, all - from);
            for (int r = 0; r < count; r++) {
                panel(items, p, rows[r], acc);
                offer(acc, 0, p, WIDTH, n, items.ids, heaps[r], excluded[r]);
            }
        }
    }

    /** Panel {@code p}'s scores for one factor row into {@code acc}: from the bias, one product per dimension. */
    private static void panel(PackedItems items, int p, float[] row, float[] acc) {
        int dim = items.dim;
        int panelBase = p * dim * WIDTH;
        if (items.bias == null) {
            java.util.Arrays.fill(acc, 0f);
        } else {
            System.arraycopy(items.bias, p * WIDTH, acc, 0, WIDTH);
        }
        if (items.fused) {
            for (int d = 0; d < dim; d++) {
                fmaRow(acc, items.values, panelBase + d * WIDTH, row[d]);
            }
        } else {
            for (int d = 0; d < dim; d++) {
                mulAddRow(acc, items.values, panelBase + d * WIDTH, row[d]);
            }
        }
    }

    private static void fmaRow(float[] acc, float[] values, int base, float a) {
        for (int w = 0; w < WIDTH; w++) {
            acc[w] = Math.fma(a, values[base + w], acc[w]);
        }
    }

    private static void mulAddRow(float[] acc, float[] values, int base, float a) {
        for (int w = 0; w < WIDTH; w++) {
            acc[w] += a * values[base + w];
        }
    }
}
