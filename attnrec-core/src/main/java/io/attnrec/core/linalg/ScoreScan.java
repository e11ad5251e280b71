package io.attnrec.core.linalg;

/**
 * The scans of a score array that full ranking repeats for every user: find the next score above
 * a threshold (top-K selection, where almost every score is below the heap's worst entry) and
 * count the scores above a target's (its rank). This class is the plain-Java version; {@link
 * #best()} is the JDK vector API version when the JVM has {@code jdk.incubator.vector} (16 scores
 * per comparison with 512-bit vectors), chosen like {@link FactorKernel#best()}. Both return the
 * same indices and counts, NaN included: a NaN score is never "at most", "below" or "above"
 * anything, so the {@code first*} methods stop at it.
 */
public class ScoreScan {

    private static final ScoreScan BEST = choose();

    ScoreScan() {}

    /** The fastest scan this JVM can run. */
    public static ScoreScan best() {
        return BEST;
    }

    /** The plain-Java scan. */
    public static ScoreScan scalar() {
        return new ScoreScan();
    }

    /** The vector API scan, or null when the JVM lacks {@code jdk.incubator.vector}. */
    public static ScoreScan vector() {
        return VectorApi.load("VectorScoreScan", ScoreScan.class);
    }

    private static ScoreScan choose() {
        return VectorApi.choose("VectorScoreScan", ScoreScan.class, scalar());
    }

    /** Short name for reports. */
    public String name() {
        return "scalar";
    }

    /** The first {@code i} in {@code from..to} with {@code !(s[i] <= t)}, else {@code to + 1}. */
    public int firstNotAtMost(float[] s, int from, int to, float t) {
        for (int i = from; i <= to; i++) {
            if (!(s[i] <= t)) {
                return i;
            }
        }
        return to + 1;
    }

    /** The first {@code i} in {@code from..to} with {@code !(s[i] < t)}, else {@code to + 1}. */
    public int firstNotBelow(float[] s, int from, int to, float t) {
        for (int i = from; i <= to; i++) {
            if (!(s[i] < t)) {
                return i;
            }
        }
        return to + 1;
    }

    /** The first {@code i} in {@code from..to} with {@code !(s[i] > t)}, else {@code to + 1}. */
    public int firstNotAbove(float[] s, int from, int to, float t) {
        for (int i = from; i <= to; i++) {
            if (!(s[i] > t)) {
                return i;
            }
        }
        return to + 1;
    }

    /** The number of {@code i} in {@code from..to} with {@code s[i] > t}. */
    public int countAbove(float[] s, int from, int to, float t) {
        int n = 0;
        for (int i = from; i <= to; i++) {
            n += s[i] > t ? 1 : 0;
        }
        return n;
    }

    /** The number of {@code i} in {@code from..to} with {@code s[i] >= t}. */
    public int countAtLeast(float[] s, int from, int to, float t) {
        int n = 0;
        for (int i = from; i <= to; i++) {
            n += s[i] >= t ? 1 : 0;
        }
        return n;
    }
}
