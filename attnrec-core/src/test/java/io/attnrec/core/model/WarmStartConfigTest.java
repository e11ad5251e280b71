package io.attnrec.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WarmStartConfigTest {

    @Test
    void theStepBudgetFollowsTheNewEventsWithinItsBounds() {
        WarmStartConfig epochs = WarmStartConfig.defaults();
        assertThat(epochs.stepBudget(10_000)).isZero(); // counted in epochs

        WarmStartConfig steps = WarmStartConfig.defaults().withSteps(4, 0);
        assertThat(steps.stepBudget(2_500)).isEqualTo(10);
        assertThat(steps.stepBudget(2_501)).isEqualTo(11); // rounded up
        assertThat(steps.stepBudget(100_000)).isEqualTo(400);
        // at least one validation interval, however small the increment
        assertThat(steps.stepBudget(10)).isEqualTo(5);
        assertThat(steps.withValidateEvery(2).stepBudget(10)).isEqualTo(2);
        assertThat(steps.withSteps(4, 50).stepBudget(100_000)).isEqualTo(50);
        // the withers keep the step settings
        assertThat(steps.withEpochs(3).withReplayRatio(2).withMaxItems(9).stepBudget(2_500))
                .isEqualTo(10);
    }

    @Test
    void badStepSettingsAreOneLineErrors() {
        WarmStartConfig d = WarmStartConfig.defaults();
        assertThatThrownBy(() -> d.withSteps(-1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("warm-start steps per 1,000 events must be >= 0 (0 = count in epochs), got -1.0");
        assertThatThrownBy(() -> d.withSteps(Double.NaN, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps per 1,000 events must be >= 0");
        assertThatThrownBy(() -> d.withSteps(4, -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("warm-start max steps must be >= 0 (0 = no limit), got -2");
        assertThatThrownBy(() -> d.withValidateEvery(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("warm-start validate-every must be >= 1 step, got 0");
        assertThatThrownBy(() -> d.withNewItemLrScale(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the new items' learning-rate scale must be > 0, got 0.0");
        assertThatThrownBy(() -> d.withNewItemLrScale(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learning-rate scale must be > 0");
    }

    @Test
    void theNewItemsLearningRateScaleDefaultsToOneAndSurvivesTheWithers() {
        assertThat(WarmStartConfig.defaults().newItemLrScale()).isEqualTo(1.0);
        WarmStartConfig scaled = WarmStartConfig.defaults().withNewItemLrScale(8);
        WarmStartConfig after = scaled.withSteps(4, 50)
                .withValidateEvery(2)
                .withEpochs(3)
                .withReplayRatio(2)
                .withMaxItems(9)
                .withFineTune(false);
        assertThat(after.newItemLrScale()).isEqualTo(8.0);
        assertThat(after.stepBudget(100_000)).isEqualTo(50);
        assertThat(after.withNewItemLrScale(2).maxSteps()).isEqualTo(50);
    }
}
