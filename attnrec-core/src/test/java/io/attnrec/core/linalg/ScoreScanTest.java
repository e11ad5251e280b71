package io.attnrec.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector scan returns what the plain loop defines, on score arrays with ties, NaN and
 * infinities, for every start and end (so every tail shorter than a vector is covered).
 */
class ScoreScanTest {

    @Test
    void theVectorScanIsAvailableInTheTests() {
        assertThat(ScoreScan.vector()).isNotNull();
        assertThat(ScoreScan.best().name()).startsWith("vector");
    }

    @Test
    void vectorAndPlainScansAgreeWithTheDefinitionEverywhere() {
        Random r = new Random(42);
        ScoreScan plain = ScoreScan.scalar();
        ScoreScan vector = ScoreScan.vector();
        int checked = 0;
        for (int round = 0; round < 40; round++) {
            int n = 1 + r.nextInt(90);
            float[] s = new float[n + 1];
            for (int i = 0; i <= n; i++) {
                int kind = r.nextInt(20);
                s[i] = kind == 0
                        ? Float.NaN
                        : kind == 1 ? Float.NEGATIVE_INFINITY : kind == 2 ? Float.POSITIVE_INFINITY : r.nextInt(7) - 3;
            }
            float[] thresholds = {-3, 0, 1.5f, 3, Float.NEGATIVE_INFINITY, s[r.nextInt(n + 1)]};
            for (int from = 0; from <= n; from++) {
                for (int to = from - 1; to <= n; to++) {
                    for (float t : thresholds) {
                        for (ScoreScan scan : new ScoreScan[] {plain, vector}) {
                            assertThat(scan.firstNotAtMost(s, from, to, t))
                                    .isEqualTo(first(s, from, to, x -> !(x <= t)));
                            assertThat(scan.firstNotBelow(s, from, to, t)).isEqualTo(first(s, from, to, x -> !(x < t)));
                            assertThat(scan.firstNotAbove(s, from, to, t)).isEqualTo(first(s, from, to, x -> !(x > t)));
                            assertThat(scan.countAbove(s, from, to, t)).isEqualTo(count(s, from, to, x -> x > t));
                            assertThat(scan.countAtLeast(s, from, to, t)).isEqualTo(count(s, from, to, x -> x >= t));
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    private interface FloatTest {
        boolean test(float x);
    }

    private static int first(float[] s, int from, int to, FloatTest test) {
        for (int i = from; i <= to; i++) {
            if (test.test(s[i])) {
                return i;
            }
        }
        return to + 1;
    }

    private static int count(float[] s, int from, int to, FloatTest test) {
        int c = 0;
        for (int i = from; i <= to; i++) {
            c += test.test(s[i]) ? 1 : 0;
        }
        return c;
    }
}
