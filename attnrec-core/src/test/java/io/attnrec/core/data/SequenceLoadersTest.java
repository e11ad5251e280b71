package io.attnrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SASRec ({@code user item}) and S3-Rec ({@code user item item ...}) line formats. */
class SequenceLoadersTest {

    @TempDir
    Path tmp;

    @Test
    void sasrecTimestampIsTheLineIndex() throws IOException {
        Path file = TestFiles.write(tmp, "Video.txt", "1 5\n1 6\n2 5\n2\t7\n\n");

        RawData raw = new SasRecLoader().load(file, LoadOptions.strict());

        assertThat(raw.name()).isEqualTo("Video");
        assertThat(raw.events())
                .containsExactly(
                        new Event("1", "5", 0, Float.NaN, null),
                        new Event("1", "6", 1, Float.NaN, null),
                        new Event("2", "5", 2, Float.NaN, null),
                        new Event("2", "7", 3, Float.NaN, null));
        assertThat(raw.catalog().isEmpty()).isTrue();
    }

    @Test
    void sasrecFolderIgnoresReadmeAndLicense() throws IOException {
        Path dir = TestFiles.folder(tmp, "games");
        TestFiles.write(dir, "Video.txt", "1 5\n1 6\n");
        TestFiles.write(dir, "README.SASRec.md", "read me\n");
        TestFiles.write(dir, "LICENSE.SASRec", "licence text\n");
        TestFiles.write(dir, "LICENSE.txt", "licence text\n");

        RawData raw = new SasRecLoader().load(dir, LoadOptions.strict());

        assertThat(raw.name()).isEqualTo("games");
        assertThat(raw.events()).hasSize(2);
    }

    @Test
    void sasrecExtraFieldIsMalformed() throws IOException {
        Path file = TestFiles.write(tmp, "beauty.txt", "1 5\n1 6 7\n2 5\n3\n");

        assertThatThrownBy(() -> new SasRecLoader().load(file, LoadOptions.strict()))
                .isInstanceOfSatisfying(DataFormatException.class, e -> {
                    assertThat(e.file()).isEqualTo(file);
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("expected 2 fields (user item)");
                });
        RawData lenient = new SasRecLoader().load(file, LoadOptions.lenientOptions());
        assertThat(lenient.skippedLines()).isEqualTo(2);
        // Positions stay the line index, so skipped lines leave gaps rather than shifting time.
        assertThat(lenient.events()).extracting(Event::timestamp).containsExactly(0L, 2L);
    }

    @Test
    void s3recGlobalPositionsAndAttributes() throws IOException {
        Path dir = TestFiles.folder(tmp, "beauty-s3rec");
        Path file = TestFiles.write(dir, "Beauty.txt", "1 3 4 5\n2 4 6\n");
        TestFiles.write(dir, "Beauty_item2attributes.json", "{\"3\": [1, 2], \"4\": [2], \"5\": [], \"6\": [\"7\"]}");

        RawData raw = new S3RecLoader().load(file, LoadOptions.strict());

        assertThat(raw.events())
                .containsExactly(
                        new Event("1", "3", 0, Float.NaN, null),
                        new Event("1", "4", 1, Float.NaN, null),
                        new Event("1", "5", 2, Float.NaN, null),
                        new Event("2", "4", 3, Float.NaN, null),
                        new Event("2", "6", 4, Float.NaN, null));
        assertThat(raw.catalog().size()).isEqualTo(4);
        assertThat(raw.catalog().get("3").orElseThrow().categories()).containsExactly("1", "2");
        assertThat(raw.catalog().get("5").orElseThrow().categories()).isEmpty();
        assertThat(raw.catalog().get("6").orElseThrow().categories()).containsExactly("7");
        assertThat(new S3RecLoader().load(dir, LoadOptions.strict()).events()).isEqualTo(raw.events());
    }

    @Test
    void s3recUserWithoutItemsIsMalformed() throws IOException {
        Path file = TestFiles.write(tmp, "Toys.txt", "1 3 4\n2\n3 4 5\n");

        assertThatThrownBy(() -> new S3RecLoader().load(file, LoadOptions.strict()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("Toys.txt:2: expected a user and at least one item");
        RawData lenient = new S3RecLoader().load(file, LoadOptions.lenientOptions());
        assertThat(lenient.skippedLines()).isEqualTo(1);
        assertThat(lenient.events()).extracting(Event::timestamp).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void s3recBrokenAttributeJsonIsReported() {
        Path dir = TestFiles.folder(tmp, "broken");
        Path file = TestFiles.write(dir, "Sports.txt", "1 3 4\n");
        TestFiles.write(dir, "Sports_item2attributes.json", "{\"3\": [1,\n \"4\": [2]}");

        assertThatThrownBy(() -> new S3RecLoader().load(file, LoadOptions.strict()))
                .isInstanceOfSatisfying(DataFormatException.class, e -> {
                    assertThat(e.file().getFileName().toString()).isEqualTo("Sports_item2attributes.json");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("invalid JSON");
                });
    }
}
