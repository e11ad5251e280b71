package io.attnrec.nn.bench.speed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.Djl;
import io.attnrec.nn.sasrec.SasRecConfig;
import io.attnrec.nn.sasrec.SasRecProvider;
import io.attnrec.nn.seq.SequenceRecommender;
import io.attnrec.nn.testing.NextItemWorld;
import io.attnrec.nn.train.Trainer;
import io.attnrec.nn.train.TrainingListener;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SasRecSpeedTest {

    @Test
    void parsesTheCommandLine() {
        SasRecSpeed.Settings s = SasRecSpeed.Settings.parse("--data", "d", "--options", "loss=bce", "--profile");
        assertThat(s).isEqualTo(new SasRecSpeed.Settings(Path.of("d"), "loss=bce", 10, 100, 42, true, 0));
        s = SasRecSpeed.Settings.parse(
                "--steps", "0", "--warmup", "3", "--seed", "7", "--data", "x", "--ce-chunk", "64");
        assertThat(s).isEqualTo(new SasRecSpeed.Settings(Path.of("x"), "", 3, 0, 7, false, 64));
        assertThatThrownBy(() -> SasRecSpeed.Settings.parse("--steps", "5")).hasMessage("--data PATH is required");
        assertThatThrownBy(() -> SasRecSpeed.Settings.parse("--data", "d", "--steps", "ten"))
                .hasMessage("--steps must be a whole number, got 'ten'");
        assertThatThrownBy(() -> SasRecSpeed.Settings.parse("--data", "d", "--bogus", "1"))
                .hasMessage("unknown argument --bogus");
        assertThatThrownBy(() -> SasRecSpeed.Settings.parse("--data")).hasMessage("--data needs a value");
        assertThatThrownBy(() -> SasRecSpeed.Settings.parse("--data", "d", "--steps", "-1"))
                .hasMessageContaining("--steps must be >= 0");
    }

    @Test
    void batchesAreLeftPaddedWindowsWithEveryRealPositionATarget() {
        int[][] sequences = {{1, 2, 3}, {4, 5}, {6}};
        PartsProfile p = new PartsProfile(sequences, 5);
        // inputs drop each sequence's last item; the window is the longest input, 2
        PartsProfile.Batch b = p.build(new int[] {0, 1}, 0, 2);
        assertThat(b.length()).isEqualTo(2);
        assertThat(b.inputs()).containsExactly(1, 2, 0, 4);
        assertThat(b.positions()).containsExactly(0, 1, 3);
        assertThat(b.targets()).containsExactly(2, 3, 5);
        assertThat(b.users()).containsExactly(0, 0, 1);
        // a window of 1 keeps the newest input; users are read through the (shuffled) order
        PartsProfile.Batch one = new PartsProfile(sequences, 1).build(new int[] {1, 0}, 0, 2);
        assertThat(one.inputs()).containsExactly(4, 2);
        assertThat(one.positions()).containsExactly(0, 1);
        assertThat(one.targets()).containsExactly(5, 3);
    }

    @Test
    void theClockStopsTheRealTrainerAfterWarmUpPlusTimedSteps() {
        NextItemWorld world = new NextItemWorld(40, 12, 3, 6, 5L);
        SasRecConfig c = SasRecConfig.parse(
                ModelOptions.parsePairs("max_len=6,dim=8,blocks=1,dropout=0.1,batch_size=4,epochs=3,progress=false"));
        AtomicInteger batches = new AtomicInteger();
        TrainingListener counter = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, double loss) {
                batches.incrementAndGet();
            }
        };
        StepClock clock = new StepClock(2, 3);
        Djl.seed(1);
        try (SequenceRecommender<SasRecConfig> model = new SasRecProvider().create(c, world.numItems)) {
            assertThatThrownBy(() -> new Trainer(c.train())
                            .withValidator(m -> 0.0)
                            .addListener(counter)
                            .addListener(clock)
                            .fit(model, world.data, 1L))
                    .isInstanceOf(StepClock.Enough.class);
            assertThat(batches.get()).isEqualTo(5);
            assertThat(clock.timedSteps()).isEqualTo(3);
            assertThat(clock.stepsPerEpoch()).isEqualTo(10);
            assertThat(clock.timedSeconds()).isGreaterThan(0.0);
            // the trainer is free again for the next run
            assertThat(new Trainer(c.train().withEpochs(1))
                            .withValidator(m -> 0.0)
                            .fit(model, world.data, 1L)
                            .epochs())
                    .hasSize(1);
        }
    }

    @Test
    void theStepProfileTimesEveryPartOfCeAndBceSteps() {
        NextItemWorld world = new NextItemWorld(24, 12, 3, 6, 6L);
        int[] users = new int[24];
        for (int u = 0; u < users.length; u++) {
            users[u] = u;
        }
        for (String loss : new String[] {"ce", "bce"}) {
            SasRecConfig c = SasRecConfig.parse(
                    ModelOptions.parsePairs("max_len=6,dim=8,blocks=1,batch_size=8,progress=false,loss=" + loss));
            Djl.seed(1);
            try (SequenceRecommender<SasRecConfig> model = new SasRecProvider().create(c, world.numItems)) {
                double[] ms = new PartsProfile(world.data.sequences(), 6)
                        .run(model, c.train(), users, 1, 2, new SplittableRandom(1));
                assertThat(ms).hasSize(PartsProfile.PARTS.length);
                assertThat(java.util.Arrays.stream(ms).min().orElseThrow()).isGreaterThan(0.0);
                assertThat(PartsProfile.line("attnrec", ms)).startsWith("PROFILE impl=attnrec ms/step: batch ");
            }
        }
        SasRecConfig sampled = SasRecConfig.parse(ModelOptions.parsePairs("dim=8,progress=false,loss=sampled"));
        Djl.seed(1);
        try (SequenceRecommender<SasRecConfig> model = new SasRecProvider().create(sampled, world.numItems)) {
            assertThatThrownBy(() -> new PartsProfile(world.data.sequences(), 6)
                            .run(model, sampled.train(), users, 0, 1, new SplittableRandom(1)))
                    .hasMessageContaining("loss=ce and loss=bce");
        }
    }
}
