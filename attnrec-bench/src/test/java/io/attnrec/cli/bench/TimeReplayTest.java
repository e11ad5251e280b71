package io.attnrec.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.model.FineTuneSchedule;
import io.attnrec.core.model.FineTuneSelection;
import io.attnrec.core.model.FineTuneValidation;
import io.attnrec.core.model.NewItemInit;
import io.attnrec.core.model.WarmStartConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeReplayTest {

    @Test
    void theWarmStartsOwnSettingsAreTakenOutOfTheTrainingOverrides() {
        TimeReplay.Warm w =
                TimeReplay.warm(8, 400, 0, 10, "lr=0.0005,min_steps=60,validate_every=20,new_item_lr=5,val_users=500");
        WarmStartConfig c = w.config();
        assertThat(c.stepsPerKiloEvent()).isEqualTo(8.0);
        assertThat(c.maxSteps()).isEqualTo(400);
        assertThat(c.minSteps()).isEqualTo(60);
        assertThat(c.validateEvery()).isEqualTo(20);
        assertThat(c.newItemLrScale()).isEqualTo(5.0);
        assertThat(c.replayRatio()).isEqualTo(10.0);
        // the floor and the rate: 1,900 new events are 16 steps by the rate, 60 by the floor
        assertThat(c.stepBudget(1_900, 0)).isEqualTo(60);
        assertThat(c.stepBudget(24_000, 0)).isEqualTo(192); // above the floor: the rate
        assertThat(w.options().asMap()).isEqualTo(Map.of("lr", "0.0005", "val_users", "500"));
        assertThat(w.label()).contains("(min 60)").contains("(max 400)").contains("(validated every 20)");
        assertThat(c.newItemInit()).isEqualTo(NewItemInit.NEIGHBOURS);
        assertThat(c.minStepShare()).isZero();

        // a floor as a share of the first model's training steps
        TimeReplay.Warm shared = TimeReplay.warm(8, 400, 0, 10, "lr=0.0005,min_steps=60,min_step_share=0.15");
        assertThat(shared.config().minStepShare()).isEqualTo(0.15);
        assertThat(shared.config().stepBudget(1_900, 1_000)).isEqualTo(150);
        assertThat(shared.options().asMap()).isEqualTo(Map.of("lr", "0.0005"));
        assertThat(shared.label()).contains("(min 60)").contains("(min 0.15 of the first training's steps)");
    }

    @Test
    void theNewItemRuleIsAWarmStartSettingToo() {
        TimeReplay.Warm w = TimeReplay.warm(8, 400, 0, 10, "lr=0.0005,new_item_init=preceding-rare");
        assertThat(w.config().newItemInit()).isEqualTo(NewItemInit.PRECEDING_RARE);
        assertThat(w.options().asMap()).isEqualTo(Map.of("lr", "0.0005"));
        assertThat(w.label()).contains("new rows preceding-rare");
        assertThatThrownBy(() -> TimeReplay.warm(8, 400, 0, 10, "new_item_init=mean"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown new-item initialisation 'mean'");
    }

    @Test
    void resumingTheParentsOptimiserIsAWarmStartSettingToo() {
        TimeReplay.Warm w = TimeReplay.warm(8, 400, 0, 10, "lr=0.0005,optimizer=resume,window=15,ema=0.97");
        assertThat(w.config().resumeOptimizer()).isTrue();
        assertThat(w.config().window()).isEqualTo(15);
        assertThat(w.config().average()).isEqualTo(0.97);
        assertThat(w.options().asMap()).isEqualTo(Map.of("lr", "0.0005"));
        assertThat(w.label())
                .contains("the parent's optimiser resumed")
                .contains("the newest 15 transitions per user")
                .contains("a moving average of the weights (decay 0.97) kept");
        assertThat(TimeReplay.warm(8, 400, 0, 10, "lr=0.0005").config().average())
                .isZero();
        assertThat(TimeReplay.warm(8, 400, 0, 10, "lr=0.0005").config().resumeOptimizer())
                .isFalse();
        assertThat(TimeReplay.warm(8, 400, 0, 10, "lr=0.0005").config().window())
                .isZero();
        assertThatThrownBy(() -> TimeReplay.warm(8, 400, 0, 10, "optimizer=keep"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("optimizer must be fresh or resume, got keep");
    }

    @Test
    void theLearningRateScheduleIsAWarmStartSettingToo() {
        TimeReplay.Warm w = TimeReplay.warm(8, 400, 0, 10, "lr=0.01,lr_schedule=cosine,validate_every=20");
        assertThat(w.config().schedule()).isEqualTo(FineTuneSchedule.COSINE);
        assertThat(w.options().asMap()).isEqualTo(Map.of("lr", "0.01"));
        assertThat(w.label()).contains("lr schedule cosine");
        assertThat(TimeReplay.warm(8, 400, 0, 10, "lr=0.01").config().schedule())
                .isEqualTo(FineTuneSchedule.CONSTANT);
        assertThatThrownBy(() -> TimeReplay.warm(8, 400, 0, 10, "lr_schedule=step"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown fine-tuning schedule 'step'");
    }

    @Test
    void theBoldRunAndItsShareAreWarmStartSettings() {
        TimeReplay.Warm w = TimeReplay.warm(8, 400, 0, 10, "lr=0.0005,bold_lr=20,bold_share=0.25");
        assertThat(w.config().boldLrScale()).isEqualTo(20);
        assertThat(w.config().boldShare()).isEqualTo(0.25);
        assertThat(w.options().asMap()).isEqualTo(Map.of("lr", "0.0005"));
        assertThat(w.label()).contains("0.25 of the budget at lr ×20.0");
        assertThat(TimeReplay.warm(8, 400, 0, 10, "bold_lr=20").label()).contains("half the budget at lr ×20.0");
        assertThat(TimeReplay.warm(8, 400, 0, 10, "").config().boldLrScale()).isZero();
        TimeReplay.Warm probe = TimeReplay.warm(8, 400, 0, 10, "lr=0.0005,bold_lr=20,bold_probe=20");
        assertThat(probe.config().boldProbe()).isEqualTo(20);
        assertThat(probe.options().asMap()).isEqualTo(Map.of("lr", "0.0005"));
        assertThat(probe.label()).contains("a 20-step probe at lr ×20.0, the rest to its lead");
        assertThat(TimeReplay.warm(8, 400, 0, 10, "bold_lr=20").config().boldProbe())
                .isZero();
    }

    @Test
    void whoseEventsTheFineTuningValidatesOnIsAWarmStartSetting() {
        TimeReplay.Warm w = TimeReplay.warm(8, 400, 0, 10, "lr=0.0005,validate_on=recent");
        assertThat(w.config().validation()).isEqualTo(FineTuneValidation.RECENT);
        assertThat(w.options().asMap()).isEqualTo(Map.of("lr", "0.0005"));
        assertThat(w.label()).contains("validated on the recent users");
        TimeReplay.Warm d = TimeReplay.warm(8, 400, 0, 10, "lr=0.0005");
        assertThat(d.config().validation()).isEqualTo(FineTuneValidation.TRAINED);
        assertThat(d.label()).doesNotContain("validated on");
        assertThat(d.config().shrink()).isEqualTo(1.0);
        TimeReplay.Warm shrunk = TimeReplay.warm(8, 400, 0, 10, "lr=0.0005,shrink=0.7");
        assertThat(shrunk.config().shrink()).isEqualTo(0.7);
        assertThat(shrunk.options().asMap()).isEqualTo(Map.of("lr", "0.0005"));
        assertThat(shrunk.label()).contains("warm weights shrunk to 0.7");
        TimeReplay.Warm none = TimeReplay.warm(8, 400, 0, 10, "lr=0.002,validate_on=none");
        assertThat(none.config().validation()).isEqualTo(FineTuneValidation.NONE);
        assertThat(none.label()).contains("not validated").doesNotContain("validated on");
        assertThat(d.config().selection()).isEqualTo(FineTuneSelection.BEST);
        assertThat(d.label()).doesNotContain("within noise");
        TimeReplay.Warm latest = TimeReplay.warm(8, 400, 0, 10, "lr=0.0005,keep=latest");
        assertThat(latest.config().selection()).isEqualTo(FineTuneSelection.LATEST);
        assertThat(latest.options().asMap()).isEqualTo(Map.of("lr", "0.0005"));
        assertThat(latest.label()).contains("the latest weights within noise kept");
    }

    @Test
    void withoutThemTheDefaultsHold() {
        TimeReplay.Warm w = TimeReplay.warm(50, 40, 0, 1, "");
        assertThat(w.config().minSteps()).isZero();
        assertThat(w.config().validateEvery())
                .isEqualTo(WarmStartConfig.defaults().validateEvery());
        assertThat(w.config().stepBudget(100_000, 0)).isEqualTo(40);
        assertThat(w.options().asMap()).isEmpty();
        assertThat(w.label()).doesNotContain("min").doesNotContain("validated every");
    }

    @Test
    void aCandidatesOwnCapReplacesTheCommonOne() {
        TimeReplay.Warm own = TimeReplay.warm(14, 400, 0, 10, "batch_size=64,min_steps=105,max_steps=700");
        assertThat(own.config().maxSteps()).isEqualTo(700);
        // 60,000 new events are 840 steps by the rate: cut at the candidate's cap, not the common one
        assertThat(own.config().stepBudget(60_000, 0)).isEqualTo(700);
        assertThat(own.options().asMap()).isEqualTo(Map.of("batch_size", "64"));
        assertThat(own.label()).contains("(max 700)").doesNotContain("(max 400)");
        assertThat(TimeReplay.warm(14, 400, 0, 10, "batch_size=64").config().stepBudget(60_000, 0))
                .isEqualTo(400);
    }

    @Test
    void aFloorAboveTheCapIsAOneLineError() {
        assertThatThrownBy(() -> TimeReplay.warm(8, 40, 0, 10, "min_steps=60"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("warm-start min steps (60) must not exceed max steps (40)");
    }

    @Test
    void aSelectionChainStepsBackOneWindowPerUpdateAndOneStepIsTheOldSplit() {
        long[] times = new long[1000];
        for (int i = 0; i < times.length; i++) {
            times[i] = 10L * i; // event i at time 10 i
        }
        // by events: one update = the 60% / 65% split of earlier sessions, then the cut
        assertThat(TimeReplay.selectionBounds(times, 7000, 500, "events", 1)).containsExactly(6000, 6500, 7000);
        // two chained updates start one window earlier, each window 5% of the events
        assertThat(TimeReplay.selectionBounds(times, 7000, 500, "events", 2)).containsExactly(5500, 6000, 6500, 7000);
        // by time: the replay's window width, counted back from the cut
        assertThat(TimeReplay.selectionBounds(times, 7000, 1200, "time", 3))
                .containsExactly(2200, 3400, 4600, 5800, 7000);
    }

    @Test
    void aChainThatWouldStartBeforeTheDataIsAOneLineError() {
        long[] times = {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000};
        assertThatThrownBy(() -> TimeReplay.selectionBounds(times, 800, 300, "time", 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("select_chain=2 starts before the data's first event");
        assertThatThrownBy(() -> TimeReplay.selectionBounds(times, 800, 300, "events", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("select_chain must be at least 1, got 0");
        assertThatThrownBy(() -> TimeReplay.selectionBounds(times, 800, 300, "events", 13))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 12 updates fit");
    }
}
