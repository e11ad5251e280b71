package io.attnrec.nn.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DynamicInterestsTest {

    @Test
    void countIsFloorLog2ClampedToOneAndK() {
        int[] lengths = {0, 1, 2, 3, 4, 7, 8, 15, 16, 100};
        int[] expected = {1, 1, 1, 1, 2, 2, 3, 3, 4, 4};
        for (int i = 0; i < lengths.length; i++) {
            assertThat(DynamicInterests.count(lengths[i], 4))
                    .as("length " + lengths[i])
                    .isEqualTo(expected[i]);
        }
        assertThat(DynamicInterests.count(1000, 1)).isEqualTo(1);
        assertThat(DynamicInterests.count(1 << 20, 32)).isEqualTo(20);
        assertThatThrownBy(() -> DynamicInterests.count(5, 0)).hasMessageContaining("K");
    }

    @Test
    void activeRowsSwitchOnTheFirstInterests() {
        assertThat(DynamicInterests.activeRows(new int[] {1, 5, 9}, 3)).containsExactly(1, 0, 0, 1, 1, 0, 1, 1, 1);
    }
}
