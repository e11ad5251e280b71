package io.attnrec.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.Recommender;
import io.attnrec.serve.retrieval.RetrievalConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issue 14 item 5 and issue 19: one batched pass per explained request, k capped, per-item answers. */
class ActiveModelExplainTest {

    /**
     * 40 items; history item h adds 1 to item h + 10 and 0.5 to every item above 30. Counts every
     * way it can be asked for work, and also claims an attention explanation the server must not
     * call per item.
     */
    static final class Counting implements Recommender, Explainable {
        final AtomicInteger batches = new AtomicInteger();
        final AtomicInteger rows = new AtomicInteger();
        final AtomicInteger singles = new AtomicInteger();
        final AtomicInteger explains = new AtomicInteger();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public int numItems() {
            return 40;
        }

        @Override
        public void score(int user, int[] history, float[] scores) {
            singles.incrementAndGet();
            fill(history, scores);
        }

        @Override
        public void scoreBatch(int[] users, int[][] histories, float[][] out) {
            batches.incrementAndGet();
            rows.addAndGet(histories.length);
            for (int b = 0; b < histories.length; b++) {
                fill(histories[b], out[b]);
            }
        }

        private static void fill(int[] history, float[] scores) {
            java.util.Arrays.fill(scores, 0);
            for (int h : history) {
                if (h + 10 <= 40) {
                    scores[h + 10] += 1;
                }
                for (int i = 31; i <= 40; i++) {
                    scores[i] += 0.5f;
                }
            }
        }

        @Override
        public Explanation explain(int user, int[] history, int item) {
            explains.incrementAndGet();
            return new Explanation(item, -1, List.of());
        }
    }

    @Test
    void oneBatchedPassExplainsTheFirstTwentyItemsEachWithItsOwnContributors() throws Exception {
        Counting model = new Counting();
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            items.add("i" + i);
        }
        ServedModel served = new ServedModel(
                "counting",
                model,
                IdMap.of(false, List.of("u")),
                IdMap.of(true, items),
                new int[][] {{1, 2, 3}},
                ItemCatalog.empty(),
                null);
        ActiveModel m = ActiveModel.prepare(served, RetrievalConfig.defaults().withBatching(0, 1), false);
        try {
            int[] history = {1, 2, 3, 4, 5};
            int[] asked = new int[30];
            for (int j = 0; j < 30; j++) {
                asked[j] = j + 11; // items 11..40
            }
            ActiveModel.Explanations ex = m.explain(-1, history, asked);
            assertThat(ex.method()).isEqualTo("deletion");
            assertThat(model.batches).hasValue(1);
            assertThat(model.rows).hasValue(6);
            assertThat(model.singles).hasValue(0);
            assertThat(model.explains).hasValue(0);
            assertThat(ex.explanations()).hasSize(30);
            // Item 10 + h owes its score to history item h alone.
            for (int j = 0; j < 5; j++) {
                Explanation e = ex.explanations().get(j);
                assertThat(e.item()).isEqualTo(11 + j);
                assertThat(e.contributions().get(0).item()).isEqualTo(1 + j);
                assertThat(e.contributions().get(0).weight()).isEqualTo(1.0);
            }
            // Items 31..40 owe 0.5 to each history entry alike (ties: newest first).
            assertThat(ex.explanations().get(19).contributions().get(0).item()).isEqualTo(5);
            assertThat(ex.explanations().get(19).method()).isEqualTo("deletion");
            // Beyond the cap of 20: listed, not explained.
            assertThat(ex.explanations().get(20).method()).isEqualTo("none");
            assertThat(ex.explanations().get(29).contributions()).isEmpty();
        } finally {
            m.release();
        }
    }
}
