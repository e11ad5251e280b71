package io.attnrec.nn.glocal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Limited-memory BFGS over one flat parameter vector held as an {@link NDArray} (Nocedal and
 * Wright, algorithm 7.4: the two-loop recursion), with a backtracking line search on the Armijo
 * condition. GLocal-K trains its autoencoder this way (SciPy's L-BFGS-B, a few iterations per
 * epoch, memory 10); the memory is cleared at each {@link #run} call, as SciPy's is at each call.
 *
 * <p>Pairs with too little curvature ({@code s.y <= 1e-10 |s| |y|}) are skipped, so the implied
 * Hessian stays positive definite without a Wolfe line search.
 */
final class Lbfgs {

    /**
     * The objective: its value at {@code x}, with its gradient (same shape) in a new array that
     * belongs to {@code x}'s manager.
     */
    interface Objective {
        Value at(NDArray x);
    }

    /** {@code f(x)} and {@code grad f(x)}. */
    record Value(double f, NDArray gradient) {}

    private final int memory;

    Lbfgs(int memory) {
        if (memory < 1) {
            throw new IllegalArgumentException("L-BFGS memory must be >= 1");
        }
        this.memory = memory;
    }

    /**
     * Runs at most {@code iterations} iterations from {@code x}.
     *
     * @return the last accepted point (a new array; {@code x} is not written)
     */
    NDArray run(Objective objective, NDArray x, int iterations) {
        NDManager parent = x.getManager();
        try (NDManager run = parent.newSubManager()) {
            NDArray start = x.duplicate();
            start.attach(run);
            NDArray end = iterate(objective, start, iterations);
            end.attach(parent);
            return end;
        }
    }

    /** The iterations; every array made here belongs to {@code point}'s (temporary) manager. */
    private NDArray iterate(Objective objective, NDArray point, int iterations) {
        Deque<NDArray[]> pairs = new ArrayDeque<>(); // newest first: {s, y, rho as a 0-d array}
        Value v = objective.at(point);
        for (int it = 0; it < iterations; it++) {
            NDArray g = v.gradient();
            double gnorm = g.norm().getFloat();
            if (!(gnorm > 0) || !Double.isFinite(gnorm)) {
                break;
            }
            NDArray d = direction(g, pairs).neg();
            double slope = d.dot(g).getFloat();
            if (!(slope < 0)) { // not a descent direction: restart from steepest descent
                pairs.clear();
                d = g.neg();
                slope = -gnorm * gnorm;
            }
            // the first step of a run has no curvature to scale it: a unit-length move, as SciPy's
            double step = pairs.isEmpty() ? Math.min(1.0, 1.0 / d.norm().getFloat()) : 1.0;
            Value next = null;
            NDArray candidate = null;
            for (int tries = 0; tries < 30; tries++) {
                candidate = point.add(d.mul((float) step));
                next = objective.at(candidate);
                if (Double.isFinite(next.f()) && next.f() <= v.f() + 1e-4 * step * slope) {
                    break;
                }
                candidate.close();
                next.gradient().close();
                next = null;
                step /= 2;
            }
            if (next == null) {
                break; // no decrease found along d: stop here
            }
            NDArray s = candidate.sub(point);
            NDArray y = next.gradient().sub(g);
            double sy = s.dot(y).getFloat();
            if (sy > 1e-10 * s.norm().getFloat() * y.norm().getFloat()) {
                pairs.addFirst(new NDArray[] {s, y, s.getManager().create((float) (1.0 / sy))});
                if (pairs.size() > memory) {
                    pairs.removeLast();
                }
            }
            point = candidate;
            v = next;
        }
        return point;
    }

    /** {@code H g} by the two-loop recursion, {@code H_0 = (s.y / y.y) I} from the newest pair. */
    private static NDArray direction(NDArray g, Deque<NDArray[]> pairs) {
        if (pairs.isEmpty()) {
            return g.duplicate();
        }
        NDArray q = g.duplicate();
        double[] alpha = new double[pairs.size()];
        int k = 0;
        for (NDArray[] p : pairs) { // newest to oldest
            alpha[k] = p[2].getFloat() * p[0].dot(q).getFloat();
            try (NDArray t = p[1].mul((float) alpha[k])) {
                q.subi(t);
            }
            k++;
        }
        NDArray[] newest = pairs.peekFirst();
        double gamma = 1.0 / (newest[2].getFloat() * newest[1].dot(newest[1]).getFloat());
        NDArray r = q.muli((float) gamma);
        Iterator<NDArray[]> back = pairs.descendingIterator();
        k = pairs.size() - 1;
        while (back.hasNext()) { // oldest to newest
            NDArray[] p = back.next();
            double beta = p[2].getFloat() * p[1].dot(r).getFloat();
            try (NDArray t = p[0].mul((float) (alpha[k] - beta))) {
                r.addi(t);
            }
            k--;
        }
        return r;
    }
}
