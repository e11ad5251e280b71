package io.attnrec.nn;

import ai.djl.ndarray.NDArray;

/**
 * Multiplication, division and power by a constant for arrays that take part in training.
 *
 * <p>Why not {@code x.mul(2f)}: DJL's PyTorch engine turns the number into a tensor that wraps a
 * Java direct buffer without copying it, runs the op, and closes that tensor at once. Autograd
 * keeps the tensor for the backward pass of {@code mul}, {@code div} and {@code pow}, but once
 * it is closed the buffer may be freed by the garbage collector before the backward pass reads
 * it, so the gradient is computed from freed memory: rare, load-dependent, run-to-run drift, and
 * now and then a NaN (found with {@code MALLOC_PERTURB_}, bench/RESULTS.md). Here the constant
 * is created in {@code x}'s manager, which lives until the step's manager is closed after the
 * backward pass. (Addition and subtraction do not keep the constant and are safe.)
 */
public final class Scalars {

    private Scalars() {}

    /** {@code x * c}. */
    public static NDArray mul(NDArray x, float c) {
        return x.mul(x.getManager().create(c));
    }

    /** {@code x / c}. */
    public static NDArray div(NDArray x, float c) {
        return x.div(x.getManager().create(c));
    }

    /** {@code x ^ c}. */
    public static NDArray pow(NDArray x, float c) {
        return x.pow(x.getManager().create(c));
    }
}
