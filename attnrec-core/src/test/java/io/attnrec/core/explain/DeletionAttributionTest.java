package io.attnrec.core.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.multi.Interest;
import io.attnrec.core.multi.MultiInterest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Deletion attribution on small hand-built models whose scores are worked out by hand. */
class DeletionAttributionTest {

    /**
     * Five items. {@code score(i | H) = sum over entries h of H of W[h][i]}, plus 4 on item 5 when
     * the history holds both 1 and 2 (an interaction, so a deletion is not just a table lookup).
     * Counts its batch calls and the rows they carried.
     */
    static class TableModel implements Recommender {
        static final double[][] W = {
            {0, 0, 0, 0, 0, 0},
            {0, 0, 2, 0, 1, 0}, // history item 1 pushes items 2 and 4
            {0, 0, 0, 0, 3, 0.5}, // history item 2 pushes item 4 most
            {0, 1, 0, 0, 0, 2}, // history item 3 pushes item 5
            {0, 0, 0, 0, 0, 0},
            {0, 0, 0, 0, 0, 0},
        };
        final AtomicInteger batchCalls = new AtomicInteger();
        final AtomicInteger rows = new AtomicInteger();
        final AtomicInteger singleCalls = new AtomicInteger();

        @Override
        public String name() {
            return "table";
        }

        @Override
        public int numItems() {
            return 5;
        }

        @Override
        public void score(int user, int[] history, float[] scores) {
            singleCalls.incrementAndGet();
            fill(history, scores);
        }

        @Override
        public void scoreBatch(int[] users, int[][] histories, float[][] out) {
            batchCalls.incrementAndGet();
            rows.addAndGet(histories.length);
            for (int b = 0; b < users.length; b++) {
                fill(histories[b], out[b]);
            }
        }

        static void fill(int[] history, float[] scores) {
            Arrays.fill(scores, 0);
            boolean one = false;
            boolean two = false;
            for (int h : history) {
                for (int i = 1; i <= 5; i++) {
                    scores[i] += (float) W[h][i];
                }
                one |= h == 1;
                two |= h == 2;
            }
            if (one && two) {
                scores[5] += 4;
            }
        }
    }

    private static double weightAt(List<Explanation.Contribution> cs, int position) {
        return cs.stream()
                .filter(c -> c.position() == position)
                .findFirst()
                .orElseThrow()
                .weight();
    }

    @Test
    void dropsEqualTheHandComputedScoreDifferencesFromOneBatchedCall() {
        TableModel model = new TableModel();
        int[] history = {1, 2, 3, 1};
        DeletionAttribution.Result r = DeletionAttribution.attribute(
                model, 7, history, new int[] {4, 5, 2}, DeletionAttribution.Config.defaults());
        assertThat(model.batchCalls).hasValue(1);
        assertThat(model.rows).hasValue(5); // the full history + 4 deletions
        assertThat(model.singleCalls).hasValue(0);
        assertThat(r.firstPosition()).isZero();
        // Item 4: full = 1 + 3 + 0 + 1 = 5. Removing either 1 drops 1, removing 2 drops 3.
        assertThat(r.fullScores()[0]).isEqualTo(5f);
        assertThat(r.drops()[0]).containsExactly(new double[] {1, 3, 0, 1}, within(1e-6));
        // Item 5: full = 0.5 + 2 + 4 = 6.5. Removing the first 1: the other 1 keeps the bonus ->
        // drop 0; removing 2 loses 0.5 and the bonus -> 4.5; removing 3 -> 2; the last 1 -> 0.
        assertThat(r.drops()[1]).containsExactly(new double[] {0, 4.5, 2, 0}, within(1e-6));
        // Item 2: 2 per occurrence of item 1.
        assertThat(r.drops()[2]).containsExactly(new double[] {2, 0, 0, 2}, within(1e-6));

        // Each item its own top contributor: 2 for items 4 and 5, the newest 1 for item 2.
        List<Explanation.Contribution> for4 = r.contributions(0);
        List<Explanation.Contribution> for5 = r.contributions(1);
        List<Explanation.Contribution> for2 = r.contributions(2);
        assertThat(for4.get(0).position()).isEqualTo(1);
        assertThat(for5.get(0).position()).isEqualTo(1);
        assertThat(for5.get(1).item()).isEqualTo(3);
        assertThat(for2.get(0).position()).isEqualTo(3); // tie with position 0: newest first
        assertThat(for2.get(0).item()).isEqualTo(1);
        assertThat(weightAt(for4, 2)).isEqualTo(0.0);
    }

    @Test
    void historyAndItemsAreCapped() {
        TableModel model = new TableModel();
        int[] history = {3, 3, 1, 2, 1};
        List<Explanation> ex =
                Explainer.explain(model, -1, history, new int[] {4, 5, 2}, new DeletionAttribution.Config(2, 2), true);
        // One call of 1 + 2 rows: only positions 3 and 4 (items 2, 1) are attributed.
        assertThat(model.batchCalls).hasValue(1);
        assertThat(model.rows).hasValue(3);
        assertThat(ex).hasSize(3);
        assertThat(ex.get(0).method()).isEqualTo(Explanation.DELETION);
        assertThat(ex.get(0).contributions())
                .extracting(Explanation.Contribution::position)
                .containsExactly(3, 4);
        // Item 5 without position 3 (item 2): loses 0.5 + the bonus (item 1 stays) = 4.5; without
        // position 4 (the last 1): the 1 at position 2 keeps the bonus -> 0.
        assertThat(weightAt(ex.get(1).contributions(), 3)).isCloseTo(4.5, within(1e-6));
        assertThat(weightAt(ex.get(1).contributions(), 4)).isCloseTo(0, within(1e-6));
        // The third item is beyond the cap: named, not explained.
        assertThat(ex.get(2).method()).isEqualTo(Explanation.NONE);
        assertThat(ex.get(2).contributions()).isEmpty();
        assertThat(ex.get(2).item()).isEqualTo(2);
        // Not an Explainable: no second view.
        assertThat(ex.get(0).attention()).isEmpty();
    }

