package io.attnrec.nn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.attnrec.core.model.NewItemInit;
import io.attnrec.nn.Djl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The new rows of a grown item table (issue 16): four known items with chosen rows, new items 5
 * and 6, spare rows 7 and 8. Row lengths: item 1 → 1, item 2 → 2, item 3 → 3, item 4 → 10.
 */
class GrownWeightsTest {

    private static final int DIM = 2;
    private static final int PARENT = 4;
    private static final int ITEMS = 6;
    private static final float[][] KNOWN = {{1, 0}, {0, 2}, {3, 0}, {0, 10}};

    private NDManager manager;
    private Table block;

    /** A block whose only parameter is an item table of 1 + 8 rows (padding, 6 items, 2 spare). */
    private static final class Table extends AbstractBlock {
        Table() {
            addParameter(Weights.weight("item_embedding", new Shape(9, DIM), new NormalInitializer(0.02f)));
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            return inputs;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return inputs;
        }

        NDArray array() {
            Parameter p = getParameters().get(0).getValue();
            return p.getArray();
        }
    }

    @BeforeEach
    void setUp() {
        Djl.seed(3);
        manager = Djl.newManager();
        block = new Table();
        block.initialize(manager, DataType.FLOAT32, new Shape(1));
        for (int i = 0; i < KNOWN.length; i++) {
            block.array()
                    .set(
                            new NDIndex((i + 1) + ":" + (i + 2)),
                            manager.create(KNOWN[i]).reshape(1, DIM));
        }
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private float[] row(int i) {
        return block.array().get(new NDIndex(i)).toFloatArray();
    }

    private static float length(float[] r) {
        return (float) Math.hypot(r[0], r[1]);
    }

    @Test
    void precedingRareStartsAtThePrecedingItemsMeanWithTheLengthOfKnownItemsWithAsFewEvents() {
        // item 5 (2 events) is preceded by 1, 2 and by 2; item 4 follows it once (ignored by this rule)
        int[][] all = {{1, 2, 5, 4}, {2, 5}, {4, 4, 3}};
        float[] spare = row(7);
        int set = GrownWeights.initNewRows(block, PARENT, ITEMS, all, all, NewItemInit.PRECEDING_RARE);
        float[] r = row(5);
        // direction: (r1 + 2 r2) / 3 = (1/3, 4/3); length: the median of the known items with at most
        // 2 events (items 1, 2, 3 have 1, 2, 1 events; item 4 has 3) = median(1, 2, 3) = 2
        double norm = Math.hypot(1.0 / 3, 4.0 / 3);
        assertThat(r[0]).isCloseTo((float) (2 * (1.0 / 3) / norm), within(1e-5f));
        assertThat(r[1]).isCloseTo((float) (2 * (4.0 / 3) / norm), within(1e-5f));
        assertThat(length(r)).isCloseTo(2f, within(1e-5f));
        // item 6 never occurs: it keeps its fresh row, and so do the spare rows (never scored)
        assertThat(set).isEqualTo(1);
        assertThat(row(7)).isEqualTo(spare);
        assertThat(length(row(6))).isLessThan(0.2f);
        // the known rows are not touched
        for (int i = 0; i < KNOWN.length; i++) {
            assertThat(row(i + 1)).isEqualTo(KNOWN[i]);
        }
    }

    @Test
    void anItemFirstInEverySequenceStartsFromTheItemsAfterIt() {
        int[][] all = {{5, 3, 1}, {6, 5, 4}};
        GrownWeights.initNewRows(block, PARENT, ITEMS, all, all, NewItemInit.PRECEDING_RARE);
        // item 5: nothing known before it (6 is new); after it 3, 1 and 4 → (4/3, 10/3), at the
        // median length of the known items with at most 2 events: 1, 3, 4 (one event each; item 2
        // has none in the data and is left out) → median(1, 3, 10) = 3
        float[] r = row(5);
        double norm = Math.hypot(4.0 / 3, 10.0 / 3);
        assertThat(r[0]).isCloseTo((float) (3 * (4.0 / 3) / norm), within(1e-5f));
        assertThat(length(r)).isCloseTo(3f, within(1e-5f));
        // item 6 (1 event): before it nothing, after it 5 (new) and 4 → row 4's direction, length 3
        assertThat(row(6)[0]).isCloseTo(0f, within(1e-5f));
        assertThat(row(6)[1]).isCloseTo(3f, within(1e-5f));
    }

    @Test
    void neighboursRareKeepsTheNeighboursDirectionAndTheDefaultKeepsItsLength() {
        int[][] all = {{4, 5, 3}, {4, 4, 4, 4, 1, 2}};
        GrownWeights.initNewRows(block, PARENT, ITEMS, all, all, NewItemInit.NEIGHBOURS_RARE);
        // neighbours of 5: 4 and 3 → (1.5, 5); 5 has 1 event; known items with at most 1 event: 3, 1, 2 → 2
        float[] r = row(5);
        double norm = Math.hypot(1.5, 5);
        assertThat(r[0]).isCloseTo((float) (2 * 1.5 / norm), within(1e-5f));
        assertThat(r[1]).isCloseTo((float) (2 * 5 / norm), within(1e-5f));

        GrownWeights.initNewRows(block, PARENT, ITEMS, all, all, NewItemInit.NEIGHBOURS);
        // the default: the plain mean, its length 5.2 (the popular item 4 pulls it out)
        assertThat(row(5)).containsExactly(1.5f, 5f);
    }

    @Test
    void aNewItemRarerThanEveryKnownItemTakesTheRarestKnownItemsLength() {
        float[] known = new float[(PARENT + 1) * DIM];
        for (int i = 0; i < KNOWN.length; i++) {
            System.arraycopy(KNOWN[i], 0, known, (i + 1) * DIM, DIM);
        }
        // counts: items 1..4 have 5, 5, 9, 0 events (item 4 unseen: left out); new items 1 and 7
        int[] counts = {0, 5, 5, 9, 0, 1, 7};
        float[] norms = GrownWeights.rareNorms(known, DIM, PARENT, ITEMS, counts);
        assertThat(norms[5]).isEqualTo(1.5f); // below every known count: the rarest (items 1, 2)
        assertThat(norms[6]).isEqualTo(1.5f); // at most 7 events: items 1, 2 again
        counts[6] = 9;
        assertThat(GrownWeights.rareNorms(known, DIM, PARENT, ITEMS, counts)[6]).isEqualTo(2f); // items 1, 2, 3
    }
}
