package io.attnrec.core.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProtocolTest {

    @Test
    void everyNameGivesItsTypedProtocolAndSplitter() {
        for (String name : Protocol.NAMES) {
            Protocol p = Protocol.of(name, 7L, HistoryMask.HISTORY);
            assertThat(p.name()).isEqualTo(name);
            assertThat(p.splitter().protocol()).isEqualTo(name);
        }
        assertThat(Protocol.of("USER", 7L, HistoryMask.NONE)).isInstanceOfSatisfying(Protocol.UserSplit.class, u -> {
            assertThat(u.config().seed()).isEqualTo(7L);
            assertThat(u.config().mask()).isEqualTo(HistoryMask.NONE);
        });
    }

    @Test
    void theUserSplitAddsItsCutOffFiftyTheOthersKeepWhatWasAsked() {
        assertThat(Protocol.of("user", 1L, HistoryMask.HISTORY).cutoffs(new int[] {5, 10, 20}))
                .containsExactly(5, 10, 20, 50);
        assertThat(Protocol.of("user", 1L, HistoryMask.HISTORY).cutoffs(new int[] {20, 50}))
                .containsExactly(20, 50);
        assertThat(Protocol.of("loo", 1L, HistoryMask.HISTORY).cutoffs(new int[] {5, 10}))
                .containsExactly(5, 10);
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Protocol.of("random", 1L, HistoryMask.HISTORY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loo, temporal, user, coldstart");
    }
}
