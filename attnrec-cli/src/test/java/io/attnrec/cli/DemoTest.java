package io.attnrec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job, end to end (without the server, which blocks). */
class DemoTest {

    @Test
    void demoComparesEveryRegisteredSequenceModelSavesOneAndExplains(@TempDir Path tmp) throws Exception {
        CliTest.Run r = CliTest.run("demo", "--no-serve", "--out", tmp.toString(), "--seed", "3");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(tmp.resolve("report.json").toFile());
        assertThat(report.get("results")).hasSizeGreaterThanOrEqualTo(7);
        double pop = Double.NaN;
        double best = 0;
        for (JsonNode result : report.get("results")) {
            double ndcg = result.at("/metrics/ndcg@10").asDouble();
            assertThat(ndcg).as(result.get("model").asText()).isBetween(0.0, 1.0);
            if (result.get("model").asText().equals("pop")) {
                pop = ndcg;
            }
            best = Math.max(best, ndcg);
        }
        // The synthetic world has a strong sequential signal: the best model must be far above popularity.
        assertThat(best).isGreaterThan(3 * pop);
        try (var dirs = Files.list(tmp)) {
            assertThat(dirs.filter(p -> p.getFileName().toString().startsWith("model-")))
                    .singleElement()
                    .satisfies(dir -> assertThat(dir.resolve("manifest.json")).exists());
        }
        // The explanation is now each item's own attribution (issue 19), no longer "because of".
        assertThat(r.out()).contains("best on validation").contains("attribution (score drop without the item):");
    }
}
