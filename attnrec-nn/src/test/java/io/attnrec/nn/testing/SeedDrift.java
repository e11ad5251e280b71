package io.attnrec.nn.testing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Same-seed checks for trained models. Two trainings with one seed are bit-identical in almost
 * every run, but a rare rounding-level drift between runs is measured and not explained yet
 * (bench/RESULTS.md, issue 3 item 4): it reached 0.01 in the scores of these tests' small
 * models. So a same-seed pair must agree within {@link #TOLERANCE}, and a pair trained with
 * different seeds must differ by more than that, which keeps the check able to fail when the seed
 * is ignored.
 */
public final class SeedDrift {

    /** Largest score difference accepted between two same-seed trainings. */
    public static final float TOLERANCE = 0.05f;

    private SeedDrift() {}

    /** Largest absolute difference between two score arrays. */
    public static float maxDifference(float[] a, float[] b) {
        assertThat(b).hasSameSizeAs(a);
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** Same seed: the scores agree up to the measured drift. */
    public static void assertSameSeed(float[] a, float[] b) {
        assertThat(maxDifference(a, b))
                .as("same seed, largest score difference")
                .isLessThanOrEqualTo(TOLERANCE);
    }

    /** Different seeds: the scores differ by more than the drift could explain. */
    public static void assertOtherSeed(float[] a, float[] c) {
        assertThat(maxDifference(a, c))
                .as("other seed, largest score difference")
                .isGreaterThan(TOLERANCE);
    }
}
