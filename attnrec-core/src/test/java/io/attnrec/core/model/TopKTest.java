package io.attnrec.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void picksHighestScoresBestFirstWithTiesToLowerIdAndSkipsExcluded() {
        float[] scores = {99f, 0.5f, 2f, 2f, Float.NaN, 3f, 1f};
        assertThat(TopK.select(scores, 3, new int[] {})).containsExactly(5, 2, 3);
        assertThat(TopK.select(scores, 3, new int[] {5})).containsExactly(2, 3, 6);
        assertThat(TopK.select(scores, 10, new int[] {2})).containsExactly(5, 3, 6, 1);
        assertThat(TopK.select(scores, 0, new int[] {})).isEmpty();
    }

    @Test
    void agreesWithAFullSortOnRandomScores() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + rnd.nextInt(300);
            float[] scores = new float[n + 1];
            for (int i = 1; i <= n; i++) {
                scores[i] = rnd.nextInt(20); // many ties on purpose
            }
            int k = 1 + rnd.nextInt(40);
            int[] expected = IntStream.rangeClosed(1, n)
                    .boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i))
                    .limit(k)
                    .mapToInt(Integer::intValue)
                    .toArray();
            assertThat(TopK.select(scores, k, new int[0]))
                    .as(Arrays.toString(scores))
                    .containsExactly(expected);
        }
    }
}
