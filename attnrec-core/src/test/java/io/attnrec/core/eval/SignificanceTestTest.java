package io.attnrec.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Reference values: Student's sleep data (Cushny and Peebles 1905, R's {@code sleep} data set),
 * whose paired t-test is the textbook example ({@code t.test(extra ~ group, data = sleep, paired =
 * TRUE)}: t = -4.0621, df = 9, p = 0.002833; {@code wilcox.test(..., paired = TRUE)}: V = 0,
 * p = 0.009091). Further digits and the second data set were computed once with SciPy 1.17
 * ({@code ttest_rel}, {@code wilcoxon(correction=True, method="approx")}, {@code t.sf}, {@code
 * norm.sf}).
 */
class SignificanceTestTest {

    private static final double[] SLEEP_1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
    private static final double[] SLEEP_2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

    @Test
    void sleepDataMatchesTheTextbook() {
        SignificanceTest.PairedResult r = SignificanceTest.paired(SLEEP_1, SLEEP_2);
        assertThat(r.n()).isEqualTo(10);
        assertThat(r.meanDifference()).isCloseTo(-1.58, within(1e-12));
        assertThat(r.t()).isCloseTo(-4.062127683382037, within(1e-9));
        assertThat(r.pValue()).isCloseTo(0.002832890197384273, within(1e-12));
        // Nine non-zero differences, all negative: W+ = 0, tie-corrected variance 71.125,
        // z = (0 - 22.5 + 0.5) / sqrt(71.125).
        assertThat(r.wilcoxonW()).isEqualTo(0.0);
        assertThat(r.wilcoxonZ()).isCloseTo(-22.0 / Math.sqrt(71.125), within(1e-12));
        assertThat(r.wilcoxonP()).isCloseTo(0.009090698015925044, within(1e-12));
        assertThat(r.significant(0.01)).isTrue();
        // Swapping the samples flips the sign only.
        SignificanceTest.PairedResult swapped = SignificanceTest.paired(SLEEP_2, SLEEP_1);
        assertThat(swapped.t()).isCloseTo(4.062127683382037, within(1e-9));
        assertThat(swapped.pValue()).isCloseTo(r.pValue(), within(1e-15));
        assertThat(swapped.wilcoxonP()).isCloseTo(r.wilcoxonP(), within(1e-15));
    }

    @Test
    void secondDataSetWithTiesMatchesScipy() {
        double[] a = {
            0.512, 0.95, 0.144, 0.949, 0.312, 0.423, 0.828, 0.409, 0.55, 0.028, 0.754, 0.538, 0.33, 0.788, 0.303,
            0.453, 0.134, 0.403, 0.203, 0.262, 0.75, 0.28, 0.485, 0.981, 0.962, 0.725, 0.541, 0.277, 0.161, 0.97
        };
        double[] b = {
            0.537, 1.424, -0.028, 0.923, 0.771, 0.602, 1.011, 0.356, 0.27, 0.111, 0.826, 0.343, 0.243, 0.824, 0.164,
            0.483, 0.203, 0.46, 0.152, 0.431, 0.978, 0.394, 0.371, 1.177, 0.912, 0.951, 0.377, 0.51, 0.207, 0.77
        };
        SignificanceTest.PairedResult r = SignificanceTest.paired(a, b);
        assertThat(r.meanDifference()).isCloseTo(-0.04493333333333333, within(1e-12));
        assertThat(r.t()).isCloseTo(-1.3498380551968963, within(1e-9));
        assertThat(r.pValue()).isCloseTo(0.18751087282030604, within(1e-10));
        assertThat(r.wilcoxonW()).isEqualTo(176.5);
        assertThat(r.wilcoxonP()).isCloseTo(0.25363154442918634, within(1e-10));
    }

    @Test
    void distributionFunctionsMatchClosedFormsAndScipy() {
        // df = 1 is the Cauchy distribution: P(|T| > t) = 1 - 2 atan(t) / pi.
        for (double t : new double[] {0.1, 1, 3.5, 40}) {
            assertThat(SpecialFunctions.studentTwoSidedP(t, 1))
                    .isCloseTo(1 - 2 * Math.atan(t) / Math.PI, within(1e-12));
            // df = 2: P(|T| > t) = 1 - t / sqrt(2 + t^2).
            assertThat(SpecialFunctions.studentTwoSidedP(t, 2)).isCloseTo(1 - t / Math.sqrt(2 + t * t), within(1e-12));
        }
        assertThat(SpecialFunctions.studentTwoSidedP(3.0, 5)).isCloseTo(0.030099247897462586, within(1e-12));
        assertThat(SpecialFunctions.studentTwoSidedP(10, 3)).isCloseTo(0.0021283990584141503, within(1e-13));
        // A user-level test on 40k users has 40k degrees of freedom.
        assertThat(SpecialFunctions.studentTwoSidedP(1.5, 40000)).isCloseTo(0.13362229497695222, within(1e-10));
        assertThat(SpecialFunctions.normalTwoSidedP(2.5)).isCloseTo(0.012419330651552265, within(1e-13));
        assertThat(SpecialFunctions.normalTwoSidedP(6)).isCloseTo(1.973175290075389e-09, within(1e-18));
        assertThat(SpecialFunctions.normalTwoSidedP(0)).isCloseTo(1, within(1e-15));
        assertThat(SpecialFunctions.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-13));
        assertThat(SpecialFunctions.logGamma(10)).isCloseTo(Math.log(362880), within(1e-12));
    }

    @Test
    void degenerateInputsGiveDefinedNumbers() {
        SignificanceTest.PairedResult same = SignificanceTest.paired(new double[] {1, 0, 1}, new double[] {1, 0, 1});
        assertThat(same.t()).isZero();
        assertThat(same.pValue()).isEqualTo(1.0);
        assertThat(same.wilcoxonP()).isEqualTo(1.0);
        SignificanceTest.PairedResult shifted =
                SignificanceTest.paired(new double[] {1, 2, 3}, new double[] {0.5, 1.5, 2.5});
        assertThat(shifted.t()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(shifted.pValue()).isZero();
        assertThatThrownBy(() -> SignificanceTest.paired(new double[] {1}, new double[] {2}))
                .hasMessage("paired test needs at least 2 pairs, got 1");
        assertThatThrownBy(() -> SignificanceTest.paired(new double[] {1, 2}, new double[] {2}))
                .hasMessage("paired test needs arrays of equal length, got 2 and 1");
        assertThatThrownBy(() -> SignificanceTest.paired(new double[] {1, Double.NaN}, new double[] {2, 3}))
                .hasMessage("paired test value 1 is not finite");
    }
}
