package io.attnrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecBoleLoaderTest {

    @TempDir
    Path tmp;

    private final RecBoleLoader loader = new RecBoleLoader();

    private Path toy() {
        Path dir = TestFiles.folder(tmp, "toy");
        TestFiles.write(
                dir,
                "toy.inter",
                "user_id:token\titem_id:token\trating:float\ttimestamp:float\n"
                        + "u1\ti1\t4.0\t100.0\n"
                        + "u2\ti1\t3\t50\n"
                        + "u1\ti2\t5\t8.8125E8\n");
        TestFiles.write(
                dir,
                "toy.item",
                "item_id:token\tmovie_title:token_seq\trelease_year:token\tclass:token_seq\tprice:float\n"
                        + "i1\tMisérables, Les\t1995\tDrama Musical\t9.5\n"
                        + "i2\tunkonwn\tunkonwn\tunknown\t\n");
        return dir;
    }

    @Test
    void readsInterAndItemFilesByColumnName() throws IOException {
        RawData raw = loader.load(toy(), LoadOptions.strict());

        assertThat(raw.name()).isEqualTo("toy");
        assertThat(raw.events())
                .containsExactly(
                        new Event("u1", "i1", 100, 4f, null),
                        new Event("u2", "i1", 50, 3f, null),
                        new Event("u1", "i2", 881_250_000L, 5f, null));
        ItemMeta les = raw.catalog().get("i1").orElseThrow();
        assertThat(les.title()).isEqualTo("Misérables, Les");
        assertThat(les.categories()).containsExactly("Drama", "Musical");
        assertThat(les.attributes()).isEqualTo(Map.of("year", "1995", "price", "9.5"));
        // RecBole's "unkonwn" year is not a year; empty values are not attributes.
        assertThat(raw.catalog().get("i2").orElseThrow().attributes()).isEmpty();
    }

    @Test
    void interFileGivenDirectly() throws IOException {
        Path dir = toy();
        RawData raw = loader.load(dir.resolve("toy.inter"), LoadOptions.strict());
        assertThat(raw.events()).hasSize(3);
        assertThat(raw.catalog().size()).isEqualTo(2);
    }

    @Test
    void withoutTimestampTheRowOrderIsTime() throws IOException {
        Path file = TestFiles.write(tmp, "clicks.inter", "user_id:token\titem_id:token\n\na\tx\nb\ty\n");
        RawData raw = loader.load(file, LoadOptions.strict());
        assertThat(raw.events()).extracting(Event::timestamp).containsExactly(0L, 1L);
        assertThat(raw.events().get(0).hasRating()).isFalse();
    }

    @Test
    void columnMappingOverridesNames() throws IOException {
        Path file = TestFiles.write(tmp, "s.inter", "session:token\tproduct:token\tts:float\nS1\tP1\t7\n");
        RawData raw = loader.load(
                file,
                LoadOptions.strict().withColumns(Map.of("user", "session", "item", "product", "timestamp", "ts")));
        assertThat(raw.events()).containsExactly(new Event("S1", "P1", 7, Float.NaN, null));

        assertThatThrownBy(() -> loader.load(file, LoadOptions.strict()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("the header has no user column");
    }

    @Test
    void malformedRowsAreReported() throws IOException {
        Path file = TestFiles.write(
                tmp,
                "bad.inter",
                "user_id:token\titem_id:token\trating:float\ttimestamp:float\nu1\ti1\t4\t1\nu1\ti2\tx\t2\nu1\ti3\t4\n");
        assertThatThrownBy(() -> loader.load(file, LoadOptions.strict()))
                .isInstanceOfSatisfying(DataFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).endsWith("field 'rating' is not a number: 'x'");
                });
        RawData lenient = loader.load(file, LoadOptions.lenientOptions());
        assertThat(lenient.skippedLines()).isEqualTo(2);
        assertThat(lenient.events()).hasSize(1);
    }

    @Test
    void untypedHeaderIsRejected() {
        Path file = TestFiles.write(tmp, "plain.inter", "user_id\titem_id\nu\ti\n");
        assertThatThrownBy(() -> loader.load(file, LoadOptions.strict()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("plain.inter:1: header field 'user_id' has no type");
    }
}
