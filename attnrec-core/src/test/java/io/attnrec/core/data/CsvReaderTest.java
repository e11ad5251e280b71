package io.attnrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /**
     * Lenient reading: a record of another width and a bad field are counted and skipped, the
     * well-formed ones keep their positions among all records, and an open quote at the end
     * stops the reading; strict reading fails at the first with file and line.
     */
    @Test
    void forEachRecordSkipsCountsAndPositionsMalformedRecords() throws IOException {
        Path file = TestFiles.write(tmp, "c.csv", "1,a\n2\n3,bad\n4,d\n5,\"open\n");
        List<String> kept = new ArrayList<>();
        Malformed lenient = new Malformed(true);
        try (CsvReader r = new CsvReader(new LineReader(file, StandardCharsets.UTF_8), ',')) {
            r.forEachRecord(file, lenient, 2, "", (f, position) -> {
                if (f.get(1).equals("bad")) {
                    throw new FieldException("field 2 is bad");
                }
                kept.add(f.get(0) + "@" + position);
            });
        }
        assertThat(kept).containsExactly("1@0", "4@3");
        assertThat(lenient.skipped()).isEqualTo(3); // the short record, the bad field, the open quote

        try (CsvReader r = new CsvReader(new LineReader(file, StandardCharsets.UTF_8), ',')) {
            assertThatThrownBy(() -> r.forEachRecord(file, new Malformed(false), 2, " as in the header", (f, p) -> {}))
                    .isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("c.csv:2: expected 2 fields as in the header, found 1");
        }
    }
}
