package io.attnrec.serve.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.serve.testmodels.SyntheticVectors;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HnswIndexTest {

    private static final int N = 3000;
    private static final int DIM = 32;
    private static float[][] vectors;
    private static float[][] queries;

    @BeforeAll
    static void data() {
        SyntheticVectors synth = new SyntheticVectors(DIM, 40, new SplittableRandom(11));
        vectors = synth.items(N);
        queries = new float[50][];
        for (int q = 0; q < queries.length; q++) {
            queries[q] = synth.query();
        }
    }

    private static Ranked exact(float[][] qs, int k, BitSet excluded) {
        float[] scores = new float[N + 1];
        for (int i = 1; i <= N; i++) {
            scores[i] = VectorMath.maxDot(qs, vectors[i]);
        }
        return TopK.select(scores, k, excluded);
    }

    @Test
    void recallAt50AboveNinetyPercentWithExactScores() throws Exception {
        try (HnswIndex index =
                HnswIndex.build(N, DIM, i -> vectors[i], HnswConfig.defaults().withBuildThreads(2), null)) {
            assertThat(index.segments()).isEqualTo(1);
            double recall = 0;
            for (float[] q : queries) {
                Ranked approx = index.search(q, 50);
                assertThat(approx.size()).isEqualTo(50);
                // Scores are the exact inner products, not Lucene's transformed scale.
                assertThat(approx.scores()[0]).isEqualTo(VectorMath.dot(q, vectors[approx.items()[0]]));
                recall += Ranked.recall(approx, exact(new float[][] {q}, 50, null));
            }
            assertThat(recall / queries.length).isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void exclusionsAndSeveralQueryVectors(@TempDir Path dir) throws Exception {
        try (HnswIndex index = HnswIndex.build(N, DIM, i -> vectors[i], HnswConfig.defaults(), dir.resolve("idx"))) {
            float[][] two = {queries[0], queries[1]};
            Ranked all = exact(two, 20, null);
            BitSet excluded = new BitSet();
            for (int r = 0; r < 10; r++) {
                excluded.set(all.items()[r]);
            }

            Ranked approx = index.search(two, 10, excluded);

            assertThat(approx.items()).hasSize(10);
            for (int item : approx.items()) {
                assertThat(excluded.get(item)).isFalse();
            }
            double recall = Ranked.recall(approx, exact(two, 10, excluded));
            assertThat(recall).isGreaterThanOrEqualTo(0.8);
        }
    }

    @Test
    void quantizedIndexStillFindsTheNeighbours() throws Exception {
        try (HnswIndex index =
                HnswIndex.build(N, DIM, i -> vectors[i], HnswConfig.defaults().withQuantized(true), null)) {
            double recall = 0;
            for (float[] q : queries) {
                recall += Ranked.recall(index.search(q, 50), exact(new float[][] {q}, 50, null));
            }
            assertThat(recall / queries.length).isGreaterThanOrEqualTo(0.85);
        }
    }

    @Test
    void tinyIndexReturnsEverythingReachable() throws Exception {
        float[][] v = {{0, 0}, {1, 0}, {0, 1}, {0.5f, 0.5f}};
        try (HnswIndex index = HnswIndex.build(3, 2, i -> v[i], HnswConfig.defaults(), null)) {
            Ranked r = index.search(new float[] {1, 0.1f}, 5);

            assertThat(r.items()).containsExactly(1, 3, 2);
        }
    }
}
