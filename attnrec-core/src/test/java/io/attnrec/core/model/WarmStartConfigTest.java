package io.attnrec.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WarmStartConfigTest {

    @Test
    void theStepBudgetFollowsTheNewEventsWithinItsBounds() {
        WarmStartConfig epochs = WarmStartConfig.defaults();
        assertThat(epochs.stepBudget(10_000, 0)).isZero(); // counted in epochs

        WarmStartConfig steps = WarmStartConfig.defaults().withSteps(4, 0);
        assertThat(steps.stepBudget(2_500, 0)).isEqualTo(10);
        assertThat(steps.stepBudget(2_501, 0)).isEqualTo(11); // rounded up
        assertThat(steps.stepBudget(100_000, 0)).isEqualTo(400);
        // at least one validation interval, however small the increment
        assertThat(steps.stepBudget(10, 0)).isEqualTo(5);
        assertThat(steps.withValidateEvery(2).stepBudget(10, 0)).isEqualTo(2);
        assertThat(steps.withSteps(4, 50).stepBudget(100_000, 0)).isEqualTo(50);
        // the withers keep the step settings
        assertThat(steps.withEpochs(3).withReplayRatio(2).withMaxItems(9).stepBudget(2_500, 0))
                .isEqualTo(10);
    }

    @Test
    void aFloorGivesASmallIncrementAMinimumOfStepsAndTheCapStillBoundsIt() {
        WarmStartConfig floored = WarmStartConfig.defaults().withSteps(8, 400).withMinSteps(60);
        assertThat(floored.minSteps()).isEqualTo(60);
        assertThat(floored.stepBudget(1_900, 0)).isEqualTo(60); // 8 x 1.9 = 16 steps, raised to the floor
        assertThat(floored.stepBudget(7_500, 0)).isEqualTo(60);
        assertThat(floored.stepBudget(7_501, 0)).isEqualTo(61); // the rate takes over above the floor
        assertThat(floored.stepBudget(24_000, 0)).isEqualTo(192);
        assertThat(floored.stepBudget(1_000_000, 0)).isEqualTo(400); // the cap
        // the floor is a step-budget setting: a budget in epochs stays one
        assertThat(WarmStartConfig.defaults().withMinSteps(60).stepBudget(24_000, 0))
                .isZero();
        // the withers keep it
        assertThat(floored.withValidateEvery(25)
                        .withEpochs(3)
                        .withReplayRatio(2)
                        .withMaxItems(9)
                        .withFineTune(true)
                        .withNewItemLrScale(2)
                        .stepBudget(100, 0))
                .isEqualTo(60);
        // a floor under a validation interval: still one whole interval
        assertThat(floored.withValidateEvery(100).stepBudget(100, 0)).isEqualTo(100);
    }

    @Test
    void aShareFloorFollowsTheRootTrainingsStepsAndIsNoneWhenTheyAreNotKnown() {
        WarmStartConfig shared =
                WarmStartConfig.defaults().withSteps(8, 400).withMinSteps(60).withMinStepShare(0.15);
        // a root trained 1,000 steps: 150 steps, above the constant floor and the events' 16
        assertThat(shared.stepBudget(1_900, 1_000)).isEqualTo(150);
        assertThat(shared.stepBudget(1_900, 1_001)).isEqualTo(151); // rounded up
        // a short root training: the constant floor is the larger one
        assertThat(shared.stepBudget(1_900, 200)).isEqualTo(60);
        // many new events: the rate per event is above both floors
        assertThat(shared.stepBudget(24_000, 1_000)).isEqualTo(192);
        // the cap bounds the share's floor too
        assertThat(shared.stepBudget(1_900, 10_000)).isEqualTo(400);
        // a root whose steps were not counted (format 3, a classical model): the constant floor alone
        assertThat(shared.stepBudget(1_900, 0)).isEqualTo(60);
        // a budget in epochs stays one
        assertThat(WarmStartConfig.defaults().withMinStepShare(0.15).stepBudget(1_900, 1_000))
                .isZero();
        assertThatThrownBy(() -> shared.withMinStepShare(-0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("warm-start min step share must be >= 0 (0 = no floor), got -0.1");
    }

    @Test
    void aFloorAboveTheCapOrBelowZeroIsRefused() {
        WarmStartConfig capped = WarmStartConfig.defaults().withSteps(8, 50);
        assertThatThrownBy(() -> capped.withMinSteps(51))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("warm-start min steps (51) must not exceed max steps (50)");
        assertThat(capped.withMinSteps(50).stepBudget(10, 0)).isEqualTo(50);
        assertThatThrownBy(() -> capped.withMinSteps(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("warm-start min steps must be >= 0 (0 = no floor), got -1");
        // no cap: any floor
        assertThat(WarmStartConfig.defaults()
                        .withSteps(8, 0)
                        .withMinSteps(1_000)
                        .stepBudget(10, 0))
                .isEqualTo(1_000);
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
        assertThat(d.lrScale()).isEqualTo(1.0);
        assertThatThrownBy(() -> d.withLrScale(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the fine-tuning's learning-rate scale must be > 0, got 0.0");
        assertThatThrownBy(() -> d.withLrScale(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the fine-tuning's learning-rate scale must be > 0, got NaN");
    }

    @Test
    void theFineTuningKeepsTheModelsBatchByDefaultAndAScaleRoundsToAtLeastOneSequence() {
        WarmStartConfig d = WarmStartConfig.defaults();
        assertThat(d.batchScale()).isEqualTo(1.0);
        assertThat(d.fineTuneBatch(128)).isEqualTo(128);
        WarmStartConfig half = d.withBatchScale(0.5);
        assertThat(half.fineTuneBatch(128)).isEqualTo(64);
        assertThat(half.fineTuneBatch(127)).isEqualTo(64); // 63.5 rounds half up
        assertThat(d.withBatchScale(0.01).fineTuneBatch(32)).isEqualTo(1); // 0.32: never an empty batch
        assertThatThrownBy(() -> d.withBatchScale(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the fine-tuning's batch-size scale must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> d.withBatchScale(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the fine-tuning's batch-size scale must be in (0, 1], got 2.0");
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
        assertThat(after.stepBudget(100_000, 0)).isEqualTo(50);
        assertThat(after.withNewItemLrScale(2).maxSteps()).isEqualTo(50);
    }

    @Test
    void theNewItemRuleDefaultsToNeighboursSurvivesTheWithersAndABadNameIsAOneLineError() {
        assertThat(WarmStartConfig.defaults().newItemInit()).isEqualTo(NewItemInit.NEIGHBOURS);
        WarmStartConfig c = WarmStartConfig.defaults().withNewItemInit(NewItemInit.PRECEDING_RARE);
        assertThat(c.withSteps(8, 400)
                        .withMinSteps(60)
                        .withValidateEvery(20)
                        .withNewItemLrScale(2)
                        .withReplayRatio(3)
                        .withEpochs(2)
                        .withMaxItems(9)
                        .withFineTune(false)
                        .newItemInit())
                .isEqualTo(NewItemInit.PRECEDING_RARE);
        assertThat(NewItemInit.parse("Neighbours-Rare")).isEqualTo(NewItemInit.NEIGHBOURS_RARE);
        assertThat(NewItemInit.NEIGHBOURS.rareNorm()).isFalse();
        assertThat(NewItemInit.PRECEDING_RARE.rareNorm()).isTrue();
        assertThatThrownBy(() -> NewItemInit.parse("zero"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown new-item initialisation 'zero' (choose one of neighbours, neighbours-rare,"
                        + " preceding-rare)");
        assertThatThrownBy(() -> new WarmStartConfig(
                        1,
                        0.25,
                        0,
                        true,
                        0.5,
                        0,
                        0,
                        0,
                        0,
                        0,
                        5,
                        1,
                        null,
                        FineTuneSchedule.CONSTANT,
                        0,
                        0.5,
                        0,
                        FineTuneValidation.TRAINED,
                        1,
                        FineTuneSelection.BEST,
                        1,
                        1,
                        false,
                        0,
                        0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the new-item initialisation must be set");
    }

    @Test
    void
            theRecommendedSettingsBudgetIsAHundredAndSeventyStepsOrFortyEightPercentOfTheRootUpTo1120AtAQuarterOfTheBatch() {
        WarmStartConfig r = WarmStartConfig.recommended();
        // a small increment on a small root: the 170-step floor (48% of 300 is 144)
        assertThat(r.stepBudget(1_000, 300)).isEqualTo(170);
        // 48% of a root of 1,000 steps, and of 1,001 rounded up
        assertThat(r.stepBudget(1_000, 1_000)).isEqualTo(480);
        assertThat(r.stepBudget(1_000, 1_001)).isEqualTo(481);
        // 22 per 1,000 events beats both floors for 30,000 events
        assertThat(r.stepBudget(30_000, 1_000)).isEqualTo(660);
        // capped at 1,120 however large the root or the increment
        assertThat(r.stepBudget(30_000, 5_000)).isEqualTo(1120);
        assertThat(r.stepBudget(100_000, 0)).isEqualTo(1120);
        // at a quarter of the model's batch
        assertThat(r.batchScale()).isEqualTo(0.25);
        assertThat(r.fineTuneBatch(128)).isEqualTo(32);
        // a 60-step bold probe at 20 times a quarter of the model's rate, then the run it points to
        assertThat(r.probeSteps(170)).isEqualTo(60);
        assertThat(r.lrScale() * r.boldLrScale()).isEqualTo(5.0);
        assertThat(r.replayRatio()).isEqualTo(10);
        assertThat(r.validateEvery()).isEqualTo(30);
        assertThat(r.selection()).isEqualTo(FineTuneSelection.LATEST);
        // the weights kept are a moving average of the trained ones
        assertThat(r.average()).isEqualTo(0.97);
        assertThat(r.fineTune()).isTrue();
        assertThat(r.epochs()).isZero();
    }

    @Test
    void theScheduleIsConstantByDefaultAndCosineWarmsUpThenDecaysToZero() {
        assertThat(WarmStartConfig.defaults().schedule()).isEqualTo(FineTuneSchedule.CONSTANT);
        assertThat(WarmStartConfig.defaults().withNewItemLrScale(3).schedule()).isEqualTo(FineTuneSchedule.CONSTANT);
        for (int step = 1; step <= 60; step++) {
            assertThat(FineTuneSchedule.CONSTANT.factor(step, 60)).isEqualTo(1.0);
        }
        // 60 steps: a warm-up over 6, 1/6 of the rate at the first step, the full rate at the 6th
        FineTuneSchedule c = FineTuneSchedule.COSINE;
        assertThat(c.factor(1, 60)).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(c.factor(3, 60)).isCloseTo(0.5, within(1e-12));
        assertThat(c.factor(6, 60)).isEqualTo(1.0);
        // halfway through the decay (step 6 + 27 of 54) the cosine is at one half
        assertThat(c.factor(33, 60)).isCloseTo(0.5, within(1e-12));
        assertThat(c.factor(60, 60)).isCloseTo(0.0, within(1e-12));
        assertThat(c.factor(61, 60)).isCloseTo(0.0, within(1e-12));
        for (int step = 7; step <= 60; step++) {
            assertThat(c.factor(step, 60)).isLessThan(c.factor(step - 1, 60));
        }
        // a budget of one step: the warm-up is that step
        assertThat(c.factor(1, 1)).isEqualTo(1.0);
        assertThatThrownBy(() -> c.factor(0, 60))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a schedule needs steps >= 1 and step >= 1, got 0 of 60");
        assertThat(FineTuneSchedule.parse(" Cosine ")).isEqualTo(FineTuneSchedule.COSINE);
        assertThat(FineTuneSelection.parse("latest")).isEqualTo(FineTuneSelection.LATEST);
        assertThat(WarmStartConfig.defaults().selection()).isEqualTo(FineTuneSelection.BEST);
        assertThatThrownBy(() -> FineTuneSelection.parse("last"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown fine-tuning selection 'last' (choose one of best, latest)");
        assertThatThrownBy(() -> WarmStartConfig.defaults().withSelection(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the fine-tuning's selection must be set");
        assertThatThrownBy(() -> FineTuneSchedule.parse("linear"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown fine-tuning schedule 'linear' (choose one of constant, cosine)");
        assertThatThrownBy(() -> new WarmStartConfig(
                        1,
                        0.25,
                        0,
                        true,
                        0.5,
                        0,
                        0,
                        0,
                        0,
                        0,
                        5,
                        1,
                        NewItemInit.NEIGHBOURS,
                        null,
                        0,
                        0.5,
                        0,
                        FineTuneValidation.TRAINED,
                        1,
                        FineTuneSelection.BEST,
                        1,
                        1,
                        false,
                        0,
                        0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the fine-tuning schedule must be set");
    }

    @Test
    void aWeightAverageIsOffByDefaultAndItsDecayMustLieBetweenZeroAndOne() {
        assertThat(WarmStartConfig.defaults().average()).isZero();
        assertThat(WarmStartConfig.defaults().withAverage(0.97).average()).isEqualTo(0.97);
        for (double bad : new double[] {1, -0.5, Double.NaN}) {
            assertThatThrownBy(() -> WarmStartConfig.defaults().withAverage(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the fine-tuning's weight average must be 0 (off) or a decay in (0, 1), got " + bad);
        }
    }

    @Test
    void theFineTuningValidatesOnEveryTrainedUserUnlessToldToKeepTheRecentOnes() {
        assertThat(WarmStartConfig.defaults().validation()).isEqualTo(FineTuneValidation.TRAINED);
        WarmStartConfig recent = WarmStartConfig.defaults().withValidation(FineTuneValidation.RECENT);
        assertThat(recent.validation()).isEqualTo(FineTuneValidation.RECENT);
        // the other withers keep it
        assertThat(recent.withBoldProbe(20).withMinSteps(60).validation()).isEqualTo(FineTuneValidation.RECENT);
        assertThat(FineTuneValidation.parse(" Recent")).isEqualTo(FineTuneValidation.RECENT);
        assertThatThrownBy(() -> FineTuneValidation.parse("new"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown fine-tuning validation 'new' (choose one of trained, recent, none)");
        assertThat(FineTuneValidation.parse("none")).isEqualTo(FineTuneValidation.NONE);
        assertThatThrownBy(() -> WarmStartConfig.defaults().withValidation(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the fine-tuning's validation must be set");
    }

    @Test
    void theWarmWeightsAreNotShrunkByDefaultAndAShrinkIsAShareOfThem() {
        assertThat(WarmStartConfig.defaults().shrink()).isEqualTo(1.0);
        assertThat(WarmStartConfig.defaults().withShrink(0.7).withBoldProbe(20).shrink())
                .isEqualTo(0.7);
        assertThatThrownBy(() -> WarmStartConfig.defaults().withShrink(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the warm weights' shrink must be in (0, 1] (1 = none), got 0.0");
        assertThatThrownBy(() -> WarmStartConfig.defaults().withShrink(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the warm weights' shrink must be in (0, 1]");
        assertThatThrownBy(() -> WarmStartConfig.defaults().withShrink(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the warm weights' shrink must be in (0, 1]");
    }

    @Test
    void oneRateByDefaultAndABoldScaleMustBeFiniteAndNotNegative() {
        assertThat(WarmStartConfig.defaults().boldLrScale()).isZero();
        assertThat(WarmStartConfig.defaults()
                        .withBoldLrScale(20)
                        .withMinSteps(60)
                        .boldLrScale())
                .isEqualTo(20);
        assertThatThrownBy(() -> WarmStartConfig.defaults().withBoldLrScale(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the bold learning-rate scale must be >= 0 (0 = one rate), got -1.0");
        assertThatThrownBy(() -> WarmStartConfig.defaults().withBoldLrScale(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the bold learning-rate scale must be >= 0");
    }

    @Test
    void theBoldRunTakesItsShareOfTheBudgetAndEachRunAtLeastOneInterval() {
        WarmStartConfig one = WarmStartConfig.defaults();
        assertThat(one.boldSplit(60)).containsExactly(60, 0);
        WarmStartConfig half = one.withBoldLrScale(20);
        assertThat(half.boldShare()).isEqualTo(0.5);
        assertThat(half.boldSplit(60)).containsExactly(30, 30);
        assertThat(half.boldSplit(193)).containsExactly(97, 96);
        WarmStartConfig quarter = half.withBoldShare(0.25);
        assertThat(quarter.boldSplit(60)).containsExactly(45, 15);
        assertThat(quarter.boldSplit(193)).containsExactly(145, 48);
        // validated every 5 steps: a budget of 6 still gives each run one interval
        assertThat(quarter.boldSplit(6)).containsExactly(5, 5);
        assertThatThrownBy(() -> half.withBoldShare(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the bold run's share of the budget must be in (0, 1), got 1.0");
        assertThatThrownBy(() -> half.withBoldShare(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the bold run's share of the budget must be in (0, 1)");
    }

    @Test
    void aProbeTakesItsStepsWithinTheBudgetAndLeavesTheFollowingRunAtLeastOneInterval() {
        WarmStartConfig bold = WarmStartConfig.defaults().withBoldLrScale(20);
        assertThat(bold.boldProbe()).isZero();
        assertThat(bold.probeSteps(60)).isZero();
        WarmStartConfig probe = bold.withBoldProbe(20);
        assertThat(probe.probeSteps(60)).isEqualTo(20);
        assertThat(probe.probeSteps(193)).isEqualTo(20);
        // validated every 5 steps: a budget of 22 leaves the following run 5 steps, not 2
        assertThat(probe.probeSteps(22)).isEqualTo(17);
        // a probe shorter than an interval takes one interval
        assertThat(bold.withBoldProbe(2).probeSteps(60)).isEqualTo(5);
        // a budget of one interval cannot hold a probe and a run after it: the budget is split instead
        assertThat(probe.probeSteps(9)).isZero();
        assertThat(probe.boldSplit(9)).containsExactly(5, 5);
        // without a bold rate there is nothing to probe
        assertThat(WarmStartConfig.defaults().withBoldProbe(20).probeSteps(60)).isZero();
        assertThatThrownBy(() -> bold.withBoldProbe(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the bold probe's steps must be >= 0 (0 = split the budget), got -1");
    }
}
