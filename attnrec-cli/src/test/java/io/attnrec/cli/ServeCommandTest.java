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
}
