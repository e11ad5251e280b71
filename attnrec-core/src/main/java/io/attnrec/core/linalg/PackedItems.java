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

    private PackedItems(FactorTable table, int width) {
        this.numItems = table.numItems();
        this.dim = table.dim();
        this.width = width;
        int rows = numItems + 1;
        this.panels = (rows + width - 1) / width;
        this.values = new float[Math.multiplyExact(Math.multiplyExact(panels, dim), width)];
        float[][] items = table.items();
        for (int i = 0; i < rows; i++) {
            float[] v = items[i];
            if (v.length != dim) {
                throw new IllegalArgumentException("item " + i + " has " + v.length + " factors, expected " + dim);
            }
            int p = i / width;
            int w = i % width;
            for (int d = 0; d < dim; d++) {
                values[(p * dim + d) * width + w] = v[d];
            }
        }
        if (table.bias() != null) {
            bias = new float[panels * width];
            System.arraycopy(table.bias(), 0, bias, 0, rows);
        } else {
            bias = null;
        }
        this.fused = table.fused();
    }

    static PackedItems of(FactorTable table, int width) {
        return new PackedItems(table, width);
    }

    public int numItems() {
        return numItems;
    }

    public int dim() {
        return dim;
    }

    /** Bytes of the packed table (for memory budgets). */
    public long bytes() {
        return 4L * values.length + (bias == null ? 0 : 4L * bias.length);
    }

    /**
     * One score, in exactly the arithmetic of the kernels (so it equals the kernel's value for the
     * same row and item bit for bit).
     */
    public float score(float[] row, int item) {
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
