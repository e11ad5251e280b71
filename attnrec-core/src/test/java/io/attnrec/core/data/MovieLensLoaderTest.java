package io.attnrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensLoaderTest {

    @TempDir
    Path tmp;

    private final MovieLensLoader loader = new MovieLensLoader();

    private Path ml100k(String uData) {
        Path dir = TestFiles.folder(tmp, "ml-100k");
        TestFiles.write(dir, "u.data", uData);
        // Three genres only: the names must come from u.genre, not from a built-in list.
        TestFiles.write(dir, "u.genre", "unknown|0\nAction|1\nDrama|2\n\n");
        TestFiles.latin1(
                dir,
                "u.item",
                "10|Misérables, Les (1995)|01-Jan-1995||http://x?Mis%E9rables|0|0|1\n"
                        + "20|Heat (1995)|15-Dec-1995||http://y|0|1|1\n"
                        + "30|unknown||||1|0|0\n");
        return dir;
    }

    @Test
    void readsMl100kFolderWithLatin1MetadataAndGenreNames() throws IOException {
        Path dir = ml100k("1\t10\t5\t100\n2\t10\t3\t50\n1\t20\t4\t90\n\n");

        RawData raw = loader.load(dir, LoadOptions.strict());

        assertThat(raw.name()).isEqualTo("ml-100k");
        assertThat(raw.format()).isEqualTo("movielens");
        assertThat(raw.events())
                .containsExactly(
                        new Event("1", "10", 100, 5f, null),
                        new Event("2", "10", 50, 3f, null),
                        new Event("1", "20", 90, 4f, null));
        ItemMeta les = raw.catalog().get("10").orElseThrow();
        assertThat(les.title()).isEqualTo("Misérables, Les (1995)");
        assertThat(les.categories()).containsExactly("Drama");
        assertThat(les.attributes()).containsEntry("year", "1995");
        assertThat(raw.catalog().get("20").orElseThrow().categories()).containsExactly("Action", "Drama");
        ItemMeta unknown = raw.catalog().get("30").orElseThrow();
        assertThat(unknown.categories()).containsExactly("unknown");
        assertThat(unknown.attributes()).isEmpty();
    }

    @Test
    void ratingsFileAloneFindsMetadataBesideIt() throws IOException {
        Path dir = ml100k("1\t10\t5\t100\n");
        TestFiles.write(dir, "u1.base", "7\t20\t2\t1\n");

        RawData raw = loader.load(dir.resolve("u1.base"), LoadOptions.strict());

        assertThat(raw.events()).containsExactly(new Event("7", "20", 1, 2f, null));
        assertThat(raw.catalog().size()).isEqualTo(3);
        assertThat(raw.name()).isEqualTo("ml-100k");
    }

    @Test
    void malformedRatingIsReportedWithFileAndLine() {
        Path dir = ml100k("1\t10\t5\t100\n2\t10\t3\t50\n1\t20\tabc\t90\n");

        assertThatThrownBy(() -> loader.load(dir, LoadOptions.strict()))
                .isInstanceOfSatisfying(DataFormatException.class, e -> {
                    assertThat(e.file()).isEqualTo(dir.resolve("u.data"));
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).endsWith("u.data:3: field 'rating' is not a number: 'abc'");
                });
    }

    @Test
    void lenientSkipsAndCountsMalformedLines() throws IOException {
        Path dir = ml100k("1\t10\t5\t100\n1\t20\t4\n\t10\t3\t50\n1\t20\t4\t90\n2\t20\t4\tnoon\n");

        RawData raw = loader.load(dir, LoadOptions.lenientOptions());

        assertThat(raw.skippedLines()).isEqualTo(3);
        assertThat(raw.events()).extracting(Event::timestamp).containsExactly(100L, 90L);
    }

    @Test
    void wrongFieldCountAndEmptyIdAreMalformed() {
        Path dir = ml100k("1\t10\t5\t100\n1\t20\t4\n");
        assertThatThrownBy(() -> loader.load(dir, LoadOptions.strict()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("u.data:2: expected 4 fields");

        Path dir2 = ml100k("1\t\t5\t100\n");
        assertThatThrownBy(() -> loader.load(dir2, LoadOptions.strict()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("u.data:1: field 'item' is empty");
    }

    @Test
    void badGenreFlagInUItemIsMalformed() {
        Path dir = ml100k("1\t10\t5\t100\n");
        TestFiles.write(dir, "u.item", "10|A (1995)|01-Jan-1995||u|0|2|1\n");
        assertThatThrownBy(() -> loader.load(dir, LoadOptions.strict()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("u.item:1: field 'genre Action' is not 0 or 1");
    }

    @Test
    void readsMl1mDatLayoutWithOddRatingsFileName() throws IOException {
        Path dir = TestFiles.folder(tmp, "ml-1m");
        TestFiles.write(dir, "ratings.PARTIAL_users_1-2.dat", "1::10::5::978300760\n2::20::3::978300000\n");
        TestFiles.latin1(dir, "movies.dat", "10::Café au Lait (1993)::Comedy|Drama\n20::Heat (1995)::Action\n");
        TestFiles.write(dir, "users.dat", "1::F::1::10::48067\n");

        RawData fromFolder = loader.load(dir, LoadOptions.strict());
        RawData fromFile = loader.load(dir.resolve("ratings.PARTIAL_users_1-2.dat"), LoadOptions.strict());

        assertThat(fromFolder.events())
                .containsExactly(
                        new Event("1", "10", 978300760L, 5f, null), new Event("2", "20", 978300000L, 3f, null));
        assertThat(fromFile.events()).isEqualTo(fromFolder.events());
        ItemMeta cafe = fromFolder.catalog().get("10").orElseThrow();
        assertThat(cafe.title()).isEqualTo("Café au Lait (1993)");
        assertThat(cafe.categories()).containsExactly("Comedy", "Drama");
        assertThat(cafe.attributes()).containsEntry("year", "1993");
        assertThat(fromFile.catalog().size()).isEqualTo(2);
    }

    @Test
    void datMalformedLineNumberCountsFromOne() {
        Path dir = TestFiles.folder(tmp, "ml-1m-bad");
        TestFiles.write(dir, "ratings.dat", "1::10::5::978300760\n1::11::5\n");
        assertThatThrownBy(() -> loader.load(dir, LoadOptions.strict()))
                .isInstanceOfSatisfying(DataFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("separated by '::'");
                });
    }

    @Test
    void severalRatingsDatFilesAreAmbiguous() {
        Path dir = TestFiles.folder(tmp, "ml-two");
        TestFiles.write(dir, "ratings.a.dat", "1::10::5::1\n");
        TestFiles.write(dir, "ratings.b.dat", "1::10::5::1\n");
        assertThatThrownBy(() -> loader.load(dir, LoadOptions.strict()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("several ratings files (ratings.a.dat, ratings.b.dat)");
    }

    @Test
    void readsMlLatestCsvWithQuotedTitlesAndTags() throws IOException {
        Path dir = TestFiles.folder(tmp, "ml-latest-small");
        TestFiles.write(dir, "ratings.csv", "userId,movieId,rating,timestamp\n1,10,4.5,964982703\n2,20,0.5,5\n");
        TestFiles.write(
                dir,
                "movies.csv",
                "movieId,title,genres\n"
                        + "10,\"American President, The (1995)\",Comedy|Drama|Romance\n"
                        + "20,\"11'09\"\"01 - September 11 (2002)\",Drama\n"
                        + "30,Cité (no year),(no genres listed)\n");
        TestFiles.write(
                dir,
                "tags.csv",
                "userId,movieId,tag,timestamp\n1,10,funny,1\n2,10,Funny,2\n1,10,\"politics, drama\",3\n");

        RawData raw = loader.load(dir, LoadOptions.strict());

        assertThat(raw.events())
                .containsExactly(new Event("1", "10", 964982703L, 4.5f, null), new Event("2", "20", 5, 0.5f, null));
        ItemMeta president = raw.catalog().get("10").orElseThrow();
        assertThat(president.title()).isEqualTo("American President, The (1995)");
        assertThat(president.categories()).containsExactly("Comedy", "Drama", "Romance");
        assertThat(president.attributes()).containsEntry("year", "1995").containsEntry("tags", "funny|politics, drama");
        ItemMeta sept = raw.catalog().get("20").orElseThrow();
        assertThat(sept.title()).isEqualTo("11'09\"01 - September 11 (2002)");
        assertThat(sept.attributes()).containsEntry("year", "2002");
        ItemMeta cite = raw.catalog().get("30").orElseThrow();
        assertThat(cite.title()).isEqualTo("Cité (no year)");
        assertThat(cite.categories()).isEmpty();
        assertThat(cite.attributes()).isEmpty();
    }

    @Test
    void mlLatestBadRatingReportsCsvLine() {
        Path dir = TestFiles.folder(tmp, "ml-latest-bad");
        TestFiles.write(dir, "ratings.csv", "userId,movieId,rating,timestamp\n1,10,4.5,1\n\n1,11,four,2\n");
        assertThatThrownBy(() -> loader.load(dir.resolve("ratings.csv"), LoadOptions.strict()))
                .isInstanceOfSatisfying(DataFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.getMessage()).endsWith("field 'rating' is not a number: 'four'");
                });
    }
}
