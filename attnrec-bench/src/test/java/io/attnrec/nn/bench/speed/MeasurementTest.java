package io.attnrec.nn.bench.speed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MeasurementTest {

    @Test
    void projectsSecondsPerEpochFromTheTimedSteps() {
        // 100 steps of 128 users in 250 s; Beauty has 315 steps per epoch
        Measurement m = new Measurement("attnrec", "ce", 100, 250.0, 12_800, 315);
        assertThat(m.secondsPerStep()).isCloseTo(2.5, within(1e-12));
        assertThat(m.sequencesPerSecond()).isCloseTo(51.2, within(1e-12));
        assertThat(m.secondsPerEpoch()).isCloseTo(787.5, within(1e-9));
        assertThat(m.resultLine())
                .isEqualTo("RESULT impl=attnrec loss=ce steps=100 seconds=250.000 s_per_step=2.5000"
                        + " seq_per_s=51.2 steps_per_epoch=315 s_per_epoch=787.5");
    }

    @Test
    void rejectsImpossibleMeasurements() {
        assertThatThrownBy(() -> new Measurement("a", "ce", 0, 1.0, 1, 10)).hasMessageContaining("timed steps");
        assertThatThrownBy(() -> new Measurement("a", "ce", 11, 1.0, 1, 10)).hasMessageContaining("1..10");
        assertThatThrownBy(() -> new Measurement("a", "ce", 1, 0.0, 1, 10)).hasMessageContaining("seconds");
        assertThatThrownBy(() -> new Measurement("a", "ce", 1, Double.NaN, 1, 10))
                .hasMessageContaining("seconds");
        assertThatThrownBy(() -> new Measurement("a", "ce", 1, 1.0, 0, 10)).hasMessageContaining("sequences");
    }
}
