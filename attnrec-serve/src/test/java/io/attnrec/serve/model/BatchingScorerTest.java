package io.attnrec.serve.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.model.Recommender;
import io.attnrec.serve.testmodels.ClusterDotModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BatchingScorerTest {

    /** scores[i] = 1000 * user + i + history length; batch calls are slow so that requests queue. */
    static final class SlowBatchModel implements Recommender {
        volatile int calls;

        @Override
        public String name() {
            return "slow-batch";
        }

        @Override
        public int numItems() {
            return 5;
        }

        @Override
        public void score(int user, int[] history, float[] scores) {
            for (int i = 1; i <= 5; i++) {
                scores[i] = 1000f * user + i + history.length;
            }
        }

        @Override
        public void scoreBatch(int[] users, int[][] histories, float[][] out) {
            calls++;
            if (users[0] == 666) {
                throw new IllegalStateException("model failure");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int b = 0; b < users.length; b++) {
                score(users[b], histories[b], out[b]);
            }
        }
    }

    @Test
    void concurrentRequestsAreBatchedAndEachGetsItsOwnRow() throws Exception {
        SlowBatchModel model = new SlowBatchModel();
        try (BatchingScorer scorer = new BatchingScorer(model, 8, 1, "t")) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<float[]>> rows = new ArrayList<>();
            for (int u = 0; u < 48; u++) {
                int user = u;
                rows.add(pool.submit(() -> scorer.score(user, new int[] {1, 2}, new float[6])));
            }
            for (int u = 0; u < 48; u++) {
                assertThat(rows.get(u).get()[3]).isEqualTo(1000f * u + 3 + 2);
            }
            pool.shutdown();

            // 48 requests at most 8 per batch: at least 6 calls; queueing behind the slow
            // calls makes batches well above one request.
            assertThat(model.calls).isBetween(6, 40);
            assertThat(scorer.meanBatchSize()).isGreaterThan(1.2);
        }
    }

    @Test
    void aModelFailureReachesTheCaller() {
        try (BatchingScorer scorer = new BatchingScorer(new SlowBatchModel(), 4, 1, "t")) {
            assertThatThrownBy(() -> scorer.score(666, new int[0], new float[6]))
                    .hasMessage("model failure");
            assertThat(scorer.score(1, new int[0], new float[6])[1]).isEqualTo(1001f);
        }
    }

    @Test
    void onlyModelsWithTheirOwnBatchScoringAreBatched() {
        assertThat(BatchingScorer.batchesNatively(new SlowBatchModel())).isTrue();
        assertThat(BatchingScorer.batchesNatively(new ClusterDotModel(new float[][] {{0}, {1}}, new int[2])))
                .isFalse();
    }

    @Test
    void batchedRecommendationsEqualUnbatchedOnes() throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        float[][] v = new io.attnrec.serve.testmodels.SyntheticVectors(8, 5, r).items(500);
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            items.add("i" + i);
        }
        ServedModel served = new ServedModel(
                "syn",
                new io.attnrec.serve.testmodels.SyntheticEmbeddingModel(v),
                io.attnrec.core.data.IdMap.of(false, List.of("u")),
                io.attnrec.core.data.IdMap.of(true, items),
                new int[][] {{1, 2, 3}},
                io.attnrec.core.data.ItemCatalog.empty(),
                null);
        io.attnrec.serve.retrieval.RetrievalConfig on = io.attnrec.serve.retrieval.RetrievalConfig.defaults();
        ActiveModel batched = ActiveModel.prepare(served, on, false);
        ActiveModel plain = ActiveModel.prepare(served, on.withBatching(0, 1), false);
        assertThat(batched.batchesRequests()).isTrue();
        assertThat(plain.batchesRequests()).isFalse();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> same = new ArrayList<>();
        for (int q = 0; q < 64; q++) {
            int[] history = {1 + q, 100 + q, 300 + q};
            same.add(pool.submit(() -> batched.recommend(-1, history, 10, null, 0)
                    .ranked()
                    .equals(plain.recommend(-1, history, 10, null, 0).ranked())));
        }
        for (Future<Boolean> f : same) {
            assertThat(f.get()).isTrue();
        }
        pool.shutdown();
        batched.release();
        plain.release();
    }

    @Test
    void aClosedScorerRefusesWork() {
        BatchingScorer scorer = new BatchingScorer(new SlowBatchModel(), 4, 2, "t");
        scorer.close();

        assertThatThrownBy(() -> scorer.score(1, new int[0], new float[6])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eachRequestWritesItsScoresIntoTheCallersRow() {
        try (BatchingScorer scorer = new BatchingScorer(new SlowBatchModel(), 4, 1, "t")) {
            float[] row = {7f, 7f, 7f, 7f, 7f, 7f};

            float[] first = scorer.score(2, new int[] {1}, row);
            float[] again = scorer.score(3, new int[] {1, 2, 3}, row);

            // the caller's own buffer, reused: no fresh row per request, and nothing left over
            assertThat(first).isSameAs(row);
            assertThat(again).isSameAs(row);
            assertThat(row).containsExactly(7f, 3001f + 3, 3002f + 3, 3003f + 3, 3004f + 3, 3005f + 3);
            assertThatThrownBy(() -> scorer.score(1, new int[0], new float[5])).hasMessageContaining("expected 6");
        }
    }
}
