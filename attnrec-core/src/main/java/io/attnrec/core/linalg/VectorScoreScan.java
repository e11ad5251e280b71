package io.attnrec.core.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ScoreScan} with the JDK vector API: one comparison per {@code L} scores (16 with 512-bit
 * vectors) and a branch only when a whole vector does not pass, which in a top-K scan over a
 * catalogue is rare. Loaded only when the JVM has {@code jdk.incubator.vector}.
 */
final class VectorScoreScan extends ScoreScan {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public int firstNotAtMost(float[] s, int from, int to, float t) {
        int i = from;
        for (int last = to + 1 - L; i <= last; i += L) {
            VectorMask<Float> pass = FloatVector.fromArray(S, s, i).compare(VectorOperators.LE, t);
            if (!pass.allTrue()) {
                return i + pass.not().firstTrue();
            }
        }
        return super.firstNotAtMost(s, i, to, t);
    }

    @Override
    public int firstNotBelow(float[] s, int from, int to, float t) {
        int i = from;
        for (int last = to + 1 - L; i <= last; i += L) {
            VectorMask<Float> pass = FloatVector.fromArray(S, s, i).compare(VectorOperators.LT, t);
            if (!pass.allTrue()) {
                return i + pass.not().firstTrue();
            }
        }
        return super.firstNotBelow(s, i, to, t);
    }

    @Override
    public int firstNotAbove(float[] s, int from, int to, float t) {
        int i = from;
        for (int last = to + 1 - L; i <= last; i += L) {
            VectorMask<Float> pass = FloatVector.fromArray(S, s, i).compare(VectorOperators.GT, t);
            if (!pass.allTrue()) {
                return i + pass.not().firstTrue();
            }
        }
        return super.firstNotAbove(s, i, to, t);
    }

    @Override
    public int countAbove(float[] s, int from, int to, float t) {
        int n = 0;
        int i = from;
        for (int last = to + 1 - L; i <= last; i += L) {
            n += FloatVector.fromArray(S, s, i).compare(VectorOperators.GT, t).trueCount();
        }
        return n + super.countAbove(s, i, to, t);
    }

    @Override
    public int countAtLeast(float[] s, int from, int to, float t) {
        int n = 0;
        int i = from;
        for (int last = to + 1 - L; i <= last; i += L) {
            n += FloatVector.fromArray(S, s, i).compare(VectorOperators.GE, t).trueCount();
        }
        return n + super.countAtLeast(s, i, to, t);
    }
}
