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
                        "8",
                        "--warm-keep",
                        "latest",
                        "--warm-min-step-share",
                        "0.15",
                        "--replay-ratio",
                        "10",
                        "--update-set",
                        "lr=0.0005");

        io.attnrec.core.experiment.UseCases.UpdateConfig c = serve.updateConfig();

        assertThat(c.warmStart().stepsPerKiloEvent()).isEqualTo(8);
        assertThat(c.warmStart().selection()).isEqualTo(io.attnrec.core.model.FineTuneSelection.LATEST);
        assertThat(c.warmStart().replayRatio()).isEqualTo(10);
        assertThat(c.warmStart().minStepShare()).isEqualTo(0.15);
        assertThat(c.overrides().asMap()).containsExactly(java.util.Map.entry("lr", "0.0005"));
        // what is not given stays attnrec update's default
        assertThat(c.tolerance()).isEqualTo(0.02);

        CliTest.Run bad =
                CliTest.run("serve", "--model", dir.toString(), "--update-every", "1h", "--warm-keep", "last");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err().strip())
                .startsWith("attnrec: error: ")
                .contains("last")
                .doesNotContain("\tat ");
    }
}
