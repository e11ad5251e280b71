package io.attnrec.core.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SynthInterestCountTest {

    @Test
    void usersHoldBetweenTheMinimumAndTheMaximumNumberOfInterests() {
        SyntheticWorld w = SyntheticWorld.generate(SynthConfig.defaults()
                .withUsers(300)
                .withItems(200)
                .withInterests(3, 4)
                .withSeed(2));
        int[] counts = new int[5];
        w.users().forEach(u -> counts[u.interests().size()]++);
        assertThat(counts[0] + counts[1] + counts[2]).isZero();
        // uniform over {3, 4}: both occur often
        assertThat(counts[3]).isBetween(100, 200);
        assertThat(counts[4]).isBetween(100, 200);
    }

    @Test
    void theDefaultMinimumIsOneAndKeepsTheDrawOfOneToK() {
        SynthConfig c = SynthConfig.defaults().withUsers(400).withItems(100).withSeed(4);
        assertThat(c.minInterests()).isEqualTo(1);
        int[] counts = new int[5];
        SyntheticWorld.generate(c).users().forEach(u -> counts[u.interests().size()]++);
        for (int k = 1; k <= 4; k++) {
            assertThat(counts[k]).as("users with %d interests", k).isBetween(60, 140);
        }
        // lowering K below the minimum lowers the minimum with it
        assertThat(c.withInterests(3, 4).withInterests(2).minInterests()).isEqualTo(2);
    }

    @Test
    void rejectsAMinimumOutsideOneToK() {
        assertThatThrownBy(() -> SynthConfig.defaults().withInterests(0, 3)).hasMessageContaining("min interests");
        assertThatThrownBy(() -> SynthConfig.defaults().withInterests(4, 3)).hasMessageContaining("min interests");
    }
}
