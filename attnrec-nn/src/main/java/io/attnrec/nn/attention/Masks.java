package io.attnrec.nn.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Additive attention masks: 0 where attention is allowed and {@link #MASKED} where it is not,
 * added to the scores before the softmax.
 *
 * <p>The masked value is finite on purpose: with {@code -inf} a row whose keys are all masked
 * (a padding query) turns into {@code NaN} after the softmax and poisons the gradients; with
 * {@code -1e9} it becomes a harmless uniform row that the models never read, while a masked key
 * in a row with at least one allowed key gets a weight of exactly 0 in float arithmetic.
 */
public final class Masks {

    /** Score added to a masked (query, key) pair. */
    public static final float MASKED = -1e9f;

    private Masks() {}

    /**
     * A causal mask of shape {@code (T, T)}: query {@code i} may attend to keys {@code j <= i}
     * only, so no position ever sees a later one. Broadcasts over batch and head axes.
     */
    public static NDArray causal(NDManager manager, int length) {
        float[] m = new float[length * length];
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j < length; j++) {
                m[i * length + j] = MASKED;
            }
        }
        return manager.create(m, new Shape(length, length));
    }

    /**
     * A key-padding mask from item ids: {@code (B, T)} ids where 0 is padding become a {@code (B,
     * 1, T)} additive mask that blocks every query from the padding keys. Add an axis ({@code
     * expandDims(1)}) for multi-head scores of shape {@code (B, H, Tq, Tk)}.
     */
    public static NDArray keyPadding(NDArray items) {
        // (B, T) -> (B, 1, T): MASKED where the id is 0
        return items.eq(0).toType(DataType.FLOAT32, false).mul(MASKED).expandDims(1);
    }

    /**
     * A key mask from a validity matrix: {@code valid} of shape {@code (B, T)} (boolean or 0/1)
     * becomes a {@code (B, T)} additive mask.
     */
    public static NDArray fromValid(NDArray valid) {
        return valid.toType(DataType.FLOAT32, false).sub(1f).mul(-MASKED);
    }

    /** Sum of two masks (either may be {@code null}); broadcasting applies. */
    public static NDArray combine(NDArray a, NDArray b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.add(b);
    }
}
