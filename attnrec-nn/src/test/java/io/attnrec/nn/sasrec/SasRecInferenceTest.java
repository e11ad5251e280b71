package io.attnrec.nn.sasrec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.TrainingData;
import io.attnrec.nn.content.TopicWorld;
import io.attnrec.nn.seq.SequenceRecommender;
import io.attnrec.nn.testing.NextItemWorld;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The plain-Java forward pass ({@link SasRecInference}, behind {@code userVectors}) gives the
 * native pass's newest hidden vector (behind {@code userFactors}, which the evaluator uses) to
 * float rounding, for several heads and blocks, with content features, and for histories shorter
 * than, as long as and longer than the window.
 */
class SasRecInferenceTest {

    private static final int[][] HISTORIES = {
        {4}, {1, 2, 3, 4, 5, 6, 7, 8}, {30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19}, {9, 9, 9}, {3, 17}
    };

    @ParameterizedTest(name = "dim {0}, heads {1}, blocks {2}, content {3}, layer {4}")
    @CsvSource({
        "16, 1, 2, false, sasrec",
        "16, 4, 3, false, sasrec",
        "8, 2, 1, false, sasrec",
        "16, 2, 2, true, sasrec",
        "16, 1, 2, false, ligr",
        "8, 2, 3, true, ligr"
    })
    void theJavaPassEqualsTheNativePass(int dim, int heads, int blocks, boolean content, String layer) {
        Map<String, String> options = new HashMap<>(Map.of(
                "max_len",
                "8",
                "dim",
                Integer.toString(dim),
                "heads",
                Integer.toString(heads),
                "blocks",
                Integer.toString(blocks),
                "layer",
                layer,
                "epochs",
                "2",
                "batch_size",
                "32",
                "progress",
                "false"));
        TrainingData data;
        if (content) {
            options.put("content", "true");
            options.put("content_buckets", "64");
            data = new TopicWorld(5, 6, 40, 3L).data;
        } else {
            data = new NextItemWorld(60, 30, 5, 14, 3L).data;
        }
        try (SequenceRecommender<?> model =
                (SequenceRecommender<?>) Models.require("sasrec").train(data, new ModelOptions(options), 7L)) {
            int[] users = new int[HISTORIES.length];
            float[][][] native_ = model.userFactors(users, HISTORIES);
            double largest = 0;
            for (int h = 0; h < HISTORIES.length; h++) {
                float[] fast = model.userVectors(0, HISTORIES[h])[0];
                float[] want = native_[h][0];
                assertThat(fast).hasSize(dim);
                for (int d = 0; d < dim; d++) {
                    assertThat((double) fast[d]).as("history %d, d %d", h, d).isCloseTo(want[d], within(2e-5));
                    largest = Math.max(largest, Math.abs(want[d]));
                }
            }
            // the hidden vectors are layer-normalised: a comparison of zeros would prove nothing
            assertThat(largest).isGreaterThan(0.5);
            int unknown = model.numItems() + 1;
            assertThatThrownBy(() -> model.userVectors(0, new int[] {1, unknown}))
                    .hasMessageContaining("history item " + unknown + " is not in 1..");
        }
    }
}
