package io.attnrec.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.Recommender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaithfulnessTest {

    /**
     * 30 items. Item 30 scores 10 per occurrence of history item 1 and 0.1 per other entry; every
     * item i in 11..29 scores 0.5 per history entry (a crowd just below). Its attention claims the
     * newest entry matters most: wrong on purpose.
     */
    static final class OneCause implements Recommender, Explainable {
        @Override
        public String name() {
            return "one-cause";
        }

        @Override
        public int numItems() {
            return 30;
        }

        @Override
        public void score(int user, int[] history, float[] scores) {
            java.util.Arrays.fill(scores, 0);
            for (int h : history) {
                scores[30] += h == 1 ? 10 : 0.1f;
                for (int i = 11; i <= 29; i++) {
                    scores[i] += 0.5f;
                }
            }
        }

        @Override
        public Explanation explain(int user, int[] history, int item) {
            List<Explanation.Contribution> cs = new ArrayList<>();
            for (int p = 0; p < history.length; p++) {
                cs.add(new Explanation.Contribution(history[p], p, p));
            }
            cs.sort((a, b) -> Double.compare(b.weight(), a.weight()));
            return new Explanation(item, -1, cs);
        }
    }

    @Test
    void attributionFindsTheCauseThatAttentionAndChanceMiss() {
        List<EvalCase> cases = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            // history: 1 once, at a varying place, among 9 others from 2..10
            int[] h = new int[10];
            for (int p = 0, x = 2; p < 10; p++) {
                h[p] = p == u % 9 ? 1 : x++;
            }
            cases.add(new EvalCase(u, h, new int[] {30}, new int[0]));
        }
        cases.add(new EvalCase(99, new int[] {1, 2, 3}, new int[] {30}, new int[0])); // too short
        Faithfulness.Result r = Faithfulness.measure(new OneCause(), cases, 1000, 7L);
        assertThat(r.users()).isEqualTo(40);
        assertThat(r.skipped()).isEqualTo(1);
        // Removing item 1 drops item 30 from 10 + 0.9 to 0.9 while 19 items hold 5 - 0.5 = 4.5:
        // rank 1 -> 20, for every user, at once.
        assertThat(r.mean(0, 0)).isEqualTo(19.0);
        assertThat(r.leftTop(0, 0)).isEqualTo(1.0);
        // Attention (newest first) never removes item 1 at the last position (u % 9 < 9); chance
        // does so rarely with 1 of 10 removed.
        assertThat(r.mean(1, 0)).isZero();
        assertThat(r.mean(2, 0)).isLessThan(5.0);
        assertThat(r.beats(0, 2, 0)).isGreaterThan(0.8);
        assertThat(r.beats(0, 1, 0)).isEqualTo(1.0);
        // The curve only grows with more removed.
        for (int m = 1; m < Faithfulness.MAX_REMOVED; m++) {
            assertThat(r.mean(0, m)).isGreaterThanOrEqualTo(r.mean(0, m - 1));
        }
        // Same seed, same numbers.
        assertThat(Faithfulness.measure(new OneCause(), cases, 1000, 7L).mean(2, 2))
                .isEqualTo(r.mean(2, 2));
    }
}
