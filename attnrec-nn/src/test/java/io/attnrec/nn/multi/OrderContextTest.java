package io.attnrec.nn.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.prep.PrepConfig;
import io.attnrec.core.prep.Preparer;
import io.attnrec.core.split.Split;
import io.attnrec.core.split.UserSplitter;
import io.attnrec.core.synth.SynthConfig;
import io.attnrec.core.synth.SyntheticWorld;
import io.attnrec.nn.Djl;
import io.attnrec.nn.model.NeuralFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Order-aware inputs for the multi-interest extractors ({@code context}, issue 19): the causal
 * block itself (what a position's output may depend on), that the option changes what each
 * family computes and is saved, and that models saved before it existed keep reading raw
 * embeddings.
 */
class OrderContextTest {

    private static final int D = 8;
    private static final int MAX_LEN = 6;

    /** {@code (B, T) ids -> (B, T, D)} outputs of a fresh block whose embeddings are {@code id * 0.1 + dim}. */
    private static float[] outputs(OrderContext block, NDManager m, long[] ids, int b, int t) {
        NDArray items = m.create(ids, new Shape(b, t));
        float[] e = new float[b * t * D];
        for (int i = 0; i < b * t; i++) {
            for (int d = 0; d < D; d++) {
                // a distinct, deterministic vector per id; padding (0) is zero as in the item table
                e[i * D + d] = ids[i] == 0 ? 0 : (float) Math.sin(ids[i] * 1.7 + d);
            }
        }
        NDArray emb = m.create(e, new Shape(b, t, D));
        return block.forward(new ParameterStore(m, false), new NDList(emb, items), false)
                .head()
                .toFloatArray();
    }

    private static OrderContext block(NDManager m) {
        Djl.seed(7);
        OrderContext block = new OrderContext(1, MAX_LEN, D, 0.0);
        block.initialize(m, DataType.FLOAT32, new Shape(1, MAX_LEN, D), new Shape(1, MAX_LEN));
        return block;
    }

    private static float[] row(float[] out, int col) {
        float[] r = new float[D];
        System.arraycopy(out, col * D, r, 0, D);
        return r;
    }

    @Test
    void aPositionSeesOnlyItselfAndWhatCameBefore() {
        try (NDManager m = Djl.newManager()) {
            OrderContext block = block(m);
            float[] a = outputs(block, m, new long[] {3, 5, 7, 9}, 1, 4);
            float[] b = outputs(block, m, new long[] {3, 5, 8, 2}, 1, 4);
            // columns 0 and 1 precede the change: identical; column 3 follows it: different
            assertThat(row(b, 0)).containsExactly(row(a, 0), within(1e-6f));
            assertThat(row(b, 1)).containsExactly(row(a, 1), within(1e-6f));
            assertThat(maxDiff(row(a, 3), row(b, 3))).isGreaterThan(1e-3);
        }
    }

    @Test
    void theNewestOutputDependsOnTheOrderOfTheSameItems() {
        try (NDManager m = Djl.newManager()) {
            OrderContext block = block(m);
            // the same items with the two oldest swapped: a pooled sum of embeddings is the same,
            // the newest position's output is not
            float[] a = outputs(block, m, new long[] {3, 5, 7, 9}, 1, 4);
            float[] b = outputs(block, m, new long[] {5, 3, 7, 9}, 1, 4);
            assertThat(maxDiff(row(a, 3), row(b, 3))).isGreaterThan(1e-3);
        }
    }

    @Test
    void paddingChangesNoOutputAndIsZero() {
        try (NDManager m = Djl.newManager()) {
            OrderContext block = block(m);
            float[] alone = outputs(block, m, new long[] {3, 5, 7}, 1, 3);
            float[] padded = outputs(block, m, new long[] {0, 0, 3, 5, 7}, 1, 5);
            for (int c = 0; c < 3; c++) {
                assertThat(row(padded, c + 2)).containsExactly(row(alone, c), within(1e-5f));
            }
            assertThat(row(padded, 0)).containsOnly(0f);
        }
    }

    private static double maxDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static final Dataset DATA = Preparer.prepare(
            SyntheticWorld.generate(SynthConfig.defaults()
                            .withUsers(120)
                            .withItems(40)
                            .withInterests(2)
                            .withTopics(2)
                            .withEvents(8, 12)
                            .withSeed(3))
                    .toRawData(),
            PrepConfig.none());

    private static final Split SPLIT = new UserSplitter(UserSplitter.Config.defaults(3)).split(DATA);

    private static MultiInterestRecommender<?> train(String model, String context) {
        Map<String, String> o = new HashMap<>(Map.of(
                "dim", "8",
                "interests", "2",
                "max_len", "10",
                "epochs", "2",
                "batch_size", "32",
                "negatives", "20",
                "val_users", "20",
                "progress", "false",
                "context", context,
                // ComiRec-SA's default mode; spelled out so the test does not follow a default
                "context_mode", "interest"));
        return (MultiInterestRecommender<?>) Models.require(model).train(SPLIT.train(), new ModelOptions(o), 3L);
    }

    @Test
    void theOptionChangesEachFamilysScoresAndIsSaved(@TempDir Path dir) throws Exception {
        int[] history = SPLIT.test().get(0).history();
        for (String model : new String[] {"comirec-sa", "comirec-dr", "mind"}) {
            try (MultiInterestRecommender<?> plain = train(model, "0");
                    MultiInterestRecommender<?> ordered = train(model, "1")) {
                assertThat(plain.options()).containsEntry("context", "0");
                assertThat(ordered.options()).containsEntry("context", "1");
                // the block's weights come on top of the family's own
                assertThat(ordered.network().block().getParameters().size())
                        .as(model)
                        .isGreaterThan(plain.network().block().getParameters().size());
                float[] a = new float[DATA.numItems() + 1];
                float[] b = new float[DATA.numItems() + 1];
                plain.score(-1, history, a);
                ordered.score(-1, history, b);
                assertThat(maxDiff(a, b)).as(model).isGreaterThan(1e-3);
                Path saved = Files.createDirectories(dir.resolve(model));
                ordered.save(saved);
                try (MultiInterestRecommender<?> loaded =
                        (MultiInterestRecommender<?>) Models.require(model).load(saved)) {
                    assertThat(loaded.options()).containsEntry("context", "1");
                    float[] c = new float[DATA.numItems() + 1];
                    loaded.score(-1, history, c);
                    assertThat(c).containsExactly(b);
                }
            }
        }
    }

    @Test
    void theInterestModeAddsTheNewestOutputAsAnAlwaysActiveInterest() {
        try (MultiInterestRecommender<?> plain = train("mind", "0");
                MultiInterestRecommender<?> ordered = train("mind", "1")) {
            assertThat(plain.maxInterests()).isEqualTo(2);
            assertThat(ordered.maxInterests()).isEqualTo(3);
            // MIND switches interests off for short histories (K' = floor(log2 |history|)); the
            // order-aware interest stays on: a 2-item history has K' = 1, plus the newest output
            int[] shortHistory = Arrays.copyOf(SPLIT.test().get(0).history(), 2);
            assertThat(plain.interests(-1, shortHistory)).hasNumberOfRows(1);
            assertThat(ordered.interests(-1, shortHistory)).hasNumberOfRows(2);
        }
    }

    @Test
    void theSuccessorMapStartsAsTheIdentityAndIsSaved(@TempDir Path dir) throws Exception {
        Map<String, String> o = new HashMap<>(Map.of(
                "dim",
                "8",
                "interests",
                "2",
                "max_len",
                "10",
                "epochs",
                "1",
                "batch_size",
                "32",
                "negatives",
                "20",
                "val_users",
                "20",
                "progress",
                "false",
                "successor_map",
                "true"));
        o.put("lr", "0.000000001");
        o.put("dropout", "0");
        try (MultiInterestRecommender<?> mapped = (MultiInterestRecommender<?>)
                Models.require("comirec-dr").train(SPLIT.train(), new ModelOptions(o), 3L)) {
            NDArray w = mapped.network()
                    .block()
                    .getParameters()
                    .get("successor_map")
                    .getArray();
            // (almost) untrained: still the identity
            float[] eye = new float[64];
            for (int i = 0; i < 8; i++) {
                eye[i * 8 + i] = 1;
            }
            assertThat(w.toFloatArray()).containsExactly(eye, within(1e-4f));
            assertThat(mapped.options()).containsEntry("successor_map", "true");
            int[] history = SPLIT.test().get(0).history();
            float[] before = new float[DATA.numItems() + 1];
            mapped.score(-1, history, before);
            mapped.save(dir);
            try (MultiInterestRecommender<?> loaded =
                    (MultiInterestRecommender<?>) Models.require("comirec-dr").load(dir)) {
                float[] after = new float[DATA.numItems() + 1];
                loaded.score(-1, history, after);
                assertThat(after).containsExactly(before);
            }
        }
    }

    @Test
    void modelsSavedBeforeTheKeyExistedReadRawEmbeddings(@TempDir Path dir) throws Exception {
        for (String model : new String[] {"comirec-sa", "comirec-dr", "mind"}) {
            Files.writeString(dir.resolve(NeuralFiles.MANIFEST), """
                    {"format": 3, "model": "%s", "num_items": 3,
                     "options": {"dim": "8", "interests": "2"}, "extras": {}}
                    """.formatted(model));
            assertThat(NeuralFiles.read(dir, model).options()).containsEntry("context", "0");
        }
        Files.writeString(dir.resolve(NeuralFiles.MANIFEST), """
                {"format": 3, "model": "sasrec", "num_items": 3, "options": {"dim": "8"}, "extras": {}}
                """);
        assertThat(NeuralFiles.read(dir, "sasrec").options()).doesNotContainKey("context");
    }

    @Test
    void rejectsBadOrderSettingsByName() {
        assertThatThrownBy(() -> train("comirec-sa", "-1")).hasMessageContaining("context must be >= 0");
        assertThatThrownBy(() -> train("mind", "x")).hasMessageContaining("context");
        assertThatThrownBy(() -> Models.require("comirec-dr")
                        .train(SPLIT.train(), ModelOptions.parsePairs("context_mode=sideways"), 1L))
                .hasMessageContaining("context_mode must be input, interest or both");
        assertThatThrownBy(() -> Models.require("comirec-dr")
                        .train(SPLIT.train(), ModelOptions.parsePairs("context_dropout=1"), 1L))
                .hasMessageContaining("context_dropout");
    }
}
