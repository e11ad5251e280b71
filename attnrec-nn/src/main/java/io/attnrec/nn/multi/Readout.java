package io.attnrec.nn.multi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.attnrec.nn.Scalars;
import io.attnrec.nn.attention.Masks;

/**
 * How training turns a user's K interests into the one vector that must predict the target.
 *
 * <ul>
 *   <li>{@link #hard()}: ComiRec's rule: the interest with the largest dot product with the
 *       target's embedding; the loss trains only that interest.
 *   <li>{@link #labelAware(double)}: MIND's label-aware attention: {@code v = sum_k w_k v_k} with
 *       {@code w = softmax(pow(V e, p))}. The paper's {@code pow} is undefined for negative dot
 *       products and non-integer {@code p}; here it is the sign-preserving {@code sign(x) |x|^p},
 *       which keeps the order of the dot products for every {@code p > 0}, so larger {@code p}
 *       moves from averaging ({@code p = 0}: uniform, as in the paper) towards the hard choice.
 * </ul>
 *
 * Inactive interests never take part.
 */
public final class Readout {

    private final boolean hard;
    private final double pow;

    private Readout(boolean hard, double pow) {
        this.hard = hard;
        this.pow = pow;
    }

    public static Readout hard() {
        return new Readout(true, Double.POSITIVE_INFINITY);
    }

    /**
     * @param pow MIND's p: 0 (uniform) or a number >= 1 ({@code |x|^p} has no finite gradient at 0
     *     for {@code 0 < p < 1})
     */
    public static Readout labelAware(double pow) {
        if (!(pow == 0 || pow >= 1) || Double.isInfinite(pow)) {
            throw new IllegalArgumentException("label-aware attention power must be 0 or a number >= 1, got " + pow);
        }
        return new Readout(false, pow);
    }

    boolean isHard() {
        return hard;
    }

    /**
     * Weights over the interests {@code (B, K)}: one-hot for the hard rule, the label-aware
     * softmax otherwise.
     *
     * @param interests {@code (B, K, D)}
     * @param active {@code (B, K)} 1/0
     * @param target {@code (B, D)} target item embeddings
     */
    public NDArray weights(NDArray interests, NDArray active, NDArray target) {
        // (B, K, D) x (B, D, 1) -> (B, K)
        NDArray dots = interests.matMul(target.expandDims(2)).squeeze(2);
        NDArray off = active.sub(1f).mul(-Masks.MASKED);
        if (hard) {
            int k = (int) dots.getShape().get(1);
            // the choice itself carries no gradient, as in ComiRec (tf.argmax); the one-hot weight
            // then passes the loss's gradient to the chosen interest only
            NDArray best = dots.stopGradient().add(off).argMax(1);
            return best.oneHot(k).toType(DataType.FLOAT32, false);
        }
        // p = 0 is the paper's uniform attention (x^0 = 1)
        NDArray powered = pow == 0
                ? dots.zerosLike()
                : Scalars.pow(dots.abs(), (float) pow).mul(dots.sign());
        return powered.add(off).softmax(1);
    }

    /** The readout vector {@code (B, D)}: {@code sum_k w_k v_k}. */
    public NDArray apply(NDArray interests, NDArray active, NDArray target) {
        NDArray w = weights(interests, active, target);
        // (B, 1, K) x (B, K, D) -> (B, D)
        return w.expandDims(1).matMul(interests).squeeze(1);
    }

    @Override
    public String toString() {
        return hard ? "hard" : "label-aware(p=" + pow + ")";
    }
}
