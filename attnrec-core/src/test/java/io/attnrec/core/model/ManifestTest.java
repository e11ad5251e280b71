package io.attnrec.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

    /** A manifest as attnrec wrote it before format numbers (commit 87c2d3f). */
    private static final String FORMAT_1 = """
            {
              "model" : "sasrec",
              "options" : { "dim" : "8", "epochs" : "2" },
              "seed" : 5,
              "version" : "0.1.0",
              "data" : { "users" : 90, "items" : 36, "name" : "tiny-world", "fingerprint" : "8809868d0f6c7641" },
              "metrics" : { "ndcg@10" : 0.25 },
              "train_seconds" : 1.5,
              "checksum" : "abc"
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aFormatOneManifestIsMigratedWithEmptyDataSpecAndProtocol() throws Exception {
        Path file = Files.writeString(dir.resolve(Manifest.FILE), FORMAT_1);
        Manifest m = Manifest.read(file);
        assertThat(m.format()).isEqualTo(Manifest.FORMAT);
        assertThat(m.model()).isEqualTo("sasrec");
        assertThat(m.options()).containsEntry("dim", "8").containsEntry("epochs", "2");
        assertThat(m.seed()).isEqualTo(5L);
        assertThat(m.data().users()).isEqualTo(90);
        assertThat(m.data().items()).isEqualTo(36);
        assertThat(m.data().fingerprint()).isEqualTo("8809868d0f6c7641");
        assertThat(m.data().spec()).isEmpty();
        assertThat(m.protocol()).isEmpty();
        assertThat(m.metrics()).containsEntry("ndcg@10", 0.25);
        assertThat(m.trainSeconds()).isEqualTo(1.5);
    }

    @Test
    void writeThenReadGivesTheSameManifest() throws Exception {
        Manifest m = new Manifest(
                Manifest.FORMAT,
                "ease",
                Map.of("lambda", "200"),
                42L,
                "0.1.0",
                new Manifest.Data("ml-100k", "ff00", 943, 1682, Map.of("path", "/data/ml-100k", "format", "auto")),
                Map.of("name", "loo"),
                Map.of("hr@10", 0.14),
                3.25,
                "cafe");
        Path file = dir.resolve(Manifest.FILE);
        m.write(file);
        assertThat(Manifest.read(file)).isEqualTo(m);
        assertThat(Files.readString(file)).contains("\"format\" : " + Manifest.FORMAT);
        assertThat(m.info().dataSpec()).containsEntry("path", "/data/ml-100k");
        assertThat(m.info().protocol()).containsEntry("name", "loo");
    }

    @Test
    void aMissingFieldIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve(Manifest.FILE), FORMAT_1.replace("\"seed\" : 5,", ""));
        assertThatThrownBy(() -> Manifest.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'seed' is missing");
        Path wrongType =
                Files.writeString(dir.resolve("m2.json"), FORMAT_1.replace("\"seed\" : 5", "\"seed\" : \"x\""));
        assertThatThrownBy(() -> Manifest.read(wrongType)).hasMessageContaining("field 'seed' is not a number");
    }

    @Test
    void aNewerFormatIsRefusedAndBrokenJsonIsOneSentence() throws Exception {
        Path newer = Files.writeString(dir.resolve("newer.json"), FORMAT_1.replace("{\n", "{\n\"format\" : 99,\n"));
        assertThatThrownBy(() -> Manifest.read(newer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("manifest format 99");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{ \"model\" : ");
        assertThatThrownBy(() -> Manifest.read(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> Manifest.read(dir.resolve("absent/manifest.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a model directory");
    }

    @Test
    void aFormatTwoManifestHasNoLineageAndALineageRoundTrips() throws Exception {
        Path two = Files.writeString(
                dir.resolve("two.json"),
                FORMAT_1.replace("{\n", "{\n\"format\" : 2,\n\"protocol\" : {},\n")
                        .replace("\"8809868d0f6c7641\" }", "\"8809868d0f6c7641\", \"spec\" : {} }"));
        Manifest old = Manifest.read(two);
        assertThat(old.format()).isEqualTo(Manifest.FORMAT);
        assertThat(old.lineage()).isEmpty();

        Lineage lineage = new Lineage("/models/a", "abc", "f00", 2, "warm-start", 3, 4, 50L, 6, 6, 99L, 1_200L);
        Manifest grown = new Manifest(
                Manifest.FORMAT,
                old.model(),
                old.options(),
                old.seed(),
                old.version(),
                old.data(),
                old.protocol(),
                old.metrics(),
                old.trainSeconds(),
                80L,
                old.checksum(),
                java.util.Optional.of(lineage));
        Path file = dir.resolve("grown.json");
        grown.write(file);
        assertThat(Manifest.read(file)).isEqualTo(grown);
        assertThat(Files.readString(file)).contains("\"items_added\" : 3").contains("\"store_seq\" : 99");
        // a grown model's own steps are its fine-tuning's; the root's come down the lineage
        assertThat(grown.trainSteps()).isEqualTo(80L);
        assertThat(grown.rootTrainSteps()).isEqualTo(1_200L);
        Files.writeString(file, Files.readString(file).replace("\"generation\" : 2,", ""));
        assertThatThrownBy(() -> Manifest.read(file)).hasMessageContaining("field 'generation' is missing");
    }

    @Test
    void aFormatThreeManifestHasNoStepCountAndAFormatFourOneKeepsIt() throws Exception {
        String three = FORMAT_1.replace("{\n", "{\n\"format\" : 3,\n\"protocol\" : {},\n")
                .replace("\"8809868d0f6c7641\" }", "\"8809868d0f6c7641\", \"spec\" : {} }");
        Manifest root = Manifest.read(Files.writeString(dir.resolve("three.json"), three));
        assertThat(root.trainSteps()).isZero();
        assertThat(root.rootTrainSteps()).isZero();
        // a format-3 grown model: its lineage gets "not known" for the root's steps
        String grownThree = three.replace(
                "\"checksum\" : \"abc\"",
                "\"checksum\" : \"abc\", \"lineage\" : {\"parent\" : \"/m\", \"parent_checksum\" : \"c\","
                        + " \"parent_fingerprint\" : \"f\", \"generation\" : 1, \"mode\" : \"warm-start\","
                        + " \"items_added\" : 1, \"users_added\" : 0, \"events_added\" : 9, \"recent_users\" : 3,"
                        + " \"replayed_users\" : 3, \"store_seq\" : -1}");
        Manifest grown = Manifest.read(Files.writeString(dir.resolve("grown3.json"), grownThree));
        assertThat(grown.lineage()).isPresent();
        assertThat(grown.lineage().get().rootTrainSteps()).isZero();
        assertThat(grown.rootTrainSteps()).isZero();

        Manifest counted = new Manifest(
                Manifest.FORMAT,
                root.model(),
                root.options(),
                root.seed(),
                root.version(),
                root.data(),
                root.protocol(),
                root.metrics(),
                root.trainSeconds(),
                640L,
                root.checksum(),
                java.util.Optional.empty());
        Path file = dir.resolve("four.json");
        counted.write(file);
        assertThat(Files.readString(file)).contains("\"train_steps\" : 640");
        assertThat(Manifest.read(file).rootTrainSteps()).isEqualTo(640L);
        Files.writeString(file, Files.readString(file).replace("\"train_steps\" : 640,", ""));
        assertThatThrownBy(() -> Manifest.read(file)).hasMessageContaining("field 'train_steps' is missing");
    }
}
