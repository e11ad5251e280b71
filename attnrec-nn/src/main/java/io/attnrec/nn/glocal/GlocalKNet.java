package io.attnrec.nn.glocal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import io.attnrec.nn.Djl;
import io.attnrec.nn.Scalars;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * GLocal-K's network and objective (Han et al., "GLocal-K: Global and Local Kernels for
 * Recommender Systems", CIKM 2021) over a dense {@code (M, U)} rating matrix, one row per item:
 *
 * <pre>
 *   k(u_i, v_j) = max(0, 1 - |u_i - v_j|^2)      local kernel, u (in, d), v (out, d)
 *   layer(x)    = act(x (W * k(u, v)) + b)         W (in, out): a kernelised, sparse weight matrix
 *   net(x)      = out(layer_2(layer_1(x)))          sigmoid, sigmoid, identity; U -> H -> H -> U
 *   pre-training:  pred = net(R)
 *   fine-tuning:   g    = (mean over users of net(R)) C * scale    C (M, 9): a 3x3 global kernel
 *                  pred = net(relu(conv2d(R, g)))                 "same" zero padding
 *   loss = 1/2 sum over observed (r - pred)^2 + lambda_2/2 sum W^2 + lambda_s/2 sum k^2
 * </pre>
 *
 * <p>All parameters live in one flat vector (the L-BFGS point): per layer W, u, v, b, then C. C
 * has no gradient in pre-training, so the optimiser leaves it where it was initialised.
 */
final class GlocalKNet {

    private final GlocalKConfig config;
    private final int items;
    private final int users;
    /** Per layer: {in, out}. */
    private final int[][] dims;
    /** Shapes of the parameters in the flat vector, in order. */
    private final List<Shape> shapes = new ArrayList<>();

    private final long size;

    GlocalKNet(GlocalKConfig config, int items, int users) {
        this.config = config;
        this.items = items;
        this.users = users;
        int h = config.hidden();
        dims = new int[config.layers() + 1][];
        int in = users;
        for (int l = 0; l < config.layers(); l++) {
            dims[l] = new int[] {in, h};
            in = h;
        }
        dims[config.layers()] = new int[] {in, users};
        long n = 0;
        for (int[] d : dims) {
            for (Shape s : List.of(
                    new Shape(d[0], d[1]),
                    new Shape(d[0], config.kernelDim()),
                    new Shape(d[1], config.kernelDim()),
                    new Shape(d[1]))) {
                shapes.add(s);
                n += s.size();
            }
        }
        Shape conv = new Shape(items, 9);
        shapes.add(conv);
        this.size = n + conv.size();
    }

    long size() {
        return size;
    }