    @Test
    void emptyHistoryOrNoItemsCallNothingAndBadItemsAreRejected() {
        TableModel model = new TableModel();
        DeletionAttribution.Result r = DeletionAttribution.attribute(
                model, 0, new int[0], new int[] {1}, DeletionAttribution.Config.defaults());
        assertThat(r.contributions(0)).isEmpty();
        assertThat(model.batchCalls).hasValue(0);
        assertThatThrownBy(() -> DeletionAttribution.attribute(
                        model, 0, new int[] {1}, new int[] {6}, DeletionAttribution.Config.defaults()))
                .hasMessage("item 6 is not in 1..5");
        assertThatThrownBy(() -> new DeletionAttribution.Config(0, 5))
                .hasMessage("attribution max history must be >= 1, got 0");
    }

    /** An attention model whose explanation is one row for every item, as SASRec's is. */
    static final class SameRowModel extends TableModel implements Explainable {
        final AtomicInteger explains = new AtomicInteger();

        @Override
        public Explanation explain(int user, int[] history, int item) {
            explains.incrementAndGet();
            List<Explanation.Contribution> cs = new ArrayList<>();
            for (int p = 0; p < history.length; p++) {
                cs.add(new Explanation.Contribution(history[p], p, 1.0 / history.length));
            }
            return new Explanation(item, -1, cs);
        }
    }

    @Test
    void attentionStaysAvailableAsASecondViewWhileAttributionDiffersPerItem() {
        SameRowModel model = new SameRowModel();
        int[] history = {1, 2, 3};
        List<Explanation> ex =
                Explainer.explain(model, 0, history, new int[] {2, 4, 5}, DeletionAttribution.Config.defaults(), true);
        // Attention: the same uniform row for all three items. Attribution: item 2's top is the 1
        // (drop 2), item 4's the 2 (3 > 1); item 5: without 2 it loses 0.5 + the bonus 4 = 4.5,
        // without 1 the bonus 4, without 3 its 2.
        assertThat(ex)
                .allSatisfy(e -> assertThat(e.attention()).isEqualTo(ex.get(0).attention()));
        assertThat(ex.get(0).attention()).hasSize(3);
        assertThat(ex.get(0).contributions().get(0).item()).isEqualTo(1);
        assertThat(ex.get(1).contributions().get(0).item()).isEqualTo(2);
        assertThat(ex.get(2).contributions().get(0).item()).isEqualTo(2);
        assertThat(ex.get(2).contributions())
                .extracting(Explanation.Contribution::item)
                .containsExactly(2, 1, 3);
        assertThat(model.explains).hasValue(3);
        assertThat(model.batchCalls).hasValue(1);
        // Without the attention view (the server): no per-item model call, still one batch.
        SameRowModel again = new SameRowModel();
        Explainer.explain(again, 0, history, new int[] {2, 4, 5}, DeletionAttribution.Config.defaults(), false);
        assertThat(again.explains).hasValue(0);
        assertThat(again.batchCalls).hasValue(1);
    }

    /**
     * Two interests in 2-D: interest 0 = (1, 0) formed by history item 1, interest 1 = (0, 1)
     * formed by items 2 and 3. Items 1..5 have vectors whose larger coordinate picks the interest.
     */
    static final class TwoInterests extends TableModel implements MultiInterest {
        static final float[][] ITEMS = {{0, 0}, {1, 0}, {0.9f, 0.1f}, {0, 1}, {0.2f, 0.8f}, {0.6f, 0.4f}};
        final AtomicInteger explainCalls = new AtomicInteger();

        @Override
        public int dim() {
            return 2;
        }

        @Override
        public int maxInterests() {
            return 2;
        }

        @Override
        public float[][] interests(int user, int[] history) {
            return new float[][] {{1, 0}, {0, 1}};
        }

        @Override
        public float[][] itemTable() {
            return ITEMS.clone();
        }

        @Override
        public List<Interest> explainInterests(int user, int[] history, int topItems) {
            explainCalls.incrementAndGet();
            return List.of(
                    new Interest(
                            0,
                            new float[] {1, 0},
                            List.of(new Explanation.Contribution(1, 0, 1.0)),
                            new int[0],
                            new float[0]),
                    new Interest(
                            1,
                            new float[] {0, 1},
                            List.of(new Explanation.Contribution(2, 1, 0.7), new Explanation.Contribution(3, 2, 0.3)),
                            new int[0],
                            new float[0]));
        }
    }

    @Test
    void multiInterestItemsSayWhichInterestProducedThemAndGainTheAttribution() {
        TwoInterests model = new TwoInterests();
        List<Explanation> ex = Explainer.explain(
                model, 0, new int[] {1, 2, 3}, new int[] {2, 4, 5}, DeletionAttribution.Config.defaults(), false);
        assertThat(ex).extracting(Explanation::interest).containsExactly(0, 1, 0);
        assertThat(ex.get(1).attention())
                .extracting(Explanation.Contribution::item)
                .containsExactly(2, 3);
        assertThat(ex.get(0).attention())
                .extracting(Explanation.Contribution::item)
                .containsExactly(1);
        assertThat(ex).allSatisfy(e -> assertThat(e.method()).isEqualTo(Explanation.DELETION));
        assertThat(ex.get(1).contributions().get(0).item()).isEqualTo(2);
        // One interest read and one batch for the whole list.
        assertThat(model.explainCalls).hasValue(1);
        assertThat(model.batchCalls).hasValue(1);
    }
}
