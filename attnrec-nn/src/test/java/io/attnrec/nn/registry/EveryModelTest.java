package io.attnrec.nn.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.model.ArtifactInfo;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every model the registry knows goes through train → score → save → load → the same scores, on
 * {@link TinyWorld}. The list comes from the registry itself, so a model is covered the moment
 * its provider is registered; a model added without a saved form fails here.
 */
class EveryModelTest {

    private static final TrainingData DATA = TinyWorld.data();

    @TempDir
    static Path tmp;

    @TestFactory
    Stream<DynamicTest> everyRegisteredModelTrainsScoresAndReloadsIdentically() {
        List<ModelProvider> providers = Models.all();
        assertThat(providers.stream().map(ModelProvider::name))
                .contains(
                        "pop",
                        "itemknn",
                        "ease",
                        "bpr",
                        "category-pop",
                        "content-knn",
                        "fusion",
                        "saved",
                        "biasedmf",
                        "svdpp",
                        "attn-rating",
                        "rating-blend",
                        "autorec",
                        "glocal-k",
                        "knn-baseline",
                        "sasrec",
                        "lstm-attn",
                        "gru4rec",
                        "comirec-sa",
                        "comirec-dr",
                        "mind",
                        "din");
        return providers.stream().map(p -> DynamicTest.dynamicTest(p.name(), () -> roundTrip(p)));
    }

    private static void roundTrip(ModelProvider provider) throws Exception {
        Map<String, String> options = new HashMap<>(SmallOptions.of(provider.name()));
        if (provider.name().equals("saved")) {
            options.put("dir", savedPop().toString());
        }
        int[][] probes = TinyWorld.probeHistories(DATA);
        Recommender model = provider.train(DATA, new ModelOptions(options), 11L);
        try {
            // `saved` hands back the model it read, under that model's own name
            String expectedName = provider.name().equals("saved") ? "pop" : provider.name();
            assertThat(model.name()).isEqualTo(expectedName);
            assertThat(model.numItems()).isEqualTo(TinyWorld.NUM_ITEMS);
            float[][] before = score(model, probes);
            for (float[] row : before) {
                for (int i = 1; i < row.length; i++) {
                    assertThat(Float.isFinite(row[i]))
                            .as("%s item %d", provider.name(), i)
                            .isTrue();
                }
            }
            Path dir = tmp.resolve(provider.name());
            ArtifactInfo info = new ArtifactInfo(
                    expectedName, options, 11L, "tiny-world", ModelArtifact.fingerprint(DATA), Map.of(), 0.0);
            ModelArtifact.save(dir, model, info, DATA, TinyWorld.users());
            LoadedModel loaded = ModelArtifact.load(dir);
            try {
                assertThat(loaded.info().model()).isEqualTo(expectedName);
                assertThat(loaded.items().size()).isEqualTo(TinyWorld.NUM_ITEMS);
                float[][] after = score(loaded.model(), probes);
                for (int b = 0; b < before.length; b++) {
                    assertThat(after[b]).as("%s probe %d", provider.name(), b).containsExactly(before[b]);
                }
            } finally {
                close(loaded.model());
            }
        } finally {
            close(model);
        }
    }

    /**
     * Every provider checks its options without data (the CLI calls this before loading a data
     * set): its small options pass, a misspelt key is refused by name.
     */
    @TestFactory
    Stream<DynamicTest> everyRegisteredModelChecksItsOptionsBeforeAnyData() {
        return Models.all().stream()
                .map(p -> DynamicTest.dynamicTest(p.name(), () -> {
                    Map<String, String> options = new HashMap<>(SmallOptions.of(p.name()));
                    if (p.name().equals("saved")) {
                        options.put("dir", "/any/model");
                    }
                    p.checkOptions(new ModelOptions(options));
                    options.put("no_such_option", "1");
                    assertThatThrownBy(() -> p.checkOptions(new ModelOptions(options)))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("no_such_option");
                }));
    }

    /** A saved `pop` model trained on the same data, for the `saved` provider to wrap. */
    private static Path savedPop() throws Exception {
        Path dir = tmp.resolve("pop-for-saved");
        if (!dir.toFile().exists()) {
            Recommender pop = Models.require("pop").train(DATA, ModelOptions.empty(), 1L);
            ModelArtifact.save(
                    dir,
                    pop,
                    new ArtifactInfo("pop", Map.of(), 1L, "tiny-world", ModelArtifact.fingerprint(DATA), Map.of(), 0.0),
                    DATA,
                    TinyWorld.users());
        }
        return dir;
    }

    private static float[][] score(Recommender model, int[][] histories) {
        float[][] out = new float[histories.length][model.numItems() + 1];
        model.scoreBatch(TinyWorld.PROBE_USERS, histories, out);
        return out;
    }

    private static void close(Recommender model) throws Exception {
        if (model instanceof AutoCloseable c) {
            c.close();
        }
    }
}
