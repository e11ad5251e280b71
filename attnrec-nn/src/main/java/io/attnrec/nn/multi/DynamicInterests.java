package io.attnrec.nn.multi;

/**
 * MIND's dynamic interest number (Li et al. 2019, section 3.3.2): a user with a short history gets
 * fewer interests, {@code K'_u = max(1, min(K, floor(log2 |I_u|)))}, where {@code |I_u|} is the
 * number of history items the model reads.
 */
public final class DynamicInterests {

    private DynamicInterests() {}

    /** {@code max(1, min(k, floor(log2(historyLength))))}; 1 for an empty history. */
    public static int count(int historyLength, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("K must be >= 1");
        }
        if (historyLength < 2) {
            return 1;
        }
        int log2 = 31 - Integer.numberOfLeadingZeros(historyLength);
        return Math.max(1, Math.min(k, log2));
    }

    /**
     * The {@code (B, K)} activity matrix, row-major: 1 for the first {@code count(length_b, k)}
     * interests of row b, else 0.
     */
    public static float[] activeRows(int[] lengths, int k) {
        float[] out = new float[lengths.length * k];
        for (int b = 0; b < lengths.length; b++) {
            int n = count(lengths[b], k);
            for (int j = 0; j < n; j++) {
                out[b * k + j] = 1f;
            }
        }
        return out;
    }
}
