package io.attnrec.nn.din;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DinRerankTest {

    static final CausalWorld WORLD = new CausalWorld(120, 2, 5L);
    static final int N = CausalWorld.NUM_ITEMS;
    static final int CANDIDATES = 15;

    private DinReranker reranker;

    static Map<String, String> options() {
        Map<String, String> m = new HashMap<>(DinTest.small());
        m.put("epochs", "2");
        m.put("rerank", "pop");
        m.put("candidates", Integer.toString(CANDIDATES));
        return m;
    }

    @BeforeAll
    void trainOnce() {
        reranker = (DinReranker) Models.require("din").train(WORLD.data, new ModelOptions(options()), 3L);
    }

    @AfterAll
    void release() throws Exception {
        reranker.close();
    }

    @Test
    void topCandidatesAreOrderedByDinAndEveryOtherItemKeepsItsBaseScore() {
        assertThat(reranker.name()).isEqualTo("din");
        assertThat(reranker.base().name()).isEqualTo("pop");
        assertThat(reranker.candidates()).isEqualTo(CANDIDATES);
        for (int c = 0; c < 10; c++) {
            EvalCase ec = WORLD.test.get(c);
            float[] base = new float[N + 1];
            reranker.base().score(ec.user(), ec.history(), base);
            float[] fin = new float[N + 1];
            reranker.score(ec.user(), ec.history(), fin);
            int[] top = reranker.topCandidates(ec.history(), base.clone());
            assertThat(top).hasSize(CANDIDATES).doesNotContain(ec.history());
            boolean[] isTop = new boolean[N + 1];
            for (int i : top) {
                isTop[i] = true;
            }
            // the base's best items outside the history: none left out scores higher than one taken
            float worstTaken = Float.POSITIVE_INFINITY;
            for (int i : top) {
                worstTaken = Math.min(worstTaken, base[i]);
            }
            float bestOther = Float.NEGATIVE_INFINITY;
            for (int i = 1; i <= N; i++) {
                if (!isTop[i]) {
                    // every other item keeps its base score, hence the base order
                    assertThat(fin[i]).isEqualTo(base[i]);
                    bestOther = Math.max(bestOther, fin[i]);
                    if (!contains(ec.history(), i)) {
                        assertThat(base[i]).isLessThanOrEqualTo(worstTaken);
                    }
                }
            }
            // the re-ranked block comes first, in DIN's order
            float[] din = new float[top.length];
            reranker.din().scoreCandidates(ec.user(), ec.history(), top, din);
            for (int a = 0; a < top.length; a++) {
                assertThat(fin[top[a]]).isGreaterThan(bestOther);
                for (int b = 0; b < top.length; b++) {
                    if (din[a] > din[b]) {
                        assertThat(fin[top[a]]).isGreaterThan(fin[top[b]]);
                    }
                }
            }
            // batches give the same scores
            float[][] batch = new float[2][N + 1];
            reranker.scoreBatch(
                    new int[] {ec.user(), 0},
                    new int[][] {ec.history(), WORLD.test.get(0).history()},
                    batch);
            assertThat(batch[0]).containsExactly(fin);
        }
    }

    @Test
    void tiesAndInfiniteBaseScoresStayBelowTheReRankedBlock() {
        Recommender flat = new Recommender() {
            @Override
            public String name() {
                return "flat";
            }

            @Override
            public int numItems() {
                return N;
            }

            @Override
            public void score(int user, int[] history, float[] scores) {
                Arrays.fill(scores, 1f);
                scores[7] = Float.POSITIVE_INFINITY;
                scores[8] = Float.NaN;
            }
        };
        DinReranker r = new DinReranker(flat, reranker.din(), 3);
        float[] s = new float[N + 1];
        r.score(-1, new int[] {1, 2}, s);
        // candidates: 7 (infinite), then the lowest ids among the ties outside the history: 3, 4
        assertThat(r.topCandidates(new int[] {1, 2}, flatScores(flat))).containsExactly(7, 3, 4);
        float others = Float.NEGATIVE_INFINITY;
        for (int i = 1; i <= N; i++) {
            if (i != 7 && i != 3 && i != 4 && i != 8) {
                assertThat(s[i]).isEqualTo(1f);
                others = Math.max(others, s[i]);
            }
        }
        assertThat(Math.min(s[7], Math.min(s[3], s[4]))).isGreaterThan(others);
        assertThat(s[8]).isNaN();
    }

    private static float[] flatScores(Recommender r) {
        float[] s = new float[N + 1];
        r.score(-1, new int[0], s);
        return s;
    }

    @Test
    void explanationsOfReRankedItemsAreDinsWeights() {
        EvalCase ec = WORLD.test.get(4);
        float[] base = new float[N + 1];
        reranker.base().score(ec.user(), ec.history(), base);
        int item = reranker.topCandidates(ec.history(), base)[0];
        assertThat(reranker.explain(ec.user(), ec.history(), item))
                .isEqualTo(reranker.din().explain(ec.user(), ec.history(), item));
    }

    @Test
    void saveAndLoadKeepTheBaseInASubFolderAndScoreIdentically(@TempDir Path dir) throws Exception {
        reranker.save(dir);
        assertThat(Files.isDirectory(dir.resolve("base"))).isTrue();
        assertThat(Files.isRegularFile(dir.resolve("din").resolve(io.attnrec.nn.model.NeuralFiles.MANIFEST)))
                .isTrue();
        try (DinReranker loaded = (DinReranker) Models.require("din").load(dir)) {
            assertThat(loaded.candidates()).isEqualTo(CANDIDATES);
            assertThat(loaded.base().name()).isEqualTo("pop");
            for (int c = 0; c < 5; c++) {
                EvalCase ec = WORLD.test.get(c);
                float[] before = new float[N + 1];
                float[] after = new float[N + 1];
                reranker.score(ec.user(), ec.history(), before);
                loaded.score(ec.user(), ec.history(), after);
                assertThat(after).containsExactly(before);
            }
        }
    }

    @Test
    void baseOptionsArePassedWithTheBaseNameAsPrefix() {
        Map<String, String> m = options();
        m.put("pop.bogus", "1");
        // pop takes no options: the error comes from pop's own check, so the key reached it
        assertThatThrownBy(() -> Models.require("din").train(WORLD.data, new ModelOptions(m), 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bogus");
        Map<String, String> other = options();
        other.put("ease.lambda", "5");
        assertThatThrownBy(() -> Models.require("din").train(WORLD.data, new ModelOptions(other), 1L))
                .hasMessageContaining("ease.lambda");
        Map<String, String> unknown = options();
        unknown.put("rerank", "no-such-model");
        assertThatThrownBy(() -> Models.require("din").train(WORLD.data, new ModelOptions(unknown), 1L))
                .hasMessageContaining("no-such-model");
    }

    private static boolean contains(int[] a, int x) {
        return Arrays.stream(a).anyMatch(v -> v == x);
    }

    @Test
    void aSavedDinCanBeTheScorer(@TempDir Path dir) throws Exception {
        Path saved = dir.resolve("din");
        io.attnrec.core.model.ModelArtifact.save(
                saved,
                reranker.din(),
                new io.attnrec.core.model.ArtifactInfo(
                        "din",
                        Map.of(),
                        3L,
                        "causal",
                        io.attnrec.core.model.ModelArtifact.fingerprint(WORLD.data),
                        Map.of(),
                        1.0),
                WORLD.data,
                io.attnrec.core.data.IdMap.of(
                        false,
                        java.util.stream.IntStream.range(0, WORLD.data.numUsers())
                                .mapToObj(u -> "u" + u)
                                .toList()));
        Map<String, String> m = new HashMap<>();
        m.put("rerank", "pop");
        m.put("candidates", Integer.toString(CANDIDATES));
        m.put("scorer", saved.toString());
        try (DinReranker again = (DinReranker) Models.require("din").train(WORLD.data, new ModelOptions(m), 9L)) {
            for (int c = 0; c < 5; c++) {
                EvalCase ec = WORLD.test.get(c);
                float[] expected = new float[N + 1];
                float[] actual = new float[N + 1];
                reranker.score(ec.user(), ec.history(), expected);
                again.score(ec.user(), ec.history(), actual);
                assertThat(actual).containsExactly(expected);
            }
        }
        Map<String, String> alone = new HashMap<>();
        alone.put("scorer", saved.toString());
        assertThatThrownBy(() -> Models.require("din").train(WORLD.data, new ModelOptions(alone), 1L))
                .hasMessageContaining("only used with rerank");
    }
}
