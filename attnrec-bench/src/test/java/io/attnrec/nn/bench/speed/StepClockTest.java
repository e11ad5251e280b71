package io.attnrec.nn.bench.speed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StepClockTest {

    @Test
    void stopsRightAfterTheLastTimedStep() {
        StepClock clock = new StepClock(2, 3);
        clock.onTrainingStart("sasrec", 1, 10);
        for (int b = 1; b <= 4; b++) {
            clock.onBatchEnd(1, b, 1.0);
        }
        assertThat(clock.timedSteps()).isEqualTo(2);
        assertThatThrownBy(() -> clock.onBatchEnd(1, 5, 1.0)).isInstanceOf(StepClock.Enough.class);
        assertThat(clock.timedSteps()).isEqualTo(3);
        assertThat(clock.timedSeconds()).isGreaterThanOrEqualTo(0.0);
        assertThat(clock.stepsPerEpoch()).isEqualTo(10);
    }

    @Test
    void zeroStepsTimesTheRestOfTheFirstEpoch() {
        StepClock clock = new StepClock(3, 0);
        clock.onTrainingStart("sasrec", 2, 10);
        for (int b = 1; b <= 10; b++) {
            clock.onBatchEnd(1, b, 1.0);
        }
        // a second epoch is not timed
        clock.onBatchEnd(2, 1, 1.0);
        assertThat(clock.timedSteps()).isEqualTo(7);
    }

    @Test
    void warmUpPlusStepsMustFitInOneEpoch() {
        assertThatThrownBy(() -> new StepClock(8, 3).onTrainingStart("sasrec", 1, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one epoch of 10 steps");
        assertThatThrownBy(() -> new StepClock(10, 0).onTrainingStart("sasrec", 1, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StepClock(-1, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
