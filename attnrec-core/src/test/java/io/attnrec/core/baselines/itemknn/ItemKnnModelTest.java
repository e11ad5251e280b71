package io.attnrec.core.baselines.itemknn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.baselines.TestData;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.TrainingData;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemKnnModelTest {

    private static final int A = 1;
    private static final int B = 2;
    private static final int C = 3;
    private static final int D = 4;

    /** c_a = 3, c_b = 3, c_c = 2, c_d = 1; c_ab = 2, c_ac = 1, c_bc = 2, c_ad = 1, c_bd = c_cd = 0. */
    private static final TrainingData DATA =
            TestData.of(4, new int[] {A, B, C}, new int[] {A, B}, new int[] {B, C}, new int[] {A, D});

    private static ItemKnnModel model(int neighbors, double shrink, int window) {
        return ItemKnnModel.train(DATA, new ItemKnnConfig(neighbors, shrink, window, 1000, 2));
    }

    @Test
    void cosineSimilaritiesMatchHandComputedValues() {
        ItemKnnModel m = model(100, 0, 0);
        assertThat(m.similarity(A, B)).isCloseTo((float) (2 / Math.sqrt(3 * 3)), within(1e-7f));
        assertThat(m.similarity(A, C)).isCloseTo((float) (1 / Math.sqrt(3 * 2)), within(1e-7f));
        assertThat(m.similarity(B, C)).isCloseTo((float) (2 / Math.sqrt(3 * 2)), within(1e-7f));
        assertThat(m.similarity(A, D)).isCloseTo((float) (1 / Math.sqrt(3 * 1)), within(1e-7f));
        assertThat(m.similarity(D, A)).isEqualTo(m.similarity(A, D));
        assertThat(m.similarity(B, D)).isZero();
        assertThat(m.similarity(A, A)).isZero();
        // Neighbours ordered by similarity: b (0.667), d (0.577), c (0.408).
        assertThat(m.neighbors(A)).containsExactly(B, D, C);
    }

    @Test
    void shrinkDampsTheCosine() {
        ItemKnnModel m = model(100, 1.0, 0);
        assertThat(m.similarity(A, B)).isCloseTo(2f / (3f + 1f), within(1e-7f));
        assertThat(m.similarity(C, B)).isCloseTo((float) (2 / (Math.sqrt(6) + 1)), within(1e-7f));
    }

    @Test
    void onlyTheTopNeighboursAreKept() {
        ItemKnnModel m = model(1, 0, 0);
        assertThat(m.neighbors(A)).containsExactly(B);
        assertThat(m.similarity(A, D)).isZero();
        assertThat(m.neighbors(D)).containsExactly(A);
    }

    @Test
    void scoreSumsSimilaritiesOfDistinctHistoryItems() {
        ItemKnnModel m = model(100, 0, 0);
        float[] s = new float[5];
        m.score(0, new int[] {A, C, A}, s); // the repeated a counts once
        assertThat(s[B]).isEqualTo(m.similarity(A, B) + m.similarity(C, B));
        assertThat(s[D]).isEqualTo(m.similarity(A, D));
        assertThat(s[A]).isEqualTo(m.similarity(C, A));
        assertThat(s[C]).isEqualTo(m.similarity(A, C));
    }

    @Test
    void historyWindowUsesOnlyTheLastItems() {
        ItemKnnModel m = model(100, 0, 1);
        float[] s = new float[5];
        m.score(0, new int[] {A, C}, s);
        assertThat(s[D]).isZero(); // a is outside the window
        assertThat(s[B]).isEqualTo(m.similarity(C, B));
    }

    @Test
    void tiesAreBrokenByLowerItemId() {
        // b and c co-occur with a equally often and are equally popular.
        TrainingData data = TestData.of(3, new int[] {A, B}, new int[] {A, C});
        ItemKnnModel m = ItemKnnModel.train(data, new ItemKnnConfig(1, 0, 0, 1000, 1));
        assertThat(m.neighbors(A)).containsExactly(B);
    }

    @Test
    void longHistoriesAreCappedToTheMostRecentItems() {
        // With max_user_items = 2, user 0 contributes only {b, c}: a no longer co-occurs with b.
        TrainingData data = TestData.of(3, new int[] {A, B, C}, new int[] {A, C});
        ItemKnnModel capped = ItemKnnModel.train(data, new ItemKnnConfig(10, 0, 0, 2, 1));
        assertThat(capped.similarity(A, B)).isZero();
        // c_a = 1, c_c = 2, c_ac = 1.
        assertThat(capped.similarity(A, C)).isCloseTo((float) (1 / Math.sqrt(2)), within(1e-7f));
        ItemKnnModel uncapped = ItemKnnModel.train(data, new ItemKnnConfig(10, 0, 0, 3, 1));
        assertThat(uncapped.similarity(A, B)).isCloseTo((float) (1 / Math.sqrt(2)), within(1e-7f));
    }

    @Test
    void explanationListsHistoryItemsBySimilarity() {
        ItemKnnModel m = model(100, 0, 0);
        Explanation e = m.explain(0, new int[] {C, A, D}, B);
        assertThat(e.item()).isEqualTo(B);
        assertThat(e.interest()).isEqualTo(-1);
        assertThat(e.contributions()).extracting(Explanation.Contribution::item).containsExactly(C, A);
        assertThat(e.contributions().get(0).position()).isEqualTo(0);
        assertThat(e.contributions().get(0).weight()).isCloseTo(m.similarity(C, B), within(1e-7));
    }

    @Test
    void threadCountDoesNotChangeTheModel() {
        TestData.Loo loo = TestData.synthLoo(io.attnrec.core.synth.SynthConfig.defaults()
                .withUsers(200)
                .withItems(300)
                .withSeed(3));
        ItemKnnModel one = ItemKnnModel.train(loo.train(), new ItemKnnConfig(15, 2, 0, 1000, 1));
        ItemKnnModel two = ItemKnnModel.train(loo.train(), new ItemKnnConfig(15, 2, 0, 1000, 2));
        for (int i = 1; i <= loo.train().numItems(); i++) {
            assertThat(two.neighbors(i)).containsExactly(one.neighbors(i));
            for (int j : one.neighbors(i)) {
                assertThat(two.similarity(i, j)).isEqualTo(one.similarity(i, j));
            }
        }
    }

    @Test
    void invalidOptionsAreRejected() {
        assertThatThrownBy(() -> ItemKnnConfig.from(new ModelOptions(Map.of("neighbors", "0"))))
                .hasMessageContaining("neighbors");
        assertThatThrownBy(() -> ItemKnnConfig.from(new ModelOptions(Map.of("shrink", "-1"))))
                .hasMessageContaining("shrink");
        assertThatThrownBy(() -> ItemKnnConfig.from(new ModelOptions(Map.of("history_window", "-2"))))
                .hasMessageContaining("history_window");
        assertThatThrownBy(() -> ItemKnnConfig.from(new ModelOptions(Map.of("neighbours", "5"))))
                .hasMessageContaining("neighbours");
        assertThat(ItemKnnConfig.from(new ModelOptions(Map.of("neighbors", "7", "shrink", "2.5"))))
                .extracting(ItemKnnConfig::neighbors, ItemKnnConfig::shrink)
                .containsExactly(7, 2.5);
    }
}
