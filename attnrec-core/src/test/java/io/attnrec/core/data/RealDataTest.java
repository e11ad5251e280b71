package io.attnrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.attnrec.core.prep.Dataset;
import io.attnrec.core.prep.PrepConfig;
import io.attnrec.core.prep.Preparer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loads the published data sets in {@code ../shared/data} and checks their published counts.
 * Skipped (not failed) on machines without that folder.
 */
class RealDataTest {

    private static Path root;

    @BeforeAll
    static void findData() {
        String prop = System.getProperty("attnrec.shared.data");
        root = prop == null ? null : Path.of(prop);
        assumeTrue(
                root != null && Files.isDirectory(root),
                "shared data folder not found (system property attnrec.shared.data = " + prop + "); skipping");
    }

    private static Path data(String name) {
        Path p = root.resolve(name);
        assumeTrue(Files.exists(p), name + " is missing from " + root + "; skipping");
        return p;
    }

    private static Dataset load(Path path, String expectedFormat) throws IOException {
        assertThat(DataLoaders.detect(path)).isEqualTo(expectedFormat);
        RawData raw = DataLoaders.load(path, "auto", LoadOptions.strict());
        assertThat(raw.format()).isEqualTo(expectedFormat);
        assertThat(raw.skippedLines()).isZero();
        return Preparer.prepare(raw, PrepConfig.none());
    }

    private static void assertCounts(Dataset d, int users, int items, long events) {
        assertThat(d.numUsers()).as("users").isEqualTo(users);
        assertThat(d.numItems()).as("items").isEqualTo(items);
        assertThat(d.numInteractions()).as("interactions").isEqualTo(events);
    }

    @Test
    void ml100k() throws IOException {
        Dataset d = load(data("ml-100k"), "movielens");
        assertCounts(d, 943, 1682, 100_000);
        assertThat(d.hasRatings()).isTrue();
        ItemMeta toyStory = d.catalog().get("1").orElseThrow();
        assertThat(toyStory.title()).isEqualTo("Toy Story (1995)");
        assertThat(toyStory.categories()).containsExactly("Animation", "Children's", "Comedy");
        assertThat(toyStory.attributes()).containsEntry("year", "1995");
        assertThat(d.catalog().get("543").orElseThrow().title()).isEqualTo("Misérables, Les (1995)");
        assertThat(d.catalog().size()).isEqualTo(1682);
    }

    @Test
    void ml100kRatingsFileAlone() throws IOException {
        Dataset d = load(data("ml-100k").resolve("u1.base"), "movielens");
        assertThat(d.numInteractions()).isEqualTo(80_000);
        assertThat(d.catalog().size()).isEqualTo(1682);
    }

    @Test
    void ml100kRecBole() throws IOException {
        Dataset d = load(data("ml-100k-recbole"), "recbole");
        assertCounts(d, 943, 1682, 100_000);
        ItemMeta m = d.catalog().get("543").orElseThrow();
        assertThat(m.title()).isEqualTo("Misérables, Les");
        assertThat(m.categories()).containsExactly("Drama", "Musical");
        assertThat(m.attributes()).containsEntry("year", "1995");
    }

    @Test
    void ml1mPartial() throws IOException {
        Dataset d = load(data("ml-1m-partial"), "movielens");
        assertCounts(d, 2999, 3615, 487_650);
        assertThat(d.catalog().get("73").orElseThrow().title()).isEqualTo("Misérables, Les (1995)");
        assertThat(d.catalog().size()).isEqualTo(3883);
    }

    @Test
    void mlLatestSmall() throws IOException {
        Dataset d = load(data("ml-latest-small"), "movielens");
        assertCounts(d, 610, 9724, 100_836);
        ItemMeta m = d.catalog().get("29").orElseThrow();
        assertThat(m.title()).isEqualTo("City of Lost Children, The (Cité des enfants perdus, La) (1995)");
        assertThat(m.categories()).containsExactly("Adventure", "Drama", "Fantasy", "Mystery", "Sci-Fi");
        assertThat(d.catalog().get("60756").orElseThrow().attributes().get("tags"))
                .contains("funny");
    }

    @Test
    void amazonBeautyBert4rec() throws IOException {
        Dataset d = load(data("amazon-beauty-bert4rec"), "sasrec");
        assertCounts(d, 40_226, 54_542, 353_962);
    }

    @Test
    void amazonBeautyS3rec() throws IOException {
        Dataset d = load(data("amazon-beauty-s3rec"), "s3rec");
        assertCounts(d, 22_363, 12_101, 198_502);
        assertThat(d.catalog().get("4").orElseThrow().categories()).containsExactly("1", "2", "3");
        // S3-Rec numbered items by first appearance, which is also our order.
        assertThat(d.items().external(1)).isEqualTo("1");
        assertThat(d.items().external(12_101)).isEqualTo("12101");
    }

    @Test
    void amazonVideoGamesSasrec() throws IOException {
        Dataset d = load(data("amazon-video-games-sasrec"), "sasrec");
        assertCounts(d, 31_013, 23_715, 287_107);
    }

    @Test
    void dedupAndFiveCoreOfBert4recBeautyGiveS3recBeauty() throws IOException {
        // Both files come from the same Amazon Beauty reviews; S3-Rec's version is the
        // de-duplicated 5-core, so our preparation must reproduce its counts exactly.
        RawData raw = DataLoaders.load(data("amazon-beauty-bert4rec"), "sasrec", LoadOptions.strict());
        Dataset d = Preparer.prepare(raw, new PrepConfig(true, Double.NaN, 5, 0, 0));
        assertCounts(d, 22_363, 12_101, 198_502);
    }
}
