package io.attnrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoaderTest {

    /** 2020-01-02T03:04:05Z in epoch seconds: 1577836800 (2020-01-01) + 86400 + 11045. */
    private static final long T = 1_577_934_245L;

    @TempDir
    Path tmp;

    private final CsvLoader loader = new CsvLoader();

    @Test
    void defaultColumnNamesAndIsoTimestamps() throws IOException {
        Path file = TestFiles.write(
                tmp,
                "log.csv",
                "user_id,item_id,timestamp,rating,event\n"
                        + "u1,i1,2020-01-02,5,view\n"
                        + "u1,i2,2020-01-02T03:04:05Z,,buy\n"
                        + "u2,i1,2020-01-02 03:04:05,3.5,\n"
                        + "u2,i3,2020-01-02T05:04:05+02:00,1,view\n"
                        + "u3,i3,1577934245,2,view\n"
                        + "u3,i4,2020-01-02T03:04:05.900,2,view\n");

        RawData raw = loader.load(file, LoadOptions.strict());

        assertThat(raw.name()).isEqualTo("log");
        assertThat(raw.format()).isEqualTo("csv");
        assertThat(raw.events())
                .containsExactly(
                        new Event("u1", "i1", T - 11_045, 5f, "view"),
                        new Event("u1", "i2", T, Float.NaN, "buy"),
                        new Event("u2", "i1", T, 3.5f, null),
                        new Event("u2", "i3", T, 1f, "view"),
                        new Event("u3", "i3", T, 2f, "view"),
                        new Event("u3", "i4", T, 2f, "view"));
    }

    @Test
    void tabDelimiterIsDetectedAndColumnsMapped() throws IOException {
        Path file = TestFiles.write(tmp, "orders.tsv", "customer\tsku\twhen\tqty\nc1\tA,1\t10\t2\nc2\tB\t20\t1\n");

        RawData raw = loader.load(
                file, LoadOptions.strict().withColumns(Map.of("user", "customer", "item", "sku", "timestamp", "when")));

        assertThat(raw.events())
                .containsExactly(
                        new Event("c1", "A,1", 10, Float.NaN, null), new Event("c2", "B", 20, Float.NaN, null));
    }

    @Test
    void semicolonAndQuotedFieldsAndNoTimestampColumn() throws IOException {
        Path file = TestFiles.write(tmp, "x.csv", "userId;itemId\n\"a;1\";\"say \"\"hi\"\"\"\nb;c\n");

        RawData raw = loader.load(file, LoadOptions.strict());

        assertThat(raw.events())
                .containsExactly(
                        new Event("a;1", "say \"hi\"", 0, Float.NaN, null), new Event("b", "c", 1, Float.NaN, null));
    }

    @Test
    void givenDelimiterWins() throws IOException {
        // The header has more commas than pipes, but the caller says '|'.
        Path file = TestFiles.write(tmp, "p.csv", "user|item|note\nu|i|a,b,c\n");
        RawData raw = loader.load(file, LoadOptions.strict().withDelimiter("|"));
        assertThat(raw.events()).containsExactly(new Event("u", "i", 0, Float.NaN, null));
    }

    @Test
    void latin1AndUtf8FilesDecodeCorrectly() throws IOException {
        Path latin = TestFiles.latin1(tmp, "latin.csv", "user,item\nJosé,Crème brûlée\n");
        Path utf8 = TestFiles.write(tmp, "utf8.csv", "user,item\nZoë,Crème brûlée\n");

        assertThat(loader.load(latin, LoadOptions.strict()).events().get(0))
                .isEqualTo(new Event("José", "Crème brûlée", 0, Float.NaN, null));
        assertThat(loader.load(utf8, LoadOptions.strict()).events().get(0).user())
                .isEqualTo("Zoë");
    }

    @Test
    void itemsFileBesideAddsMetadata() throws IOException {
        Path dir = TestFiles.folder(tmp, "shop");
        TestFiles.write(dir, "events.csv", "user,item,ts\nu,i1,1\n");
        TestFiles.write(dir, "items.csv", "item_id,title,categories,brand\ni1,\"Soap, lavender\",bath|care,Acme\n");

        RawData raw = loader.load(dir, LoadOptions.strict());

        assertThat(raw.name()).isEqualTo("shop");
        ItemMeta soap = raw.catalog().get("i1").orElseThrow();
        assertThat(soap.title()).isEqualTo("Soap, lavender");
        assertThat(soap.categories()).containsExactly("bath", "care");
        assertThat(soap.attributes()).isEqualTo(Map.of("brand", "Acme"));
    }

    @Test
    void badTimestampIsReportedWithLine() {
        Path file = TestFiles.write(tmp, "t.csv", "user,item,timestamp\nu,i,1\nu,j,yesterday\n");
        assertThatThrownBy(() -> loader.load(file, LoadOptions.strict()))
                .isInstanceOfSatisfying(DataFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage())
                            .endsWith("field 'timestamp' is neither a number nor an ISO-8601 date/time: 'yesterday'");
                });
        Path file2 = TestFiles.write(tmp, "t2.csv", "user,item,timestamp\nu,i,2020-13-01\n");
        assertThatThrownBy(() -> loader.load(file2, LoadOptions.strict()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("t2.csv:2: field 'timestamp' is not an ISO-8601 date or date-time");
    }

    @Test
    void wrongFieldCountAndUnclosedQuote() throws IOException {
        Path file = TestFiles.write(tmp, "w.csv", "user,item,rating\nu,i,1\nu,i\nu,j,2,3\nu,k,x\nu,\"l,3\n");
        assertThatThrownBy(() -> loader.load(file, LoadOptions.strict()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("w.csv:3: expected 3 fields as in the header, found 2");

        RawData lenient = loader.load(file, LoadOptions.lenientOptions());
        assertThat(lenient.events()).containsExactly(new Event("u", "i", 0, 1f, null));
        assertThat(lenient.skippedLines()).isEqualTo(4);
    }

    @Test
    void missingColumnsAreClearErrors() {
        Path file = TestFiles.write(tmp, "m.csv", "buyer,sku\nc,s\n");
        assertThatThrownBy(() -> loader.load(file, LoadOptions.strict()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("m.csv:1: found no user column among buyer, sku");
        assertThatThrownBy(() -> loader.load(file, LoadOptions.strict().withColumns(Map.of("user", "client"))))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("the header has no column 'client' (mapped to user)");
    }

    @Test
    void loadOptionsValidateThemselves() {
        assertThatThrownBy(() -> LoadOptions.strict().withColumns(Map.of("usr", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown column role 'usr'");
        assertThatThrownBy(() -> LoadOptions.strict().withDelimiter("::")).isInstanceOf(IllegalArgumentException.class);
        assertThat(LoadOptions.strict().withDelimiter("tab").delimiter()).isEqualTo("\t");
    }
}
