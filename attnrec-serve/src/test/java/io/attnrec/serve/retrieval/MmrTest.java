package io.attnrec.serve.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MmrTest {

    /** Items 1 and 2 are duplicates of each other; 3 is unlike both. */
    private static final ItemVectorSimilarity SIM = new ItemVectorSimilarity() {
        @Override
        public double similarity(int a, int b) {
            return a == b || (a + b == 3) ? 1.0 : 0.0;
        }

        @Override
        public String kind() {
            return "test";
        }
    };

    private static final Ranked CANDIDATES = new Ranked(new int[] {1, 2, 3}, new float[] {1.0f, 0.9f, 0.0f});

    @Test
    void zeroDiversityKeepsModelOrder() {
        assertThat(Mmr.rerank(CANDIDATES, 3, 0.0, SIM).items()).containsExactly(1, 2, 3);
    }

    @Test
    void halfDiversityPromotesTheDissimilarItem() {
        // rel = (1, 0.9, 0); after picking 1: item 2 -> 0.5*0.9 - 0.5*1 = -0.05, item 3 -> 0.
        Ranked r = Mmr.rerank(CANDIDATES, 3, 0.5, SIM);

        assertThat(r.items()).containsExactly(1, 3, 2);
        assertThat(r.scores()).containsExactly(1.0f, 0.0f, 0.9f);
    }

    @Test
    void lowDiversityIsNotEnoughToOvertakeRelevance() {
        // lambda 0.9: item 2 -> 0.81 - 0.1 = 0.71 beats item 3 -> 0.
        assertThat(Mmr.rerank(CANDIDATES, 2, 0.1, SIM).items()).containsExactly(1, 2);
    }

    @Test
    void rejectsDiversityOutsideUnitInterval() {
        assertThatThrownBy(() -> Mmr.rerank(CANDIDATES, 2, 1.5, SIM)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mmr.rerank(CANDIDATES, 2, Double.NaN, SIM))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
