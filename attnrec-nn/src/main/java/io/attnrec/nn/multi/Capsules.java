package io.attnrec.nn.multi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.attnrec.nn.attention.Masks;

/**
 * Capsule dynamic routing (Sabour et al. 2017) as MIND's behaviour-to-interest routing and
 * ComiRec-DR use it. Names map onto the papers: behaviour capsules {@code e_i} (history items),
 * their predictions for interest capsule {@code j}: {@code ê_{j|i}} ({@code hat}), routing logits
 * {@code b_ij}, coupling coefficients {@code c_ij = softmax_j(b_ij)} (over the interests, per
 * item), interest capsules {@code v_j = squash(sum_i c_ij ê_{j|i})}, and the update {@code b_ij +=
 * v_j . ê_{j|i}}.
 *
 * <p>As in ComiRec's code, the logits are updated through predictions whose gradient is stopped;
 * only the last iteration's weighted sum passes gradients to {@code ê}.
 */
public final class Capsules {

    /** Guards the square root of the squash at the zero vector. */
    static final float EPSILON = 1e-9f;

    private Capsules() {}

    /** {@code squash(s) = |s|^2 / (1 + |s|^2) * s / |s|} over the last axis. */
    static NDArray squash(NDArray s) {
        NDArray n2 = s.square().sum(new int[] {-1}, true);
        return s.mul(n2.div(n2.add(1f)).div(n2.add(EPSILON).sqrt()));
    }

    /**
     * Routes {@code T} behaviour capsules into {@code K} interest capsules.
     *
     * @param hat {@code (B, K, T, D)} predictions, or {@code (B, 1, T, D)} when shared by every
     *     interest (MIND's single bilinear map)
     * @param logits {@code (B or 1, K, T)} initial routing logits (zeros, or MIND's fixed random
     *     values that break the symmetry of a shared map)
     * @param itemMask {@code (B, T)} 1 for real items, 0 for padding: padding routes nowhere
     * @param active {@code (B, K)} 1 for the user's interests, 0 for switched-off ones: an item's
     *     coefficients spread over the active interests only
     * @param iterations routing iterations, >= 1
     * @return {@code v (B, K, D)} and {@code c (B, K, T)} of the last iteration
     */
    public static NDList route(NDArray hat, NDArray logits, NDArray itemMask, NDArray active, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("routing needs at least one iteration");
        }
        // (B, K) -> (B, K, 1): -1e9 on switched-off interests, broadcast over items
        NDArray off = active.sub(1f).mul(-Masks.MASKED).expandDims(2);
        // (B, T) -> (B, 1, T)
        NDArray real = itemMask.expandDims(1);
        NDArray frozen = hat.stopGradient();
        NDArray b = logits;
        NDArray v = null;
        NDArray c = null;
        for (int it = 0; it < iterations; it++) {
            boolean last = it == iterations - 1;
            NDArray h = last ? hat : frozen;
            // softmax over the interests (axis 1), then padding items get no coefficient
            c = b.add(off).softmax(1).mul(real);
            // (B, K, 1, T) x (B, K|1, T, D) -> (B, K, 1, D) -> (B, K, D)
            NDArray s = c.expandDims(2).matMul(h).squeeze(2);
            v = squash(s);
            if (!last) {
                // (B, K|1, T, D) x (B, K, D, 1) -> (B, K, T, 1) -> (B, K, T)
                b = b.add(h.matMul(v.expandDims(3)).squeeze(3));
            }
        }
        return new NDList(v, c);
    }
}
