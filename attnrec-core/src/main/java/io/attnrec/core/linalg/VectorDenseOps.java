package io.attnrec.core.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link DenseOps} with the JDK vector API; the tails shorter than a vector run the plain loop. */
final class VectorDenseOps extends DenseOps {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
        int k = 0;
        FloatVector va = FloatVector.broadcast(S, a);
        for (int last = n - L; k <= last; k += L) {
            FloatVector.fromArray(S, x, xo + k)
                    .fma(va, FloatVector.fromArray(S, y, yo + k))
                    .intoArray(y, yo + k);
        }
        super.axpy(a, x, xo + k, y, yo + k, n - k);
    }

    /** Output columns in vectors of {@code L}, each accumulated in a register over all inputs. */
    @Override
    public void rowTimes(float[] x, int xo, int in, float[] w, float[] y, int yo, int out) {
        int o = 0;
        for (int last = out - 2 * L; o <= last; o += 2 * L) {
            FloatVector a0 = FloatVector.fromArray(S, y, yo + o);
            FloatVector a1 = FloatVector.fromArray(S, y, yo + o + L);
            for (int i = 0; i < in; i++) {
                FloatVector xi = FloatVector.broadcast(S, x[xo + i]);
                a0 = FloatVector.fromArray(S, w, i * out + o).fma(xi, a0);
                a1 = FloatVector.fromArray(S, w, i * out + o + L).fma(xi, a1);
            }
            a0.intoArray(y, yo + o);
            a1.intoArray(y, yo + o + L);
        }
        for (; o < out; o++) {
            float acc = y[yo + o];
            for (int i = 0; i < in; i++) {
                acc += x[xo + i] * w[i * out + o];
            }
            y[yo + o] = acc;
        }
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        int k = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int last = n - L; k <= last; k += L) {
            acc = FloatVector.fromArray(S, a, ao + k).fma(FloatVector.fromArray(S, b, bo + k), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD) + super.dot(a, ao + k, b, bo + k, n - k);
    }
}
