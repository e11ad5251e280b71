package io.attnrec.core.linalg;

import io.attnrec.core.model.FactorTable;

/**
 * An item table laid out for {@link FactorKernel}: items in panels of {@code width} consecutive
 * ids, each panel stored dimension-major ({@code values[(panel * dim + d) * width + w]} is
 * dimension d of item {@code panel * width + w}), so that the kernel reads one dimension of a whole
 * panel as a few contiguous vectors and a panel (64 items x 64 dimensions = 16 KiB) stays in the
 * L1 cache while every user of a batch is scored against it. Items past the end are zero.
 */
public final class PackedItems {

    final int numItems;
    final int dim;
    final int width;
    final int panels;
    final float[] values;
    /** Per-item bias in panel order ({@code bias[panel * width + w]}), or null. */
    final float[] bias;

    final boolean fused;

    /**
     * Null for the plain layout (slot {@code s} holds item {@code s}); else the item of each slot
     * (0: empty), items sorted by decreasing vector norm ({@link #byNorm}).
     */
    final int[] ids;
    /**
     * With {@link #ids}: per panel, an upper bound of its items' vector norms (rounded up),
     * non-increasing from panel to panel; else null.
     */
    final double[] panelNorm;
    /** The largest absolute bias (0 without biases). */
    final double maxAbsBias;

    private PackedItems(FactorTable table, int width, boolean sortByNorm) {
        this.numItems = table.numItems();
        this.dim = table.dim();
        this.width = width;
        float[][] items = table.items();
        for (int i = 0; i <= numItems; i++) {
            if (items[i].length != dim) {
                throw new IllegalArgumentException(
                        "item " + i + " has " + items[i].length + " factors, expected " + dim);
            }
        }
        // slot -> item: the identity, or items 1..n by decreasing norm (padding item 0 left out)
        int[] order;
        double[] norms = null;
        if (sortByNorm) {
            norms = new double[numItems + 1];
            Integer[] sorted = new Integer[numItems];
            for (int i = 1; i <= numItems; i++) {
                norms[i] = norm(items[i]);
                sorted[i - 1] = i;
            }
            double[] n = norms;
            java.util.Arrays.sort(
                    sorted, (a, b) -> a.equals(b) ? 0 : n[a] != n[b] ? Double.compare(n[b], n[a]) : a - b);
            order = new int[numItems];
            for (int s = 0; s < numItems; s++) {
                order[s] = sorted[s];
            }
        } else {
            order = new int[numItems + 1];
            for (int i = 0; i <= numItems; i++) {
                order[i] = i;
            }
        }
        int slots = order.length;
        this.panels = (slots + width - 1) / width;
        this.values = new float[Math.multiplyExact(Math.multiplyExact(panels, dim), width)];
        float[] tableBias = table.bias();
        this.bias = tableBias == null ? null : new float[panels * width];
        double biasBound = 0;
        for (int s = 0; s < slots; s++) {
            float[] v = items[order[s]];
            int p = s / width;
            int w = s % width;
            for (int d = 0; d < dim; d++) {
                values[(p * dim + d) * width + w] = v[d];
            }
            if (tableBias != null) {
                bias[s] = tableBias[order[s]];
                biasBound = Math.max(biasBound, Math.abs((double) tableBias[order[s]]));
            }
        }
        this.maxAbsBias = biasBound;
        this.fused = table.fused();
        if (sortByNorm) {
            this.ids = java.util.Arrays.copyOf(order, panels * width); // empty slots: 0
            this.panelNorm = new double[panels];
            for (int p = 0; p < panels; p++) {
                // the panel's first item has the largest norm; a relative 1e-12 covers the
                // double rounding of the norm itself
                panelNorm[p] = norms[order[p * width]] * (1 + 1e-12);
            }
        } else {
            this.ids = null;
            this.panelNorm = null;
        }
    }

    static PackedItems of(FactorTable table, int width) {
        return new PackedItems(table, width, false);
    }

    /**
     * The table with items sorted by decreasing vector norm, for {@link FactorKernel#top} only:
     * panels whose norm bound cannot reach a user's current k-th best score are skipped.
     */
    static PackedItems byNorm(FactorTable table, int width) {
        return new PackedItems(table, width, true);
    }

    /** True for a table sorted by norm ({@link FactorKernel#packByNorm}): only top-k can read it. */
    public boolean sortedByNorm() {
        return ids != null;
    }

    /** The Euclidean norm in double precision. */
    static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    public int numItems() {
        return numItems;
    }

    public int dim() {
        return dim;
    }

    /** Bytes of the packed table (for memory budgets). */
    public long bytes() {
        return 4L * values.length
                + (bias == null ? 0 : 4L * bias.length)
                + (ids == null ? 0 : 4L * ids.length + 8L * panelNorm.length);
    }

    /**
     * One score, in exactly the arithmetic of the kernels (so it equals the kernel's value for the
     * same row and item bit for bit).
     */
    public float score(float[] row, int item) {
        if (ids != null) {
            throw new IllegalStateException("a table sorted by norm is read by top-k only");
        }
        int p = item / width;
        int w = item % width;
        int base = p * dim * width + w;
        float acc = bias == null ? 0f : bias[item];
        if (fused) {
            for (int d = 0; d < dim; d++) {
                acc = Math.fma(row[d], values[base + d * width], acc);
            }
            return acc;
        }
        for (int d = 0; d < dim; d++) {
            acc += row[d] * values[base + d * width];
        }
        return acc;
    }
}
