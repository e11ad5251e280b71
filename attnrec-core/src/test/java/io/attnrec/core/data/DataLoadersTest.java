package io.attnrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registration and detection: each published layout must be picked by the right loader. */
class DataLoadersTest {

    @TempDir
    Path tmp;

    @Test
    void allFormatsAreRegistered() {
        assertThat(DataLoaders.formats()).containsExactlyInAnyOrder("movielens", "sasrec", "s3rec", "recbole", "csv");
    }

    @Test
    void detectsMovieLensLayouts() throws IOException {
        Path ml100k = TestFiles.folder(tmp, "ml-100k");
        TestFiles.write(ml100k, "u.data", "1\t2\t3\t4\n");
        TestFiles.write(ml100k, "u1.base", "1\t2\t3\t4\n");
        Path ml1m = TestFiles.folder(tmp, "ml-1m");
        TestFiles.write(ml1m, "ratings.PARTIAL_users_1-2999.dat", "1::2::3::4\n");
        TestFiles.write(ml1m, "movies.dat", "2::T (1995)::Drama\n");
        Path latest = TestFiles.folder(tmp, "ml-latest-small");
        TestFiles.write(latest, "ratings.csv", "userId,movieId,rating,timestamp\n1,2,3.5,4\n");
        TestFiles.write(latest, "tags.csv", "userId,movieId,tag,timestamp\n1,2,x,4\n");

        assertThat(DataLoaders.detect(ml100k)).isEqualTo("movielens");
        assertThat(DataLoaders.detect(ml100k.resolve("u.data"))).isEqualTo("movielens");
        assertThat(DataLoaders.detect(ml100k.resolve("u1.base"))).isEqualTo("movielens");
        assertThat(DataLoaders.detect(ml1m)).isEqualTo("movielens");
        assertThat(DataLoaders.detect(ml1m.resolve("ratings.PARTIAL_users_1-2999.dat")))
                .isEqualTo("movielens");
        assertThat(DataLoaders.detect(latest)).isEqualTo("movielens");
        assertThat(DataLoaders.detect(latest.resolve("ratings.csv"))).isEqualTo("movielens");
    }

    @Test
    void detectsRecBole() throws IOException {
        Path dir = TestFiles.folder(tmp, "ml-100k-recbole");
        TestFiles.write(dir, "ml-100k.inter", "user_id:token\titem_id:token\n1\t2\n");
        TestFiles.write(dir, "ml-100k.user", "user_id:token\tage:token\n1\t20\n");
        Path renamed = TestFiles.write(tmp, "inter.tsv", "user_id:token\titem_id:token\n1\t2\n");

        assertThat(DataLoaders.detect(dir)).isEqualTo("recbole");
        assertThat(DataLoaders.detect(dir.resolve("ml-100k.inter"))).isEqualTo("recbole");
        assertThat(DataLoaders.detect(renamed)).isEqualTo("recbole");
    }

    @Test
    void detectsSasRecAndS3Rec() throws IOException {
        Path sasrec = TestFiles.folder(tmp, "amazon-video-games-sasrec");
        TestFiles.write(sasrec, "Video.txt", "1 1\n1 2\n2 1\n2 3\n");
        TestFiles.write(sasrec, "README.SASRec.md", "# readme\n");
        TestFiles.write(sasrec, "LICENSE.SASRec", "Apache\n");
        Path s3rec = TestFiles.folder(tmp, "amazon-beauty-s3rec");
        TestFiles.write(s3rec, "Beauty.txt", "1 1 2 3\n2 4 5 6 7\n");
        TestFiles.write(s3rec, "Beauty_item2attributes.json", "{\"1\": [1]}");
        TestFiles.write(s3rec, "LICENSE.ICLRec.txt", "MIT licence text here\n");
        // Two tokens a line and unique users: only the attribute file tells S3-Rec from SASRec.
        Path pairs = TestFiles.folder(tmp, "pairs");
        TestFiles.write(pairs, "Toys.txt", "1 1\n2 1\n");
        TestFiles.write(pairs, "Toys_item2attributes.json", "{}");

        assertThat(DataLoaders.detect(sasrec)).isEqualTo("sasrec");
        assertThat(DataLoaders.detect(sasrec.resolve("Video.txt"))).isEqualTo("sasrec");
        assertThat(DataLoaders.detect(s3rec)).isEqualTo("s3rec");
        assertThat(DataLoaders.detect(s3rec.resolve("Beauty.txt"))).isEqualTo("s3rec");
        assertThat(DataLoaders.detect(pairs)).isEqualTo("s3rec");
        assertThat(DataLoaders.detect(TestFiles.write(tmp, "lines.txt", "1 1 2\n2 3 4\n")))
                .isEqualTo("s3rec");
    }

    @Test
    void detectsGenericCsv() throws IOException {
        Path dir = TestFiles.folder(tmp, "shop");
        TestFiles.write(dir, "clicks.csv", "user_id,item_id,timestamp\nu,i,1\n");
        TestFiles.write(dir, "items.csv", "item_id,title\ni,Soap\n");
        Path tsv = TestFiles.write(tmp, "log.tsv", "userId\titemId\nu\ti\n");

        assertThat(DataLoaders.detect(dir)).isEqualTo("csv");
        assertThat(DataLoaders.detect(dir.resolve("clicks.csv"))).isEqualTo("csv");
        assertThat(DataLoaders.detect(tsv)).isEqualTo("csv");
        RawData raw = DataLoaders.load(dir, "auto", LoadOptions.strict());
        assertThat(raw.format()).isEqualTo("csv");
        assertThat(raw.events()).containsExactly(new Event("u", "i", 1, Float.NaN, null));
        assertThat(raw.catalog().get("i").orElseThrow().title()).isEqualTo("Soap");
    }

    @Test
    void undetectableInputNamesTheFormats() {
        Path prose = TestFiles.write(tmp, "notes.txt", "hello, this is not data\n");
        assertThatThrownBy(() -> DataLoaders.detect(prose))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot detect the format of " + prose + "; use --format ")
                .hasMessageContaining("movielens");
        Path empty = TestFiles.folder(tmp, "empty");
        assertThatThrownBy(() -> DataLoaders.load(empty, "auto", LoadOptions.strict()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot detect");
    }

    @Test
    void explicitFormatAndErrors() throws IOException {
        Path file = TestFiles.write(tmp, "pairs.txt", "1 2\n");
        assertThat(DataLoaders.load(file, "SASRec", LoadOptions.strict()).events())
                .hasSize(1);
        assertThatThrownBy(() -> DataLoaders.load(file, "parquet", LoadOptions.strict()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown data format 'parquet'; known formats: auto, "
                        + String.join(", ", DataLoaders.formats()));
        assertThatThrownBy(() -> DataLoaders.load(tmp.resolve("nope"), "auto", LoadOptions.strict()))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no such file or folder");
    }
}
