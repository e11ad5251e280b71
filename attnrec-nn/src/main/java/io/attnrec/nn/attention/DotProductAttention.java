package io.attnrec.nn.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.norm.Dropout;
import io.attnrec.nn.Scalars;

/**
 * Dot-product attention without parameters (Vaswani et al. 2017, eq. 1):
 * {@code softmax(Q K^T * scale + mask) V}. Works on any leading axes: {@code (..., Tq, d)}
 * queries, {@code (..., Tk, d)} keys and {@code (..., Tk, dv)} values.
 *
 * <p>The weights are returned beside the output because explanations (SPEC C11) show them.
 */
final class DotProductAttention {

    private DotProductAttention() {}

    /**
     * Scaled dot-product attention, scale {@code 1/sqrt(d)}.
     *
     * @param mask additive mask broadcastable to {@code (..., Tq, Tk)} (see {@link Masks}), or
     *     {@code null}
     * @return {@code (output (..., Tq, dv), weights (..., Tq, Tk))}
     */
    public static NDList scaled(NDArray query, NDArray key, NDArray value, NDArray mask) {
        long d = query.getShape().get(query.getShape().dimension() - 1);
        return attend(query, key, value, mask, (float) (1.0 / Math.sqrt(d)), 0f, false);
    }

    /** Plain dot-product attention (scale 1), as in Luong et al. 2015's "dot" score. */
    public static NDList plain(NDArray query, NDArray key, NDArray value, NDArray mask) {
        return attend(query, key, value, mask, 1f, 0f, false);
    }

    /**
     * The general form.
     *
     * @param scale factor applied to {@code Q K^T}
     * @param dropout rate of dropout on the attention weights while training (as in the
     *     Transformer and SASRec); the returned weights are the ones before dropout
     * @param training whether dropout is active
     */
    public static NDList attend(
            NDArray query, NDArray key, NDArray value, NDArray mask, float scale, float dropout, boolean training) {
        // (..., Tq, d) x (..., d, Tk) -> (..., Tq, Tk)
        int nd = key.getShape().dimension();
        NDArray scores = query.matMul(key.swapAxes(nd - 2, nd - 1));
        if (scale != 1f) {
            scores = Scalars.mul(scores, scale);
        }
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray weights = scores.softmax(-1);
        NDArray used = training && dropout > 0f
                ? Dropout.dropout(weights, dropout, true).head()
                : weights;
        // (..., Tq, Tk) x (..., Tk, dv) -> (..., Tq, dv)
        NDArray output = used.matMul(value);
        return new NDList(output, weights);
    }
}
