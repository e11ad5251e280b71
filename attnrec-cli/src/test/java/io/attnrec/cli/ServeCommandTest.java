package io.attnrec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attnrec serve} refuses open or blank-key configurations before loading anything. */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void aNonLoopbackHostWithoutKeysIsRefused() {
        CliTest.Run r = CliTest.run("serve", "--model", dir.toString(), "--host", "0.0.0.0", "--port", "0");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip())
                .startsWith("attnrec: error: refusing to listen on 0.0.0.0 without write or read keys")
                .contains("--allow-open");
    }

    @Test
    void anEmptyKeyFileIsAnErrorNotAnOpenServer() throws Exception {
        Path keys = Files.writeString(dir.resolve("read.keys"), "# to be filled in\n");

        CliTest.Run r = CliTest.run("serve", "--model", dir.toString(), "--read-keys", keys.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("read.keys holds no key");
    }

    @Test
    void updateIntervalsAreParsedAndBadOnesAreOneLineErrors() {
        assertThat(ServeCommand.parseDuration("90s")).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(ServeCommand.parseDuration("1h")).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(ServeCommand.parseDuration("PT30M")).isEqualTo(java.time.Duration.ofMinutes(30));

        CliTest.Run r = CliTest.run("serve", "--model", dir.toString(), "--update-every", "soon");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("attnrec: error: --update-every: 'soon' is not a duration");
    }

    @Test
    void theScheduledUpdatesTakeTheWarmStartFlagsAndTrainingOptions() {
        ServeCommand serve = new ServeCommand();
        new picocli.CommandLine(serve)
                .parseArgs(
                        "--model",
                        dir.toString(),
                        "--update-every",
                        "1h",
                        "--warm-steps-per-1k-events",
                        "12",
                        "--warm-keep",
                        "best",
                        "--warm-min-step-share",
                        "0.2",
                        "--warm-lr-scale",
                        "0.5",
                        "--warm-batch-scale",
                        "0.25",
                        "--warm-optimizer",
                        "resume",
                        "--warm-window",
                        "15",
                        "--warm-average",
                        "0.97",
                        "--replay-ratio",
                        "5",
                        "--update-set",
                        "lr=0.0005");

        io.attnrec.core.experiment.UseCases.UpdateConfig c = serve.updateConfig();

        assertThat(c.warmStart().stepsPerKiloEvent()).isEqualTo(12);
        assertThat(c.warmStart().selection()).isEqualTo(io.attnrec.core.model.FineTuneSelection.BEST);
        assertThat(c.warmStart().replayRatio()).isEqualTo(5);
        assertThat(c.warmStart().minStepShare()).isEqualTo(0.2);
        assertThat(c.warmStart().lrScale()).isEqualTo(0.5);
        assertThat(c.warmStart().batchScale()).isEqualTo(0.25);
        assertThat(c.warmStart().resumeOptimizer()).isTrue();
        assertThat(c.warmStart().window()).isEqualTo(15);
        assertThat(c.warmStart().average()).isEqualTo(0.97);
        assertThat(c.overrides().asMap()).containsExactly(java.util.Map.entry("lr", "0.0005"));
        // what is not given stays attnrec update's default
        assertThat(c.tolerance()).isEqualTo(0.02);

        CliTest.Run decayOfOne =
                CliTest.run("serve", "--model", dir.toString(), "--update-every", "1h", "--warm-average", "1");
        assertThat(decayOfOne.code()).isEqualTo(1);
        assertThat(decayOfOne.err().strip())
                .isEqualTo(
                        "attnrec: error: the fine-tuning's weight average must be 0 (off) or a decay in (0, 1), got 1.0");

        CliTest.Run tooLarge =
                CliTest.run("serve", "--model", dir.toString(), "--update-every", "1h", "--warm-batch-scale", "2");
        assertThat(tooLarge.code()).isEqualTo(1);
        assertThat(tooLarge.err().strip())
                .isEqualTo("attnrec: error: the fine-tuning's batch-size scale must be in (0, 1], got 2.0");

        CliTest.Run optimizer =
                CliTest.run("serve", "--model", dir.toString(), "--update-every", "1h", "--warm-optimizer", "keep");
        assertThat(optimizer.code()).isEqualTo(1);
        assertThat(optimizer.err().strip())
                .isEqualTo("attnrec: error: --warm-optimizer must be fresh or resume, got 'keep'");

        CliTest.Run bad =
                CliTest.run("serve", "--model", dir.toString(), "--update-every", "1h", "--warm-keep", "last");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err().strip())
                .startsWith("attnrec: error: ")
                .contains("last")
                .doesNotContain("\tat ");
    }

    /** No warm-start flag: the setting chosen on three data sets' validation chains (issue 16). */
    @Test
    void theScheduledUpdatesDefaultToTheSettingChosenOnValidationAndEpochsTurnTheStepBudgetOff() {
        ServeCommand serve = new ServeCommand();
        new picocli.CommandLine(serve).parseArgs("--model", dir.toString(), "--update-every", "1h");

        io.attnrec.core.model.WarmStartConfig chosen = io.attnrec.core.model.WarmStartConfig.recommended();
        assertThat(serve.updateConfig().warmStart()).isEqualTo(chosen);
        assertThat(serve.updateConfig().overrides().asMap()).isEmpty();

        ServeCommand epochs = new ServeCommand();
        new picocli.CommandLine(epochs)
                .parseArgs("--model", dir.toString(), "--update-every", "1h", "--warm-epochs", "2");
        assertThat(epochs.updateConfig().warmStart())
                .isEqualTo(chosen.withSteps(0, 1120).withEpochs(2));

        CliTest.Run both = CliTest.run(
                "serve",
                "--model",
                dir.toString(),
                "--update-every",
                "1h",
                "--warm-epochs",
                "2",
                "--warm-steps-per-1k-events",
                "8");
        assertThat(both.code()).isEqualTo(1);
        assertThat(both.err().strip())
                .isEqualTo("attnrec: error: give --warm-epochs or --warm-steps-per-1k-events, not both (epochs turn"
                        + " the step budget off)");
    }
}
