package io.attnrec.nn.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.nn.seq.Padding;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NextItemBatchesTest {

    private static final int[][] SEQUENCES = {{1, 2, 3, 4}, {5, 6}, {7}, {}};

    @Test
    void leftPaddedWindowsWithEveryPositionAsTarget() {
        NextItemBatches batches = new NextItemBatches(SEQUENCES, 2, Padding.LEFT);
        assertThat(batches.trainableUsers()).containsExactly(0, 1);
        NextItemBatches.Batch b = batches.build(new int[] {0, 1}, 0, 2);
        assertThat(b.rows()).isEqualTo(2);
        assertThat(b.length()).isEqualTo(2);
        // user 0: newest 2 inputs of 1,2,3 -> (2,3) predicting (3,4); user 1: (pad,5) -> 6
        assertThat(b.inputs()).containsExactly(2, 3, 0, 5);
        assertThat(b.positions()).containsExactly(0, 1, 3);
        assertThat(b.targets()).containsExactly(3, 4, 6);
        assertThat(b.users()).containsExactly(0, 0, 1);
    }

    @Test
    void rightPaddedWindowsAndBatchLengthCut() {
        NextItemBatches batches = new NextItemBatches(SEQUENCES, 10, Padding.RIGHT);
        NextItemBatches.Batch b = batches.build(new int[] {1, 0}, 0, 2);
        // longest input in the batch is 3, not maxLen 10
        assertThat(b.length()).isEqualTo(3);
        assertThat(b.inputs()).containsExactly(5, 0, 0, 1, 2, 3);
        assertThat(b.positions()).containsExactly(0, 3, 4, 5);
        assertThat(b.targets()).containsExactly(6, 2, 3, 4);
    }

    @Test
    void negativesAreItemsTheUserNeverHad() {
        NextItemBatches batches = new NextItemBatches(SEQUENCES, 5, Padding.LEFT);
        NextItemBatches.Batch b = batches.build(new int[] {0, 1}, 0, 2);
        SplittableRandom rng = new SplittableRandom(1);
        for (int round = 0; round < 200; round++) {
            long[] neg = batches.negativesPerPosition(b, 1, 9, rng);
            for (int p = 0; p < neg.length; p++) {
                assertThat(neg[p]).isBetween(1L, 9L);
                if (b.users()[p] == 0) {
                    assertThat(neg[p]).isNotIn(1L, 2L, 3L, 4L);
                } else {
                    assertThat(neg[p]).isNotIn(5L, 6L);
                }
            }
        }
    }

    @Test
    void kNegativesPerPositionAvoidThatPositionsUser() {
        NextItemBatches batches = new NextItemBatches(new int[][] {{1, 2, 3, 4}, {5, 6}}, 10, Padding.LEFT);
        NextItemBatches.Batch b = batches.build(new int[] {1, 0}, 0, 2);
        SplittableRandom rng = new SplittableRandom(2);
        int k = 5;
        for (int round = 0; round < 200; round++) {
            long[] neg = batches.negativesPerPosition(b, k, 9, rng);
            assertThat(neg).hasSize(b.targets().length * k);
            for (int i = 0; i < neg.length; i++) {
                assertThat(neg[i]).isBetween(1L, 9L);
                // position i / k belongs to user 1 (items 5, 6) or user 0 (items 1..4)
                if (b.users()[i / k] == 1) {
                    assertThat(neg[i]).isNotIn(5L, 6L);
                } else {
                    assertThat(neg[i]).isNotIn(1L, 2L, 3L, 4L);
                }
            }
        }
    }
}
