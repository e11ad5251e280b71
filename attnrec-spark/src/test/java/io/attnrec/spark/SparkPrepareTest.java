package io.attnrec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.attnrec.core.data.DataLoaders;
import io.attnrec.core.data.LoadOptions;
import io.attnrec.core.data.RawData;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.prep.PrepConfig;
import io.attnrec.core.prep.Preparer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed preparation gives exactly {@code Preparer}'s data set: same ids, sequences,
 * timestamps and ratings, on a synthetic log full of ties and duplicates (read as CSV in several
 * splits and as Parquet) and on MovieLens (when the shared data is there).
 */
class SparkPrepareTest {

    private static SparkSession spark;

    @TempDir
    static Path tmp;

    /** dedup, min rating 3, 3-core with min length 4, last 8 events: every step has work to do. */
    private static final PrepConfig ALL = new PrepConfig(true, 3.0, 3, 4, 8);

    @BeforeAll
    static void start() {
        spark = SparkSessions.start("local[2]", 2);
        // small splits, so the CSV file is read as several partitions and file order must survive
        spark.conf().set("spark.sql.files.maxPartitionBytes", "4096");
        spark.conf().set("spark.sql.files.openCostInBytes", "1024");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** 1,500 events of 60 users on 40 items, times from only 25 values (many ties), duplicates, blanks. */
    static Path syntheticLog(Path dir) throws IOException {
        Random r = new Random(17);
        List<String> lines = new ArrayList<>();
        lines.add("customer,product,when,stars");
        for (int e = 0; e < 1500; e++) {
            int u = r.nextInt(60);
            int i = (int) Math.min(39, Math.abs(r.nextGaussian()) * 12); // skewed: some items stay rare
            String rating = r.nextInt(10) == 0 ? "" : String.valueOf(1 + r.nextInt(5));
            String when = r.nextInt(4) == 0
                    ? "2024-01-0" + (1 + r.nextInt(9))
                    : String.valueOf(1_704_067_200L + 86_400L * r.nextInt(16));
            lines.add("u" + u + ",\"i" + i + "\"," + when + "," + rating);
        }
        Path f = dir.resolve("log.csv");
        Files.write(f, lines);
        return f;
    }

    private static LoadOptions mapping() {
        return LoadOptions.strict()
                .withColumns(Map.of("user", "customer", "item", "product", "timestamp", "when", "rating", "stars"));
    }

    @Test
    void csvInSplitsMatchesPreparerWithEveryStepOnAndOff() throws IOException {
        Path log = syntheticLog(Files.createDirectories(tmp.resolve("csv")));
        RawData raw = DataLoaders.load(log, "csv", mapping());
        SparkEvents.Raw events = SparkEvents.read(spark, log, "csv", mapping());
        assertThat(events.events().rdd().getNumPartitions()).isGreaterThan(1);
        for (PrepConfig c : List.of(ALL, PrepConfig.none())) {
            Dataset expected = Preparer.prepare(raw, c);
            Dataset actual = roundTrip(events, c, tmp.resolve("out-" + c.kCore()));
            assertSame(actual, expected);
        }
    }

    @Test
    void parquetInputMatchesTheSameLogAsCsv() throws IOException {
        Path log = syntheticLog(Files.createDirectories(tmp.resolve("pq")));
        Path parquet = tmp.resolve("pq/log.parquet");
        // the same rows with typed columns (stars as a number), written in file order
        spark.read()
                .option("header", "true")
                .csv(log.toString())
                .selectExpr(
                        "customer as user_id",
                        "product as item_id",
                        "`when` as timestamp",
                        "cast(stars as float) as rating")
                .coalesce(1)
                .write()
                .parquet(parquet.toString());
        Dataset expected = Preparer.prepare(DataLoaders.load(log, "csv", mapping()), ALL);
        Dataset actual =
                roundTrip(SparkEvents.read(spark, parquet, "auto", LoadOptions.strict()), ALL, tmp.resolve("pq-out"));
        assertSame(actual, expected);
    }

    @Test
    void preparedFolderIsADataFormatThatGivesTheSameDatasetBack() throws IOException {
        Path log = syntheticLog(Files.createDirectories(tmp.resolve("loader")));
        Path out = tmp.resolve("loader-out");
        SparkEvents.Raw events = SparkEvents.read(spark, log, "csv", mapping());
        PreparedData.write(events, SparkPreparer.prepare(events.events(), ALL), ALL, out);
        assertThat(DataLoaders.detect(out)).isEqualTo("prepared");
        Dataset reloaded = Preparer.prepare(DataLoaders.load(out, "auto", LoadOptions.strict()), PrepConfig.none());
        assertSame(reloaded, Preparer.prepare(DataLoaders.load(log, "csv", mapping()), ALL));
    }

    @Test
    void nothingLeftAndBadFieldsAreOneLineErrors() throws IOException {
        Path log = syntheticLog(Files.createDirectories(tmp.resolve("bad")));
        SparkEvents.Raw events = SparkEvents.read(spark, log, "csv", mapping());
        assertThatThrownBy(() -> SparkPreparer.prepare(events.events(), new PrepConfig(false, Double.NaN, 1000, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no interactions are left");
        Path broken = tmp.resolve("bad/broken.csv");
        Files.write(broken, List.of("user,item,timestamp", "a,x,5", "b,y,yesterday"));
        assertThatThrownBy(() -> SparkEvents.read(spark, broken, "csv", LoadOptions.strict())
                        .events()
                        .count())
                .hasStackTraceContaining(
                        "broken.csv: record 2 (line 3): field 'timestamp' is neither a number nor an ISO-8601 date/time: 'yesterday'");
        SparkEvents.Raw lenient = SparkEvents.read(spark, broken, "csv", LoadOptions.lenientOptions());
        assertThat(lenient.events().count()).isEqualTo(1);
        assertThat(lenient.skipped().value()).isEqualTo(1);
    }

    @Test
    void movieLens100kMatchesPreparer() throws IOException {
        Path ml = sharedData("ml-100k");
        RawData raw = DataLoaders.load(ml, "auto", LoadOptions.strict());
        SparkEvents.Raw events = SparkEvents.read(spark, ml, "auto", LoadOptions.strict());
        assertThat(events.format()).isEqualTo("movielens");
        for (PrepConfig c : List.of(PrepConfig.none(), new PrepConfig(true, 4.0, 5, 0, 50))) {
            assertSame(roundTrip(events, c, tmp.resolve("ml100k-" + c.kCore())), Preparer.prepare(raw, c));
        }
    }

    @Test
    void movieLensLatestRatingsCsvReadInParallelMatchesTheMovieLensLoader() throws IOException {
        Path ml = sharedData("ml-latest-small");
        PrepConfig c = new PrepConfig(true, 3.5, 5, 0, 0);
        Dataset expected = Preparer.prepare(DataLoaders.load(ml, "movielens", LoadOptions.strict()), c);
        SparkEvents.Raw events = SparkEvents.read(spark, ml.resolve("ratings.csv"), "csv", LoadOptions.strict());
        Dataset actual = roundTrip(events, c, tmp.resolve("latest"));
        assertThat(actual.users().externalIds()).isEqualTo(expected.users().externalIds());
        assertThat(actual.items().externalIds()).isEqualTo(expected.items().externalIds());
        assertThat(actual.sequences()).isDeepEqualTo(expected.sequences());
        assertThat(actual.timestamps()).isDeepEqualTo(expected.timestamps());
    }

    static Path sharedData(String name) {
        String prop = System.getProperty("attnrec.shared.data");
        Path root = prop == null ? null : Path.of(prop);
        assumeTrue(
                root != null && Files.isDirectory(root.resolve(name)),
                name + " not found under the shared data folder (system property attnrec.shared.data = " + prop
                        + "); skipping");
        return root.resolve(name);
    }

    /** Prepares on Spark, writes Parquet, reads it back without Spark. */
    private static Dataset roundTrip(SparkEvents.Raw events, PrepConfig c, Path out) throws IOException {
        PreparedData.write(events, SparkPreparer.prepare(events.events(), c), c, out);
        return PreparedData.read(out);
    }

    static void assertSame(Dataset actual, Dataset expected) {
        assertThat(actual.name()).isEqualTo(expected.name());
        assertThat(actual.users().externalIds()).isEqualTo(expected.users().externalIds());
        assertThat(actual.items().externalIds()).isEqualTo(expected.items().externalIds());
        assertThat(actual.sequences()).isDeepEqualTo(expected.sequences());
        assertThat(actual.timestamps()).isDeepEqualTo(expected.timestamps());
        assertThat(actual.hasRatings()).isEqualTo(expected.hasRatings());
        if (expected.hasRatings()) {
            // Arrays.equals compares floats bit by bit, so NaN (unrated) equals NaN
            assertThat(Arrays.deepEquals(actual.ratings(), expected.ratings())).isTrue();
        }
        assertThat(actual.catalog().items())
                .containsExactlyElementsOf(expected.catalog().items());
    }
}
