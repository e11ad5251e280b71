package io.attnrec.nn.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Models;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Reloads the checked-in golden artifacts (one per model family, written by the code before the
 * current format, see {@link GoldenArtifacts}) and checks that they score the probe histories as
 * they did when they were saved. A change that breaks reading an older artifact fails here
 * instead of in a user's deployment.
 */
class GoldenArtifactTest {

    /** Relative tolerance: reading is exact; the margin only absorbs CPU kernel differences. */
    private static final double TOLERANCE = 1e-5;

    private static Path goldenRoot() throws URISyntaxException {
        return Path.of(GoldenArtifactTest.class.getResource("/golden").toURI());
    }

    @Test
    void everyRegisteredFamilyHasAGoldenArtifact() throws Exception {
        List<String> missing = Models.all().stream()
                .map(ModelProvider::name)
                .filter(n -> !GoldenArtifacts.NOT_GOLDEN.contains(n))
                .filter(n -> {
                    try {
                        return !Files.isDirectory(goldenRoot().resolve(n));
                    } catch (URISyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
        assertThat(missing)
                .as("models registered without a golden artifact (run GoldenArtifacts to add one)")
                .isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> goldenArtifactsReloadToTheirSavedScores() throws Exception {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(goldenRoot())) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(dirs).hasSizeGreaterThanOrEqualTo(17);
        return dirs.stream()
                .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private static void check(Path dir) throws IOException {
        JsonNode probe = new ObjectMapper().readTree(dir.resolve("probe.json").toFile());
        LoadedModel loaded = ModelArtifact.load(dir.resolve("artifact"));
        assertThat(loaded.model().name()).isEqualTo(dir.getFileName().toString());
        JsonNode users = probe.get("users");
        JsonNode histories = probe.get("histories");
        JsonNode expected = probe.get("scores");
        int n = users.size();
        int[] us = new int[n];
        int[][] hs = new int[n][];
        float[][] actual = new float[n][loaded.model().numItems() + 1];
        for (int b = 0; b < n; b++) {
            us[b] = users.get(b).asInt();
            hs[b] = new int[histories.get(b).size()];
            for (int i = 0; i < hs[b].length; i++) {
                hs[b][i] = histories.get(b).get(i).asInt();
            }
        }
        try {
            loaded.model().scoreBatch(us, hs, actual);
        } finally {
            if (loaded.model() instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        for (int b = 0; b < n; b++) {
            assertThat(actual[b].length).isEqualTo(expected.get(b).size());
            // item 0 is padding: its score is ignored by every caller
            for (int i = 1; i < actual[b].length; i++) {
                double want = expected.get(b).get(i).asDouble();
                assertThat((double) actual[b][i])
                        .as("%s: probe %d, item %d", dir.getFileName(), b, i)
                        .isCloseTo(
                                want, org.assertj.core.api.Assertions.within(TOLERANCE * Math.max(1, Math.abs(want))));
            }
        }
    }
}
