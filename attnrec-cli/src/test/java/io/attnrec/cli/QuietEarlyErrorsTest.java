package io.attnrec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quiet, early errors for CLI users (issue 14 item 13). */
class QuietEarlyErrorsTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownModelOptionIsReportedBeforeTheDataIsLoaded() {
        // The data path does not exist: had the data been read first, the error would name it.
        CliTest.Run train = CliTest.run(
                "train",
                "--data",
                dir.resolve("nothing-here").toString(),
                "--model",
                "sasrec:bogus=1",
                "--out",
                dir.resolve("m").toString());
        CliTest.Run compare = CliTest.run(
                "compare", "--data", dir.resolve("nothing-here").toString(), "--models", "pop,ease:lamda=5");
        CliTest.Run invalid = CliTest.run(
                "compare", "--data", dir.resolve("nothing-here").toString(), "--models", "sasrec:dim=7:heads=2");

        assertThat(train.code()).isEqualTo(1);
        assertThat(train.err().strip()).startsWith("attnrec: error: sasrec: unknown model option(s) [bogus]");
        assertThat(compare.code()).isEqualTo(1);
        assertThat(compare.err().strip()).startsWith("attnrec: error: ease: unknown model option(s) [lamda]");
        assertThat(invalid.err())
                .contains("dim must be a positive multiple of heads")
                .doesNotContain("nothing-here");
        assertThat(train.err() + compare.err()).doesNotContain("nothing-here").doesNotContain("loading");
    }

    @Test
    void aNeuralRunOnTheCpuBuildPrintsNoCudaWarning() throws Exception {
        Path data = CliTest.sequenceFile(dir);
        // A separate JVM: DJL probes for a GPU once per process, when its engine starts.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(List.of(
                java,
                "-cp",
                classpath,
                Main.class.getName(),
                "train",
                "--data",
                data.toString(),
                "--model",
                "sasrec:dim=16:max_len=10",
                "--epochs",
                "1",
                "--out",
                dir.resolve("sasrec").toString()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("run.log").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(dir.resolve("run.log"), StandardCharsets.UTF_8);

        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).as(log).doesNotContainIgnoringCase("cuda").doesNotContain("WARN");
    }
}
