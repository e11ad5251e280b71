package io.attnrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    @TempDir
    Path tmp;

    @Test
    void quotedFieldMaySpanLinesAndRecordLineIsItsStart() throws IOException, FieldException {
        Path file = TestFiles.write(tmp, "a.csv", "a,b\n\n1,\"two\nlines\",x\n3,\"\",\"\"\"\"\n");
        try (CsvReader r = new CsvReader(new LineReader(file, StandardCharsets.UTF_8), ',')) {
            assertThat(List.copyOf(r.next())).containsExactly("a", "b");
            assertThat(r.recordLine()).isEqualTo(1);
            assertThat(List.copyOf(r.next())).containsExactly("1", "two\nlines", "x");
            assertThat(r.recordLine()).isEqualTo(3);
            assertThat(List.copyOf(r.next())).containsExactly("3", "", "\"");
            assertThat(r.recordLine()).isEqualTo(5);
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void unclosedQuoteAtEndOfFile() throws IOException {
        Path file = TestFiles.write(tmp, "b.csv", "x,\"open\n");
        try (CsvReader r = new CsvReader(new LineReader(file, StandardCharsets.UTF_8), ',')) {
            assertThatThrownBy(r::next).isInstanceOf(FieldException.class).hasMessageContaining("not closed");
        }
    }

    @Test
    void delimiterDetection() {
        assertThat(CsvReader.detectDelimiter("a,b,c")).isEqualTo(',');
        assertThat(CsvReader.detectDelimiter("a\tb,c\td")).isEqualTo('\t');
        assertThat(CsvReader.detectDelimiter("\"a,b\";c;d")).isEqualTo(';');
        assertThat(CsvReader.detectDelimiter("abc")).isEqualTo('\0');
    }

    @Test
    void utf8BomIsDropped() throws IOException {
        Path file = TestFiles.write(tmp, "bom.csv", "\uFEFFuser,item\n");
        try (LineReader r = new LineReader(file, StandardCharsets.UTF_8)) {
            assertThat(r.next()).isEqualTo("user,item");
        }
    }

    @Test
    void charsetDetection() throws IOException {
        assertThat(LineReader.detectCharset(TestFiles.write(tmp, "u.txt", "Zoë")))
                .isEqualTo(StandardCharsets.UTF_8);
        assertThat(LineReader.detectCharset(TestFiles.latin1(tmp, "l.txt", "Zoë")))
                .isEqualTo(StandardCharsets.ISO_8859_1);
    }
}
