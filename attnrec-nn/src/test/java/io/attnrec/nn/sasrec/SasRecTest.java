package io.attnrec.nn.sasrec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.attnrec.core.data.IdMap;
import io.attnrec.core.model.ArtifactInfo;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.nn.Djl;
import io.attnrec.nn.attention.LayerKind;
import io.attnrec.nn.seq.SequenceRecommender;
import io.attnrec.nn.testing.NextItemWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SasRecTest {

    private static final NextItemWorld WORLD = new NextItemWorld(120, 40, 5, 14, 11L);
    private static final Map<String, String> SMALL = Map.of(
            "max_len", "12",
            "dim", "32",
            "blocks", "1",
            "heads", "2",
            "dropout", "0.1",
            "epochs", "12",
            "batch_size", "32",
            "lr", "0.01",
            "progress", "false");

    /** One model trained once with CE, shared by the tests that only read it. */
    private static SequenceRecommender<SasRecConfig> shared;

    @BeforeAll
    static void train() {
        shared = (SequenceRecommender<SasRecConfig>)
                Models.require("sasrec").train(WORLD.data, new ModelOptions(SMALL), 5L);
    }

    @AfterAll
    static void release() {
        shared.close();
    }

    private static Recommender train(Map<String, String> overrides, long seed) {
        return Models.require("sasrec").train(WORLD.data, new ModelOptions(SMALL).with(overrides), seed);
    }

    @Test
    void crossEntropyLearnsTheNextItemRule() {
        // random ranking would hit the target in the top 5 of 40 items 12.5% of the time
        assertThat(WORLD.hitRate(shared, 5)).isGreaterThan(0.8);
        assertThat(WORLD.hitRate(shared, 1)).isGreaterThan(0.5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ce", "gbce"})
    void trainingAndScoringLeaveNoArraysOnTheModel(String loss) {
        int[] counts = new int[2];
        for (int i = 0; i < 2; i++) {
            String epochs = i == 0 ? "1" : "3";
            try (SequenceRecommender<SasRecConfig> model = (SequenceRecommender<SasRecConfig>)
                    train(Map.of("loss", loss, "negatives", "8", "epochs", epochs), 9L)) {
                model.score(2, WORLD.data.sequences()[2], new float[WORLD.numItems + 1]);
                counts[i] = model.manager().getManagedArrays().size();
            }
        }
        // parameters and optimiser state only: three times the steps, the same count
        assertThat(counts[1]).as(loss).isEqualTo(counts[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bce", "sampled", "gbce"})
    void otherLossesLearnTooWithinTheSameBudget(String loss) {
        Recommender model = train(Map.of("loss", loss, "negatives", "8", "epochs", "20"), 5L);
        assertThat(WORLD.hitRate(model, 5)).as(loss).isGreaterThan(0.5);
        ((SequenceRecommender<SasRecConfig>) model).close();
    }

    @Test
    void sameSeedGivesIdenticalScores() {
        Map<String, String> fast = Map.of("epochs", "2");
        Recommender a = train(fast, 9L);
        Recommender b = train(fast, 9L);
        Recommender c = train(fast, 10L);
        int[] history = WORLD.data.sequences()[3];
        float[] sa = new float[WORLD.numItems + 1];
        float[] sb = new float[WORLD.numItems + 1];
        float[] sc = new float[WORLD.numItems + 1];
        a.score(3, history, sa);
        b.score(3, history, sb);
        c.score(3, history, sc);
        assertThat(sb).containsExactly(sa);
        assertThat(sc).isNotEqualTo(sa);
        List.of(a, b, c).forEach(m -> ((SequenceRecommender<SasRecConfig>) m).close());
    }

    @Test
    void saveAndLoadScoreIdentically(@TempDir Path dir) throws Exception {
        shared.save(dir);
        Recommender loaded = Models.require("sasrec").load(dir);
        assertThat(loaded.name()).isEqualTo("sasrec");
        assertThat(loaded.numItems()).isEqualTo(WORLD.numItems);
        assertThat(((SequenceRecommender<SasRecConfig>) loaded).config().toOptions())
                .isEqualTo(shared.config().toOptions());
        for (int u = 0; u < 10; u++) {
            float[] before = new float[WORLD.numItems + 1];
            float[] after = new float[WORLD.numItems + 1];
            shared.score(u, WORLD.data.sequences()[u], before);
            loaded.score(u, WORLD.data.sequences()[u], after);
            assertThat(after).containsExactly(before);
        }
        ((SequenceRecommender<SasRecConfig>) loaded).close();
    }

    @Test
    void ligrLayersLearnAreCausalAndSaveAndLoadIdentically(@TempDir Path dir) throws Exception {
        try (SequenceRecommender<SasRecConfig> ligr =
                (SequenceRecommender<SasRecConfig>) train(Map.of("layer", "ligr"), 5L)) {
            assertThat(WORLD.hitRate(ligr, 5)).isGreaterThan(0.8);
            // gates and the SwiGLU's second matrix exist only in LiGR layers
            List<String> names =
                    ((SasRecNetwork) ligr.network()).getParameters().keys();
            assertThat(names).anyMatch(n -> n.contains("attention_gate0"));
            assertThat(names).anyMatch(n -> n.contains("ffn_up0"));
            assertThat(((SasRecNetwork) shared.network()).getParameters().keys())
                    .noneMatch(n -> n.contains("gate"));
            SasRecNetwork net = (SasRecNetwork) ligr.network();
            try (NDManager m = ligr.manager().newSubManager()) {
                Djl.noGrad();
                ParameterStore ps = new ParameterStore(m, false);
                NDArray ha = net.encode(ps, m.create(new long[] {0, 7, 8, 9}, new Shape(1, 4)), false)
                        .head();
                NDArray hb = net.encode(ps, m.create(new long[] {0, 7, 8, 33}, new Shape(1, 4)), false)
                        .head();
                assertThat(hb.get(0, 2).toFloatArray())
                        .containsExactly(ha.get(0, 2).toFloatArray());
                assertThat(hb.get(0, 3).toFloatArray())
                        .isNotEqualTo(ha.get(0, 3).toFloatArray());
            }
            ligr.save(dir);
            try (SequenceRecommender<SasRecConfig> loaded =
                    (SequenceRecommender<SasRecConfig>) Models.require("sasrec").load(dir)) {
                assertThat(loaded.config().layer()).isEqualTo(LayerKind.LIGR);
                for (int u = 0; u < 5; u++) {
                    float[] before = new float[WORLD.numItems + 1];
                    float[] after = new float[WORLD.numItems + 1];
                    ligr.score(u, WORLD.data.sequences()[u], before);
                    loaded.score(u, WORLD.data.sequences()[u], after);
                    assertThat(after).containsExactly(before);
                }
            }
        }
        assertThatThrownBy(() -> Models.require("sasrec").train(WORLD.data, ModelOptions.parsePairs("layer=gated"), 1L))
                .hasMessageContaining("layer 'gated' is not one of sasrec, ligr");
    }

    @Test
    void modelArtifactRoundTripRestoresTheModel(@TempDir Path dir) throws Exception {
        Path artifact = dir.resolve("artifact");
        IdMap users = IdMap.of(
                false,
                IntStream.range(0, WORLD.data.numUsers()).mapToObj(u -> "u" + u).toList());
        ArtifactInfo info = new io.attnrec.core.model.ArtifactInfo(
                "sasrec",
                shared.config().toOptions(),
                5L,
                "next-item-world",
                ModelArtifact.fingerprint(WORLD.data),
                Map.of(),
                1.0);
        ModelArtifact.save(artifact, shared, info, WORLD.data, users);
        LoadedModel loaded = ModelArtifact.load(artifact);
        assertThat(loaded.model()).isInstanceOf(io.attnrec.nn.seq.AttentiveSequenceRecommender.class);
        float[] before = new float[WORLD.numItems + 1];
        float[] after = new float[WORLD.numItems + 1];
        shared.score(4, WORLD.data.sequences()[4], before);
        loaded.model().score(4, loaded.histories()[4], after);
        assertThat(after).containsExactly(before);
        ((SequenceRecommender<SasRecConfig>) loaded.model()).close();
    }

    @Test
    void loadRejectsAnotherModelsFiles(@TempDir Path dir) throws Exception {
        shared.save(dir);
        Files.writeString(
                dir.resolve("model.json"),
                Files.readString(dir.resolve("model.json")).replace("\"sasrec\"", "\"gru4rec\""));
        assertThatThrownBy(() -> new SasRecProvider().load(dir)).hasMessageContaining("not 'sasrec'");
    }

    @Test
    void paddingNeverChangesScores() {
        // scored alone, the short history has a window of its own length; in a batch with a long
        // history it is left-padded to 12 columns. Masked padding must make both equal.
        int[] shortHistory = {3, 4, 5};
        int[] longHistory = WORLD.data.sequences()[0];
        float[] alone = new float[WORLD.numItems + 1];
        shared.score(-1, shortHistory, alone);
        float[][] batch = new float[2][WORLD.numItems + 1];
        shared.scoreBatch(new int[] {-1, -1}, new int[][] {shortHistory, longHistory}, batch);
        for (int i = 1; i <= WORLD.numItems; i++) {
            assertThat(batch[0][i]).isCloseTo(alone[i], within(1e-4f));
        }
        float[] longAlone = new float[WORLD.numItems + 1];
        shared.score(-1, longHistory, longAlone);
        // matrix products may block differently for another batch size: equal up to rounding
        for (int i = 1; i <= WORLD.numItems; i++) {
            assertThat(batch[1][i]).isCloseTo(longAlone[i], within(1e-4f));
        }
    }

    @Test
    void laterItemsNeverChangeEarlierPositions() {
        SasRecNetwork net = ((SasRecNetwork) shared.network());
        try (NDManager m = shared.manager().newSubManager()) {
            Djl.noGrad();
            ParameterStore ps = new ParameterStore(m, false);
            NDArray a = m.create(new long[] {0, 0, 7, 8, 9, 10}, new Shape(1, 6));
            NDArray b = m.create(new long[] {0, 0, 7, 8, 9, 33}, new Shape(1, 6));
            NDArray ha = net.encode(ps, a, false).head();
            NDArray hb = net.encode(ps, b, false).head();
            for (int t = 2; t < 5; t++) {
                assertThat(hb.get(0, t).toFloatArray())
                        .containsExactly(ha.get(0, t).toFloatArray());
            }
            assertThat(hb.get(0, 5).toFloatArray()).isNotEqualTo(ha.get(0, 5).toFloatArray());
        }
    }

    @Test
    void onlyTheNewestMaxLenItemsMatter() {
        int[] history = WORLD.data.sequences()[0];
        int[] longer = new int[history.length + 20];
        for (int i = 0; i < 20; i++) {
            longer[i] = 1 + (i * 7) % WORLD.numItems;
        }
        System.arraycopy(history, 0, longer, 20, history.length);
        int[] newest = Arrays.copyOfRange(longer, longer.length - 12, longer.length);
        float[] a = new float[WORLD.numItems + 1];
        float[] b = new float[WORLD.numItems + 1];
        shared.score(0, longer, a);
        shared.score(0, newest, b);
        assertThat(a).containsExactly(b);
    }

    @Test
    void explanationListsTheHistoryWithAttentionWeights() {
        int[] history = {9, 10, 11, 12};
        Explanation e = ((io.attnrec.core.model.Explainable) shared).explain(-1, history, 13);
        assertThat(e.item()).isEqualTo(13);
        assertThat(e.interest()).isEqualTo(-1);
        assertThat(e.contributions()).hasSize(4);
        double sum = 0;
        double previous = Double.POSITIVE_INFINITY;
        for (Explanation.Contribution c : e.contributions()) {
            assertThat(history[c.position()]).isEqualTo(c.item());
            assertThat(c.weight()).isBetween(0.0, 1.0);
            assertThat(c.weight()).isLessThanOrEqualTo(previous);
            previous = c.weight();
            sum += c.weight();
        }
        assertThat(sum).isCloseTo(1.0, within(1e-5));
        assertThat(((io.attnrec.core.model.Explainable) shared)
                        .explain(-1, new int[0], 13)
                        .contributions())
                .isEmpty();
        assertThatThrownBy(() -> ((io.attnrec.core.model.Explainable) shared).explain(-1, history, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scoringIsThreadSafe() throws Exception {
        int users = 40;
        float[][] expected = new float[users][WORLD.numItems + 1];
        for (int u = 0; u < users; u++) {
            shared.score(u, WORLD.data.sequences()[u], expected[u]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                int user = u;
                futures.add(pool.submit(() -> {
                    float[] s = new float[WORLD.numItems + 1];
                    shared.score(user, WORLD.data.sequences()[user], s);
                    return s;
                }));
            }
            for (int u = 0; u < users; u++) {
                assertThat(futures.get(u).get()).containsExactly(expected[u]);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void scoringDoesNotLeakNativeArrays() {
        int before = shared.manager().getManagedArrays().size();
        float[][] out = new float[5][WORLD.numItems + 1];
        for (int i = 0; i < 20; i++) {
            shared.scoreBatch(new int[5], Arrays.copyOf(WORLD.data.sequences(), 5), out);
            ((io.attnrec.core.model.Explainable) shared).explain(0, WORLD.data.sequences()[0], 1);
        }
        assertThat(shared.manager().getManagedArrays()).hasSize(before);
    }

    @Test
    void unknownHistoryItemsAreRejectedClearly() {
        float[] scores = new float[WORLD.numItems + 1];
        assertThatThrownBy(() -> shared.score(0, new int[] {3, WORLD.numItems + 1}, scores))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("41 is not in 1..40");
        assertThatThrownBy(() -> shared.score(0, new int[] {3}, new float[5])).hasMessageContaining("length 5");
    }

    @Test
    void invalidOptionsAreRejectedWithTheKey() {
        var provider = Models.require("sasrec");
        assertThatThrownBy(() -> provider.train(WORLD.data, ModelOptions.parsePairs("hidden=64"), 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hidden");
        assertThatThrownBy(() -> provider.train(WORLD.data, ModelOptions.parsePairs("dim=30,heads=4"), 1L))
                .hasMessageContaining("heads");
        assertThatThrownBy(() -> provider.train(WORLD.data, ModelOptions.parsePairs("dropout=1.0"), 1L))
                .hasMessageContaining("dropout");
        assertThatThrownBy(() -> provider.train(WORLD.data, ModelOptions.parsePairs("loss=hinge"), 1L))
                .hasMessageContaining("hinge");
        assertThatThrownBy(() -> provider.train(WORLD.data, ModelOptions.parsePairs("epochs=0"), 1L))
                .hasMessageContaining("epochs");
        assertThatThrownBy(() -> provider.train(WORLD.data, ModelOptions.parsePairs("lr=abc"), 1L))
                .hasMessageContaining("lr");
    }

    @Test
    void configRoundTripsThroughOptions() {
        SasRecConfig c = SasRecConfig.parse(ModelOptions.parsePairs("max_len=20,dim=48,heads=3,loss=gbce,gbce_t=0.5"));
        assertThat(SasRecConfig.parse(new ModelOptions(c.toOptions()))).isEqualTo(c);
        assertThat(c.train().loss().key()).isEqualTo("gbce");
    }
}
