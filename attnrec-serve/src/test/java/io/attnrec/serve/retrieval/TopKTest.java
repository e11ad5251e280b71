package io.attnrec.serve.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void knownAnswerWithTiesNanAndExclusions() {
        //                 pad   1   2     3   4    5    6
        float[] scores = {99f, 3f, 5f, Float.NaN, 5f, 1f, 4f};
        BitSet excluded = new BitSet();
        excluded.set(6);

        Ranked top = TopK.select(scores, 3, excluded);

        // Item 0 (padding) and 6 (excluded) never appear, NaN is skipped, the 5f tie goes to id 2.
        assertThat(top.items()).containsExactly(2, 4, 1);
        assertThat(top.scores()).containsExactly(5f, 5f, 3f);
    }

    @Test
    void returnsFewerWhenNotEnoughItems() {
        Ranked top = TopK.select(new float[] {0, 2, 1}, 10, null);

        assertThat(top.items()).containsExactly(1, 2);
    }

    @Test
    void parallelSelectionEqualsSerial() {
        SplittableRandom r = new SplittableRandom(7);
        float[] scores = new float[50_001];
        for (int i = 1; i < scores.length; i++) {
            // Coarse values so that many ties must be broken by item id.
            scores[i] = r.nextInt(1000);
        }
        BitSet excluded = new BitSet();
        for (int i = 0; i < 500; i++) {
            excluded.set(1 + r.nextInt(50_000));
        }

        Ranked serial = TopK.select(scores, 100, excluded, Integer.MAX_VALUE);
        Ranked parallel = TopK.select(scores, 100, excluded, 1000);

        assertThat(parallel).isEqualTo(serial);
        assertThat(serial.items()).hasSize(100);
        for (int i = 1; i < 100; i++) {
            assertThat(TopK.better(
                            serial.scores()[i - 1], serial.items()[i - 1], serial.scores()[i], serial.items()[i]))
                    .isTrue();
        }
    }

    @Test
    void rejectsNonPositiveK() {
        assertThatThrownBy(() -> TopK.select(new float[3], 0, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
