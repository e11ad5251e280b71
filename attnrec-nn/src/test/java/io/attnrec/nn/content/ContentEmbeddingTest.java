package io.attnrec.nn.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.TrainingData;
import io.attnrec.nn.Djl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The content block and its features on hand-made rows: every table row checked by hand. */
class ContentEmbeddingTest {

    private static final int DIM = 3;

    /**
     * Five items, eight buckets: 1 warm with features {0: 0.6, 3: 0.8}; 2 warm without features; 3
     * cold with features {3: 1}; 4 cold without features; 5 warm with features {7: 1}.
     */
    private static ItemContent handMade() {
        int[] rowPtr = {0, 0, 2, 2, 3, 3, 4};
        int[] cols = {0, 3, 3, 7};
        float[] vals = {0.6f, 0.8f, 1f, 1f};
        boolean[] warm = {false, true, true, false, false, true};
        return new ItemContent(5, 8, rowPtr, cols, vals, warm);
    }

    private NDManager manager;

    @BeforeEach
    void open() {
        Djl.seed(3L);
        manager = Djl.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private ContentEmbedding block(ItemContent content, double idDropout) {
        ContentEmbedding b = new ContentEmbedding(content, DIM, 0.5f, idDropout);
        b.initialize(manager, DataType.FLOAT32, new Shape(content.numItems() + 1L, DIM));
        return b;
    }

    /** ID table whose row i is (10 i, 10 i + 1, 10 i + 2). */
    private static float[] idRows(int rows) {
        float[] v = new float[rows * DIM];
        for (int i = 0; i < rows; i++) {
            for (int d = 0; d < DIM; d++) {
                v[i * DIM + d] = 10 * i + d;
            }
        }
        return v;
    }

    private static Parameter projection(ContentEmbedding b) {
        return b.getParameters().get("projection");
    }

    @Test
    void everyRowIsTheMaskedIdRowPlusTheProjectedFeatures() {
        ItemContent content = handMade();
        ContentEmbedding b = block(content, 0.0);
        float[] w = projection(b).getArray().toFloatArray(); // (8, 3) row-major
        Djl.noGrad();
        try (NDManager m = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            float[] ids = idRows(6);
            NDArray table = b.table(ps, m.create(ids, new Shape(6, DIM)), false);
            assertThat(table.getShape()).isEqualTo(new Shape(6, DIM));
            float[] t = table.toFloatArray();
            for (int d = 0; d < DIM; d++) {
                // padding: masked ID part, no features
                assertThat(t[d]).isZero();
                // warm with features: ID + 0.6 W[0] + 0.8 W[3]
                assertThat(t[DIM + d]).isCloseTo(ids[DIM + d] + 0.6f * w[d] + 0.8f * w[3 * DIM + d], within(1e-5f));
                // warm without features: the ID row alone
                assertThat(t[2 * DIM + d]).isEqualTo(ids[2 * DIM + d]);
                // cold with features: W[3] alone, no ID part
                assertThat(t[3 * DIM + d]).isCloseTo(w[3 * DIM + d], within(1e-6f));
                // cold without features: nothing at all
                assertThat(t[4 * DIM + d]).isZero();
                assertThat(t[5 * DIM + d]).isCloseTo(ids[5 * DIM + d] + w[7 * DIM + d], within(1e-5f));
            }
        }
    }

    @Test
    void oneStoreComputesTheTableOnceAndAnotherRecomputesIt() {
        ContentEmbedding b = block(handMade(), 0.0);
        Djl.noGrad();
        try (NDManager m = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray ids = m.create(idRows(6), new Shape(6, DIM));
            NDArray first = b.table(ps, ids, false);
            assertThat(b.table(ps, ids, false)).isSameAs(first);
            NDArray other = b.table(new ParameterStore(m, false), ids, false);
            assertThat(other).isNotSameAs(first);
            assertThat(other.toFloatArray()).containsExactly(first.toFloatArray());
        }
    }

    @Test
    void gradientsReachTheProjectionOfTheFeaturesUsedAndColdRowsAreZeroInTraining() {
        ContentEmbedding b = block(handMade(), 0.0);
        NDArray w = projection(b).getArray();
        try (NDManager m = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray ids = m.create(idRows(6), new Shape(6, DIM));
            ids.setRequiresGradient(true);
            try (GradientCollector gc = Djl.engine().newGradientCollector()) {
                NDArray table = b.table(ps, ids, true);
                // cold item 3 takes no part in training: its row is 0, not W[3]
                assertThat(table.get("3").toFloatArray()).containsOnly(0f);
                // loss = sum of warm item 1's row = sum_d (E[1, d] + 0.6 W[0, d] + 0.8 W[3, d])
                gc.backward(table.get("1").sum());
            }
            float[] gw = w.getGradient().toFloatArray();
            for (int c = 0; c < 8; c++) {
                float expected = c == 0 ? 0.6f : c == 3 ? 0.8f : 0f;
                for (int d = 0; d < DIM; d++) {
                    assertThat(gw[c * DIM + d]).as("dW[%d,%d]", c, d).isCloseTo(expected, within(1e-6f));
                }
            }
            float[] gid = ids.getGradient().toFloatArray();
            for (int i = 0; i < 6; i++) {
                for (int d = 0; d < DIM; d++) {
                    assertThat(gid[i * DIM + d]).as("dE[%d,%d]", i, d).isEqualTo(i == 1 ? 1f : 0f);
                }
            }
        }
    }

    @Test
    void idDropoutDropsWholeWarmRowsInTrainingOnly() {
        int n = 400;
        int[] rowPtr = new int[n + 2];
        boolean[] warm = new boolean[n + 1];
        for (int i = 1; i <= n; i++) {
            warm[i] = i % 4 != 0;
        }
        ItemContent content = new ItemContent(n, 4, rowPtr, new int[0], new float[0], warm);
        ContentEmbedding b = block(content, 0.5);
        try (NDManager m = manager.newSubManager()) {
            float[] ids = idRows(n + 1);
            NDArray idTable = m.create(ids, new Shape(n + 1L, DIM));
            float[] train = b.table(new ParameterStore(m, false), idTable, true).toFloatArray();
            float[] eval = b.table(new ParameterStore(m, false), idTable, false).toFloatArray();
            int dropped = 0;
            for (int i = 1; i <= n; i++) {
                boolean zero = train[i * DIM + 1] == 0f;
                if (!warm[i]) {
                    assertThat(zero).as("cold row %d", i).isTrue();
                    continue;
                }
                // a row is dropped or kept whole, never rescaled
                for (int d = 0; d < DIM; d++) {
                    assertThat(train[i * DIM + d]).isEqualTo(zero ? 0f : ids[i * DIM + d]);
                    assertThat(eval[i * DIM + d]).isEqualTo(ids[i * DIM + d]);
                }
                dropped += zero ? 1 : 0;
            }
            // 300 warm rows, each dropped with probability 0.5: 150 +- 4.5 standard deviations
            assertThat(dropped).isBetween(110, 190);
        }
    }

    @Test
    void aTableOfTheWrongShapeIsRejected() {
        ContentEmbedding b = block(handMade(), 0.0);
        try (NDManager m = manager.newSubManager()) {
            NDArray wrong = m.zeros(new Shape(5, DIM));
            assertThatThrownBy(() -> b.table(new ParameterStore(m, false), wrong, false))
                    .hasMessageContaining("expected (6, 3)");
        }
    }

    @Test
    void featuresComeFromTheCatalogAndWarmthFromTheTrainingSequences() {
        TopicWorld world = new TopicWorld(3, 4, 5, 2L);
        Map<String, ItemMeta> meta = new HashMap<>();
        for (ItemMeta m : world.data.catalog().items()) {
            meta.put(m.itemId(), m);
        }
        meta.remove("t1-2"); // a warm item without metadata
        TrainingData data = new TrainingData(
                world.data.numUsers(),
                world.numItems,
                world.data.sequences(),
                world.data.timestamps(),
                null,
                world.data.items(),
                new ItemCatalog(meta),
                List.of());
        ItemContent c = ItemContent.build(data, ContentOptions.defaults());
        assertThat(c.numItems()).isEqualTo(15);
        assertThat(c.buckets()).isEqualTo(1 << 14);
        assertThat(c.numWarm()).isEqualTo(12);
        assertThat(c.isWarm(world.warmItem(1, 2))).isTrue();
        assertThat(c.hasFeatures(world.warmItem(1, 2))).isFalse();
        assertThat(c.isWarm(world.coldItem(0))).isFalse();
        assertThat(c.hasFeatures(world.coldItem(0))).isTrue();
        assertThat(c.isWarm(0)).isFalse();
        // title word + category per item, 14 items with metadata
        assertThat(c.nonZeros()).isEqualTo(28);
    }

    @Test
    void writeAndReadGiveTheSameRowsAndBadFilesFailClearly(@TempDir Path dir) throws Exception {
        ItemContent c = handMade();
        c.write(dir);
        ItemContent back = ItemContent.read(dir, 5, 8);
        assertThat(back.cooIndices()).isDeepEqualTo(c.cooIndices());
        assertThat(back.cooValues()).containsExactly(c.cooValues());
        assertThat(back.idMask()).containsExactly(0f, 1f, 1f, 0f, 0f, 1f);
        assertThatThrownBy(() -> ItemContent.read(dir, 6, 8))
                .hasMessageContaining(ItemContent.FILE)
                .hasMessageContaining("holds 5 items");
        byte[] bytes = Files.readAllBytes(dir.resolve(ItemContent.FILE));
        Files.write(dir.resolve(ItemContent.FILE), java.util.Arrays.copyOf(bytes, bytes.length - 3));
        assertThatThrownBy(() -> ItemContent.read(dir, 5, 8)).hasMessageContaining("truncated");
    }

    @Test
    void badRowsAreRejected() {
        boolean[] warm = {false, true};
        assertThatThrownBy(() -> new ItemContent(1, 4, new int[] {0, 0, 1}, new int[] {4}, new float[] {1}, warm))
                .hasMessageContaining("column 4 outside 0..3");
        assertThatThrownBy(() -> new ItemContent(1, 4, new int[] {0, 1, 1}, new int[] {0}, new float[] {1}, warm))
                .hasMessageContaining("row pointers");
        assertThatThrownBy(() -> new ItemContent(
                        1, 4, new int[] {0, 0, 1}, new int[] {0}, new float[] {1}, new boolean[] {true, true}))
                .hasMessageContaining("warm flags");
    }

    @Test
    void optionsParseValidateAndRoundTrip() {
        assertThat(ContentOptions.parse(ModelOptions.empty())).isEqualTo(ContentOptions.defaults());
        ContentOptions on = ContentOptions.parse(
                ModelOptions.parsePairs("content=true,content_buckets=1024,content_id_dropout=0.25"));
        assertThat(on).isEqualTo(new ContentOptions(true, 1024, 0.25));
        assertThat(ContentOptions.parse(new ModelOptions(on.toOptions()))).isEqualTo(on);
        assertThat(on.featureConfig().dim()).isEqualTo(1024);
        assertThat(ContentOptions.defaults().toOptions()).isEqualTo(Map.of("content", "false"));
        assertThatThrownBy(() -> ContentOptions.parse(ModelOptions.parsePairs("content_buckets=0")))
                .hasMessageContaining("content_buckets");
        assertThatThrownBy(() -> ContentOptions.parse(ModelOptions.parsePairs("content_id_dropout=1")))
                .hasMessageContaining("content_id_dropout");
    }
}
