package io.attnrec.core.model;

/**
 * The item side of a {@link FactorScorer}.
 *
 * @param items {@code items[i]} is item i's factor vector, rows {@code 0..numItems} (row 0 is
 *     padding; its score is never read)
 * @param bias per-item bias added first ({@code bias[i]}), or null for none
 * @param fused how a score is summed, which decides its last bits: the sum starts from the bias
 *     (0 without) and adds the dimensions in order, true = each step one fused multiply-add
 *     {@code s = fma(u_d, q_d, s)} (what the PyTorch CPU matrix product computes for one output
 *     element; BPR's scoring), false = {@code s += u_d * q_d} with a rounded product and a rounded
 *     sum (plain Java {@code a += b * c}; the vector kernel is several times slower in this mode on
 *     JDK 17)
 */
public record FactorTable(float[][] items, float[] bias, boolean fused) {

    public FactorTable {
        if (items.length == 0) {
            throw new IllegalArgumentException("the item table has no rows");
        }
        if (bias != null && bias.length != items.length) {
            throw new IllegalArgumentException("bias has " + bias.length + " entries for " + items.length + " rows");
        }
    }

    public int numItems() {
        return items.length - 1;
    }

    public int dim() {
        return items[0].length;
    }
}
