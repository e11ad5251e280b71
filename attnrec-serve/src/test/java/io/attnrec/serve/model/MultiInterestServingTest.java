package io.attnrec.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.multi.Interest;
import io.attnrec.core.multi.MultiInterest;
import io.attnrec.serve.retrieval.RetrievalConfig;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ActiveModel#interests} reads a multi-interest model's own interests. */
class MultiInterestServingTest {

    /**
     * Two interests over a history of four items: interest 0 weighs positions 0, 1 and 2 most,
     * interest 1 position 3; interest 0 retrieves items 5, 6, 7, interest 1 items 8, 9.
     */
    static final class TwoInterests implements Recommender, MultiInterest {
        @Override
        public String name() {
            return "two-interests";
        }

        @Override
        public int numItems() {
            return 9;
        }

        @Override
        public void score(int user, int[] history, float[] scores) {
            for (int i = 1; i < scores.length; i++) {
                scores[i] = i;
            }
        }

        @Override
        public int dim() {
            return 1;
        }

        @Override
        public int maxInterests() {
            return 2;
        }

        @Override
        public float[][] interests(int user, int[] history) {
            return new float[][] {{1}, {2}};
        }

        @Override
        public float[][] itemTable() {
            return new float[10][1];
        }

        @Override
        public List<Interest> explainInterests(int user, int[] history, int topItems) {
            List<Explanation.Contribution> a = List.of(
                    new Explanation.Contribution(history[0], 0, 0.4),
                    new Explanation.Contribution(history[1], 1, 0.3),
                    new Explanation.Contribution(history[2], 2, 0.2),
                    new Explanation.Contribution(history[3], 3, 0.1));
            List<Explanation.Contribution> b = List.of(
                    new Explanation.Contribution(history[3], 3, 0.7),
                    new Explanation.Contribution(history[0], 0, 0.1),
                    new Explanation.Contribution(history[1], 1, 0.1),
                    new Explanation.Contribution(history[2], 2, 0.1));
            return List.of(
                    new Interest(0, new float[] {1}, a, new int[] {5, 6, 7}, new float[] {3, 2, 1}),
                    new Interest(1, new float[] {2}, b, new int[] {8, 9}, new float[] {5, 4}));
        }
    }

    @Test
    void interestsComeFromTheModelWithHistoryShareAsWeight() throws Exception {
        ServedModel served = new ServedModel(
                "multi",
                new TwoInterests(),
                IdMap.of(false, List.of("u")),
                IdMap.of(true, List.of("i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9")),
                new int[][] {{1, 2, 3, 4}},
                ItemCatalog.empty(),
                null);
        ActiveModel m = ActiveModel.prepare(served, RetrievalConfig.defaults(), false);
        BitSet excluded = new BitSet();
        excluded.set(6); // e.g. seen through a stored event

        List<ActiveModel.Interest> out = m.interests(0, new int[] {1, 2, 3, 4}, 2, excluded);

        assertThat(out).hasSize(2);
        assertThat(out.get(0).weight()).isEqualTo(0.75);
        assertThat(out.get(1).weight()).isEqualTo(0.25);
        assertThat(out.get(0).items().items()).containsExactly(5, 7);
        assertThat(out.get(1).items().items()).containsExactly(8, 9);
        assertThat(out.get(1).members().get(0).item()).isEqualTo(4);
    }
}