    /**
     * The initial point, from {@code random}: W Glorot-uniform, b uniform in {@code +-sqrt(3/out)}
     * (TensorFlow's default for both, as in the reference code), u and v normal with standard
     * deviation 1e-3 cut at two (every kernel value starts near 1: a dense start that the
     * sparsity penalty then thins), C normal with standard deviation 0.1 cut at two.
     */
    float[] initial(SplittableRandom random) {
        float[] x = new float[(int) size];
        int p = 0;
        for (int[] d : dims) {
            double limit = Math.sqrt(6.0 / (d[0] + d[1]));
            for (long k = 0; k < (long) d[0] * d[1]; k++) {
                x[p++] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
            for (long k = 0; k < (long) (d[0] + d[1]) * config.kernelDim(); k++) {
                x[p++] = (float) (truncatedNormal(random) * 1e-3);
            }
            double biasLimit = Math.sqrt(3.0 / d[1]);
            for (int k = 0; k < d[1]; k++) {
                x[p++] = (float) ((random.nextDouble() * 2 - 1) * biasLimit);
            }
        }
        while (p < x.length) {
            x[p++] = (float) (truncatedNormal(random) * 0.1);
        }
        return x;
    }

    private static double truncatedNormal(SplittableRandom random) {
        while (true) {
            double z = gaussian(random);
            if (Math.abs(z) <= 2) {
                return z;
            }
        }
    }

    /** A standard normal draw (Box-Muller), from the given generator only. */
    static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** The nine shifted copies of the zero-padded rating matrix the 3x3 convolution sums. */
    NDList shifts(NDArray ratings) {
        NDManager m = ratings.getManager();
        NDArray padded = m.zeros(new Shape(items + 2, users + 2));
        padded.set(new NDIndex("1:" + (items + 1) + ", 1:" + (users + 1)), ratings);
        NDList out = new NDList(9);
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                out.add(padded.get(new NDIndex(a + ":" + (a + items) + ", " + b + ":" + (b + users)))
                        .duplicate());
            }
        }
        padded.close();
        return out;
    }

    /** Splits the flat point into leaf arrays of their shapes (copies, in {@code flat}'s manager). */
    private NDList unpack(NDArray flat) {
        NDList params = new NDList(shapes.size());
        long p = 0;
        for (Shape s : shapes) {
            params.add(
                    flat.get(new NDIndex(p + ":" + (p + s.size()))).reshape(s).duplicate());
            p += s.size();
        }
        return params;
    }

    /** The kernelised weight {@code W * k(u, v)} of layer {@code l}, and the penalty terms. */
    private NDArray[] weight(NDList params, int l) {
        NDArray w = params.get(4 * l);
        NDArray u = params.get(4 * l + 1);
        NDArray v = params.get(4 * l + 2);
        // |u_i - v_j|^2 = |u_i|^2 + |v_j|^2 - 2 u_i.v_j: (in, 1) + (1, out) - (in, out)
        NDArray dist = u.square()
                .sum(new int[] {1}, true)
                .add(v.square().sum(new int[] {1}).reshape(1, -1))
                .sub(Scalars.mul(u.matMul(v.transpose()), 2f));
        NDArray kernel = Activation.relu(dist.neg().add(1f));
        NDArray penalty = Scalars.mul(w.square().sum(), (float) (config.l2() / 2))
                .add(Scalars.mul(kernel.square().sum(), (float) (config.sparsity() / 2)));
        return new NDArray[] {w.mul(kernel), penalty};
    }

    /** {@code net(x)}: {@code (M, U) -> (M, U)}; also returns the last hidden layer ({@code (M, H)}). */
    private NDArray[] net(NDList params, NDArray[] weights, NDArray x) {
        NDArray y = x;
        NDArray hidden = x;
        for (int l = 0; l < dims.length; l++) {
            NDArray z = y.matMul(weights[l]).add(params.get(4 * l + 3));
            boolean last = l == dims.length - 1;
            if (last) {
                hidden = y;
            }
            y = last ? z : Activation.sigmoid(z);
        }
        return new NDArray[] {y, hidden};
    }

    /** The fine-tuning input {@code relu(conv2d(R, g))}, {@code (M, U)}. */
    private NDArray globalInput(NDList params, NDArray[] weights, NDArray ratings, NDList shifts) {
        NDArray conv = params.get(params.size() - 1);
        // (M, U) -> mean over users -> (1, M) x (M, 9) -> (1, 9)
        NDArray pooled = net(params, weights, ratings)[0].mean(new int[] {1}).reshape(1, -1);
        NDArray g = Scalars.mul(pooled.matMul(conv), (float) config.dotScale()).reshape(9);
        NDArray sum = shifts.get(0).mul(g.get(0));
        for (int k = 1; k < 9; k++) {
            sum = sum.add(shifts.get(k).mul(g.get(k)));
        }
        return Activation.relu(sum);
    }

    /** What {@link #objective} and {@link #outputs} share: the weights and the penalty. */
    private NDArray[] weights(NDList params, NDArray[] penalty) {
        NDArray[] w = new NDArray[dims.length];
        NDArray total = null;
        for (int l = 0; l < dims.length; l++) {
            NDArray[] wp = weight(params, l);
            w[l] = wp[0];
            total = total == null ? wp[1] : total.add(wp[1]);
        }
        penalty[0] = total;
        return w;
    }

    /**
     * The loss and its gradient at {@code flat}.
     *
     * @param ratings {@code (M, U)} observed ratings, 0 elsewhere
     * @param mask {@code (M, U)} 1 where a rating is observed (the fit part)
     * @param shifts {@link #shifts} of {@code ratings}; null in pre-training
     */
    Lbfgs.Value objective(NDArray flat, NDArray ratings, NDArray mask, NDList shifts) {
        NDManager caller = flat.getManager();
        try (NDManager step = caller.newSubManager()) {
            NDArray point = flat.duplicate();
            point.attach(step);
            borrow(step, ratings, mask, shifts);
            NDList params = unpack(point);
            for (NDArray p : params) {
                p.setRequiresGradient(true);
            }
            double f;
            NDArray gradient;
            try (GradientCollector gc = Djl.engine().newGradientCollector()) {
                NDArray[] penalty = new NDArray[1];
                NDArray[] w = weights(params, penalty);
                NDArray input = shifts == null ? ratings : globalInput(params, w, ratings, shifts);
                NDArray pred = net(params, w, input)[0];
                NDArray loss = Scalars.mul(pred.sub(ratings).mul(mask).square().sum(), 0.5f)
                        .add(penalty[0]);
                if (shifts == null) {
                    // C is not in the pre-training graph, and the gradient of a leaf the graph does
                    // not reach is undefined memory, not zero: a zero term defines it
                    loss = loss.add(Scalars.mul(params.get(params.size() - 1).sum(), 0f));
                }
                f = loss.getFloat();
                gc.backward(loss);
                // copied out while the collector is open
                NDList grads = new NDList(params.size());
                for (NDArray p : params) {
                    grads.add(p.getGradient().flatten());
                }
                gradient = NDArrays.concat(grads);
            }
            gradient.attach(caller);
            return new Lbfgs.Value(f, gradient);
        }
    }

    /**
     * Lends the data arrays to {@code step} until it closes: an operation's result belongs to its
     * first operand's manager, so without this every product with the rating matrix would outlive
     * the step that made it.
     */
    private static void borrow(NDManager step, NDArray ratings, NDArray mask, NDList shifts) {
        ratings.tempAttach(step);
        if (mask != null) {
            mask.tempAttach(step);
        }
        if (shifts != null) {
            shifts.forEach(a -> a.tempAttach(step));
        }
    }

    /**
     * The trained network's read-out, without gradients: {@code pred (M, U)}, the last hidden layer
     * {@code (M, H)} (the item codes), the output layer's kernelised weights {@code (H, U)} and its
     * bias {@code (U)}; {@code pred = codes W + b}. Copied out to Java arrays: {@code [pred, codes,
     * weights, bias]}, row-major.
     */
    float[][] outputs(NDArray flat, NDArray ratings, NDList shifts, boolean fine) {
        try (NDManager step = flat.getManager().newSubManager()) {
            NDArray point = flat.duplicate();
            point.attach(step);
            borrow(step, ratings, null, shifts);
            NDArray[] out = outputArrays(point, ratings, shifts, fine);
            float[][] copy = new float[out.length][];
            for (int k = 0; k < out.length; k++) {
                copy[k] = out[k].toFloatArray();
            }
            return copy;
        }
    }

    private NDArray[] outputArrays(NDArray flat, NDArray ratings, NDList shifts, boolean fine) {
        NDList params = unpack(flat);
        NDArray[] penalty = new NDArray[1];
        NDArray[] w = weights(params, penalty);
        NDArray input = fine ? globalInput(params, w, ratings, shifts) : ratings;
        NDArray[] out = net(params, w, input);
        return new NDArray[] {out[0], out[1], w[dims.length - 1], params.get(4 * (dims.length - 1) + 3)};
    }
}
