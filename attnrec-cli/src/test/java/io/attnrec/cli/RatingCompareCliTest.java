package io.attnrec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare --protocol rating} on a tiny MovieLens-100K-style folder with two official folds. */
class RatingCompareCliTest {

    private static Path folds(Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(4);
        List<String> all = new ArrayList<>();
        for (int u = 1; u <= 30; u++) {
            for (int i = 1; i <= 20; i++) {
                if (r.nextDouble() < 0.5) {
                    int rating = 1 + Math.floorMod(u + i, 5);
                    all.add(u + "\t" + i + "\t" + rating + "\t" + (880000000 + u * 100 + i));
                }
            }
        }
        Files.write(dir.resolve("u.data"), all);
        for (int f = 1; f <= 2; f++) {
            List<String> base = new ArrayList<>();
            List<String> test = new ArrayList<>();
            for (int k = 0; k < all.size(); k++) {
                (k % 5 == f ? test : base).add(all.get(k));
            }
            Files.write(dir.resolve("u" + f + ".base"), base);
            Files.write(dir.resolve("u" + f + ".test"), test);
        }
        return dir;
    }

    @Test
    void ratingProtocolReportsFoldMeanAndPerFoldErrors(@TempDir Path tmp) throws Exception {
        Path data = folds(Files.createDirectory(tmp.resolve("ml")));
        Path json = tmp.resolve("r.json");
        CliTest.Run r = CliTest.run(
                "compare",
                "--data",
                data.toString(),
                "--protocol",
                "rating",
                "--folds",
                "2",
                "--models",
                "biasedmf:dim=4:epochs=5,svdpp:dim=4:epochs=5",
                "--json",
                json.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out())
                .contains("rmse")
                .contains("mae")
                .contains("biasedmf")
                .contains("svdpp");
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("protocol").path("name").asText()).isEqualTo("rating");
        assertThat(root.path("protocol").path("folds")).hasSize(2);
        JsonNode m = root.path("results").get(0).path("metrics");
        // rating folds have no validation cases, so no validation column
        assertThat(root.path("results").get(0).has("validation_metrics")).isFalse();
        double mean = (m.path("rmse_u1").asDouble() + m.path("rmse_u2").asDouble()) / 2;
        assertThat(m.path("rmse").asDouble()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.path("mae").asDouble()).isPositive();
    }

    @Test
    void rankingModelUnderTheRatingProtocolIsOneClearSentence(@TempDir Path tmp) throws Exception {
        Path data = folds(Files.createDirectory(tmp.resolve("ml")));
        CliTest.Run r = CliTest.run(
                "compare", "--data", data.toString(), "--protocol", "rating", "--folds", "1", "--models", "pop");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .contains("does not predict ratings")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }
}
