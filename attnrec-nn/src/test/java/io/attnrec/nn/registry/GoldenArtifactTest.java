package io.attnrec.nn.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
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

    /**
     * Training itself has not changed either: the same family, options, data and seed give the
     * scores the golden model gave when it was trained by the code of 87c2d3f. The margin is
     * wider than for reloading, since training accumulates CPU kernel differences.
     */
    @TestFactory
    Stream<DynamicTest> retrainingWithTheGoldenSeedGivesTheGoldenScores() throws Exception {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(goldenRoot())) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        TrainingData data = TinyWorld.data();
        return dirs.stream()
                .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
                    String name = dir.getFileName().toString();
                    JsonNode expected = new ObjectMapper()
                            .readTree(dir.resolve("probe.json").toFile())
                            .get("scores");
                    Recommender model = Models.require(name)
                            .train(data, new ModelOptions(SmallOptions.of(name)), GoldenArtifacts.SEED);
                    float[][] actual = new float[TinyWorld.PROBE_USERS.length][data.numItems() + 1];
                    try {
                        model.scoreBatch(TinyWorld.PROBE_USERS, TinyWorld.probeHistories(data), actual);
                    } finally {
                        if (model instanceof AutoCloseable c) {
                            c.close();
                        }
                    }
                    compare(name, expected, actual, 1e-3);
                }));
    }

    private static void compare(String name, JsonNode expected, float[][] actual, double tolerance) {
        for (int b = 0; b < actual.length; b++) {
            assertThat(actual[b].length).isEqualTo(expected.get(b).size());
            for (int i = 1; i < actual[b].length; i++) {
                double want = expected.get(b).get(i).asDouble();
                assertThat((double) actual[b][i])
                        .as("%s: probe %d, item %d", name, b, i)
                        .isCloseTo(want, within(tolerance * Math.max(1, Math.abs(want))));
            }
        }
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
        compare(dir.getFileName().toString(), expected, actual, TOLERANCE);
    }
}
