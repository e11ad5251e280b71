package io.attnrec.serve.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TopK;
import io.attnrec.serve.testmodels.ClusterDotModel;
import io.attnrec.serve.testmodels.FactorTestModel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /** What a request must get: the selection of the model's own score row (the plain reference). */
    private static TopK.Scored reference(Recommender model, int[] history, int want, BitSet excluded) {
        float[] row = new float[model.numItems() + 1];
        model.score(-1, history, row);
        row[0] = Float.NaN;
        return TopK.top(row, want, excluded);
    }

    private static int[] history(SplittableRandom r, int numItems) {
        int[] h = new int[1 + r.nextInt(8)];
        for (int p = 0; p < h.length; p++) {
            h[p] = 1 + r.nextInt(numItems);
        }
        return h;
    }

    private static BitSet seen(int[] history) {
        BitSet b = new BitSet();
        for (int i : history) {
            b.set(i);
        }
        return b;
    }

    private static void assertSame(TopK.Scored got, TopK.Scored want, String what) {
        assertThat(got.items()).as(what).containsExactly(want.items());
        assertThat(got.scores()).as(what).containsExactly(want.scores());
    }

    /**
     * Best items straight from the kernel (no score row) are the selection of the model's own
     * scores: same items, score bits and order, for every batch size 1..9 (the kernel's blocks of
     * 4 and the rest), with and without history masking, wants from 1 to more than the catalogue,
     * ties (coarse factors), several interests (scored rows, then selected), fused and rounded
     * arithmetic, with and without a single-request encoder.
     */
    @ParameterizedTest(name = "interests {0}, fused {1}, coarse {2}, single requests {3}")
    @CsvSource({
        "1, true, false, true",
        "1, true, true, true",
        "1, false, false, true",
        "1, true, false, false",
        "3, true, true, true",
        "2, false, false, false"
    })
    void rankedBatchesEqualTheSelectionOfTheModelsScores(
            int interests, boolean fused, boolean coarse, boolean singleRequests) {
        int numItems = 300; // four full panels of 64 and a partial one
        FactorTestModel model = new FactorTestModel(numItems, 12, interests, fused, coarse, singleRequests, 5);
        SplittableRandom r = new SplittableRandom(11);
        int[] wants = {1, 10, 10, 64, 400};
        try (BatchingScorer scorer = new BatchingScorer(model, 64, 1, "t")) {
            assertThat(scorer.ranks()).isTrue();
            for (int n = 1; n <= 9; n++) {
                int[] users = new int[n];
                int[][] histories = new int[n][];
                int[] want = new int[n];
                BitSet[] excluded = new BitSet[n];
                for (int b = 0; b < n; b++) {
                    histories[b] = history(r, numItems);
                    want[b] = wants[(n + b) % wants.length];
                    excluded[b] = b % 3 == 2 ? null : seen(histories[b]);
                }
                TopK.Scored[] got = scorer.topBatch(users, histories, want, excluded);
                for (int b = 0; b < n; b++) {
                    TopK.Scored expected = reference(model, histories[b], want[b], excluded[b]);
                    assertSame(got[b], expected, "batch " + n + " request " + b);
                    assertThat(got[b].items())
                            .hasSize(Math.min(
                                    want[b], numItems - (excluded[b] == null ? 0 : excluded[b].cardinality())));
                    if (excluded[b] != null) {
                        for (int item : got[b].items()) {
                            assertThat(excluded[b].get(item))
                                    .as("masked item %d recommended", item)
                                    .isFalse();
                        }
                    }
                }
            }
            if (interests == 1) {
                // one factor row: batches are ranked from both tables (by norm, then in id order,
                // then the faster), and every answer above was exact whichever was read
                assertThat(scorer.tableBatches())
                        .as("batches by norm, in id order")
                        .doesNotContain(0L);
            }
        }
    }

    /** Ranked on the callers' threads (default) or through the queue (inline limit 0). */
    @ParameterizedTest(name = "inline limit {0} us")
    @CsvSource({"50", "0"})
    void concurrentRankedRequestsEachGetTheirOwnExactAnswer(double inlineLimit) throws Exception {
        FactorTestModel model = new FactorTestModel(1000, 16, 1, true, true, true, 9);
        try (BatchingScorer scorer = new BatchingScorer(model, 64, 2, "t", inlineLimit)) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<int[]> histories = new ArrayList<>();
            List<Future<TopK.Scored>> got = new ArrayList<>();
            SplittableRandom r = new SplittableRandom(4);
            for (int q = 0; q < 400; q++) {
                int[] h = history(r, 1000);
                histories.add(h);
                got.add(pool.submit(() -> scorer.top(-1, h, 10, seen(h))));
            }
            for (int q = 0; q < 400; q++) {
                int[] h = histories.get(q);
                assertSame(got.get(q).get(), reference(model, h, 10, seen(h)), "request " + q);
            }
            pool.shutdown();
        }
    }

    /** The whole request path: batched (kernel top-k) and unbatched (model.score + TopK) servers agree. */
    @Test
    void aFactorModelRecommendsTheSameBatchedAsUnbatched() throws Exception {
        FactorTestModel model = new FactorTestModel(500, 8, 1, true, true, true, 3);
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            items.add("i" + i);
        }
        ServedModel served = new ServedModel(
                "factors",
                model,
                io.attnrec.core.data.IdMap.of(false, List.of("u")),
                io.attnrec.core.data.IdMap.of(true, items),
                new int[][] {{1, 2, 3}},
                io.attnrec.core.data.ItemCatalog.empty(),
                null);
        io.attnrec.serve.retrieval.RetrievalConfig on = io.attnrec.serve.retrieval.RetrievalConfig.defaults();
        ActiveModel batched = ActiveModel.prepare(served, on, false);
        ActiveModel plain = ActiveModel.prepare(served, on.withBatching(0, 1), false);
        assertThat(batched.batchesRequests()).isTrue();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> same = new ArrayList<>();
        for (int q = 0; q < 64; q++) {
            int[] history = {1 + q, 100 + q, 300 + q};
            BitSet excluded = q % 2 == 0 ? seen(history) : null;
            int k = 1 + q % 20;
            same.add(pool.submit(() -> batched.recommend(-1, history, k, excluded, 0)
                    .equals(plain.recommend(-1, history, k, excluded, 0))));
        }
        for (Future<Boolean> f : same) {
            assertThat(f.get()).isTrue();
        }
        pool.shutdown();
        batched.release();
        plain.release();
    }

    /** Score rows (interests, similar items) of a factor model still come from the kernel, bit for bit. */
    @Test
    void scoreRowsOfAFactorModelEqualTheModelsOwn() {
        FactorTestModel model = new FactorTestModel(300, 12, 1, true, false, true, 5);
        try (BatchingScorer scorer = new BatchingScorer(model, 8, 1, "t")) {
            int[] history = {4, 40, 200};
            float[] want = new float[301];
            model.score(-1, history, want);
            float[] got = scorer.score(-1, history, new float[301]);
            for (int i = 1; i <= 300; i++) {
                assertThat(Float.floatToIntBits(got[i])).as("item %d", i).isEqualTo(Float.floatToIntBits(want[i]));
            }
            // and a ranking after it, from the other table
            assertSame(scorer.top(-1, history, 5, null), reference(model, history, 5, null), "top after rows");
        }
    }

    /**
     * Cheap scans run on the caller's thread; once scans are slow (limit 0 here, so the mean is
     * far above it) requests go through the batches, but one in 256 still runs inline to keep the
     * measure current (one in 16 while the mean is within four times the limit).
     */
    @Test
    void requestsGoInlineOnlyWhileScansAreCheap() {
        FactorTestModel model = new FactorTestModel(200, 8, 1, true, false, true, 2);
        try (BatchingScorer fast = new BatchingScorer(model, 8, 1, "t", 1e9);
                BatchingScorer slow = new BatchingScorer(model, 8, 1, "t", 0)) {
            for (int q = 0; q < 512; q++) {
                int[] h = {1 + q % 64, 100 + q % 64};
                if (q < 64) {
                    assertSame(fast.top(-1, h, 5, null), reference(model, h, 5, null), "fast " + q);
                }
                assertSame(slow.top(-1, h, 5, null), reference(model, h, 5, null), "slow " + q);
            }
            assertThat(fast.inlined()).isEqualTo(64);
            assertThat(fast.meanBatchSize()).isZero();
            assertThat(slow.inlined()).isEqualTo(2); // requests 256 and 512
            assertThat(slow.meanBatchSize()).isGreaterThan(0);
        }
        // a model without a single-request encoder is always batched (its encoder batches)
        try (BatchingScorer batched =
                new BatchingScorer(new FactorTestModel(200, 8, 1, true, false, false, 2), 8, 1, "t", 1e9)) {
            batched.top(-1, new int[] {3}, 5, null);
            assertThat(batched.inlined()).isZero();
        }
    }

    @Test
    void rankingNeedsAnItemTable() {
        try (BatchingScorer scorer = new BatchingScorer(new SlowBatchModel(), 4, 1, "t")) {
            assertThat(scorer.ranks()).isFalse();
            assertThatThrownBy(() -> scorer.top(1, new int[] {1}, 3, null)).isInstanceOf(IllegalStateException.class);
        }
        try (BatchingScorer scorer =
                new BatchingScorer(new FactorTestModel(10, 2, 1, true, false, true, 1), 4, 1, "t")) {
            assertThatThrownBy(() -> scorer.top(1, new int[] {1}, 0, null)).hasMessageContaining("positive");
        }
    }
}
