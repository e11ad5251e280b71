package io.attnrec.core.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.synth.SynthConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every baseline must do: registry, persistence, determinism, thread safety, option checks. */
class BaselineContractTest {

    /** Options that avoid the project's evaluator (EASE with a fixed lambda, BPR without early stop). */
    private static final Map<String, Map<String, String>> OPTIONS = Map.of(
            "pop", Map.of(),
            "itemknn", Map.of("neighbors", "20"),
            "ease", Map.of("lambda", "50", "max_items", "150"),
            "bpr", Map.of("dim", "16", "epochs", "20"));

    private static TestData.Loo loo;

    @BeforeAll
    static void data() {
        loo = TestData.synthLoo(SynthConfig.defaults()
                .withUsers(300)
                .withItems(200)
                .withTopics(10)
                .withEvents(8, 20)
                .withSeed(7));
    }

    private static Recommender train(String name) {
        return Models.require(name).train(loo.train(), new ModelOptions(OPTIONS.get(name)), 11L);
    }

    @Test
    void allFourAreRegisteredWithOneLineDescriptions() {
        for (String name : List.of("pop", "itemknn", "ease", "bpr")) {
            ModelProvider p = Models.require(name);
            assertThat(p.name()).isEqualTo(name);
            assertThat(p.description()).isNotBlank().doesNotContain("\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pop", "itemknn", "ease", "bpr"})
    void scoresAreFiniteAndBeatNothingWorseThanRandom(String name) {
        Recommender m = train(name);
        assertThat(m.name()).isEqualTo(name);
        assertThat(m.numItems()).isEqualTo(loo.train().numItems());
        float[] s = new float[m.numItems() + 1];
        for (EvalCase c : loo.test()) {
            m.score(c.user(), c.history(), s);
            for (int i = 1; i < s.length; i++) {
                assertThat(Float.isFinite(s[i]))
                        .as("%s score of item %d", name, i)
                        .isTrue();
            }
        }
        // 200 items: a random ranking has NDCG@10 of about 0.023; Pop reaches about 0.05.
        assertThat(TestData.ndcgAt10(m, loo.test())).isGreaterThan(0.04);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pop", "itemknn", "ease", "bpr"})
    void saveThenLoadScoresBitIdentically(String name, @TempDir Path dir) throws IOException {
        Recommender m = train(name);
        ((Persistable) m).save(dir);
        Recommender back = Models.require(name).load(dir);
        assertThat(back.name()).isEqualTo(name);
        assertThat(back.numItems()).isEqualTo(m.numItems());
        float[] a = new float[m.numItems() + 1];
        float[] b = new float[m.numItems() + 1];
        for (EvalCase c : loo.test()) {
            for (int user : new int[] {c.user(), -1}) {
                m.score(user, c.history(), a);
                back.score(user, c.history(), b);
                for (int i = 1; i < a.length; i++) {
                    assertThat(Float.floatToRawIntBits(b[i]))
                            .as("%s item %d user %d", name, i, user)
                            .isEqualTo(Float.floatToRawIntBits(a[i]));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pop", "itemknn", "ease", "bpr"})
    void sameSeedSameModel(String name) {
        Recommender m1 = train(name);
        Recommender m2 = train(name);
        float[] a = new float[m1.numItems() + 1];
        float[] b = new float[m1.numItems() + 1];
        for (EvalCase c : loo.test().subList(0, 50)) {
            m1.score(c.user(), c.history(), a);
            m2.score(c.user(), c.history(), b);
            assertThat(b).containsExactly(a);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pop", "itemknn", "ease", "bpr"})
    void parallelScoringEqualsSerial(String name) throws Exception {
        Recommender m = train(name);
        List<EvalCase> cases = loo.test();
        float[][] serial = new float[cases.size()][m.numItems() + 1];
        for (int k = 0; k < cases.size(); k++) {
            m.score(cases.get(k).user(), cases.get(k).history(), serial[k]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = IntStream.range(0, cases.size())
                    .mapToObj(k -> pool.submit(() -> {
                        float[] s = new float[m.numItems() + 1];
                        m.score(cases.get(k).user(), cases.get(k).history(), s);
                        return s;
                    }))
                    .toList();
            for (int k = 0; k < cases.size(); k++) {
                assertThat(futures.get(k).get()).containsExactly(serial[k]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pop", "itemknn", "ease", "bpr"})
    void unknownOptionIsRejectedByName(String name) {
        TrainingData data = TestData.of(3, new int[] {1, 2}, new int[] {2, 3});
        ModelOptions options = new ModelOptions(Map.of("bogus_key", "1"));
        assertThatThrownBy(() -> Models.require(name).train(data, options, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bogus_key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pop", "itemknn", "ease", "bpr"})
    void loadingAnotherModelsDirectoryFailsClearly(String name, @TempDir Path dir) throws IOException {
        String other = name.equals("pop") ? "itemknn" : "pop";
        ((Persistable) train(other)).save(dir);
        assertThatThrownBy(() -> Models.require(name).load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("'" + other + "'")
                .hasMessageContaining("'" + name + "'");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> Models.require(name).load(empty))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("model.properties");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pop", "itemknn", "ease", "bpr"})
    void shortScoreArrayIsRejected(String name) {
        Recommender m = train(name);
        assertThatThrownBy(() -> m.score(0, new int[] {1}, new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numItems + 1");
    }
}
