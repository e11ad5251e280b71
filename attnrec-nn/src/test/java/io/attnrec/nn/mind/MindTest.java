package io.attnrec.nn.mind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.multi.MultiInterestContract;
import io.attnrec.nn.multi.MultiInterestRecommender;
import org.junit.jupiter.api.Test;

class MindTest extends MultiInterestContract {

    @Override
    protected String modelName() {
        return "mind";
    }

    @Test
    void shortHistoriesGetFewerInterests() {
        // K = 2: floor(log2 n) gives 1 interest below 4 items and 2 from 4 items on. Read-out
        // pruning is off: an untrained network's interests are near-duplicates, which the default
        // pruning (issue 19) would drop; this test is about the count rule alone, so without the
        // default order-aware interest (session 12), which every history has on top
        try (MultiInterestRecommender<MindConfig> m = new MindProvider()
                .create(
                        MindConfig.parse(
                                ModelOptions.parsePairs("dim=8,interests=3,max_len=10,prune_cosine=1,context=0")),
                        20)) {
            assertThat(m.interests(-1, new int[] {1, 2, 3})).hasNumberOfRows(1);
            assertThat(m.interests(-1, new int[] {1, 2, 3, 4})).hasNumberOfRows(2);
            assertThat(m.interests(-1, new int[] {1, 2, 3, 4, 5, 6, 7, 8})).hasNumberOfRows(3);
            assertThat(m.explainInterests(-1, new int[] {1, 2, 3, 4, 5}, 3)).hasSize(2);
        }
        try (MultiInterestRecommender<MindConfig> m = new MindProvider()
                .create(
                        MindConfig.parse(ModelOptions.parsePairs(
                                "dim=8,interests=3,max_len=10,dynamic=false,prune_cosine=1,context=0")),
                        20)) {
            assertThat(m.interests(-1, new int[] {1, 2})).hasNumberOfRows(3);
        }
    }

    @Test
    void trainingMovesTheDefaultPositionGainsOffTheirStart() {
        // (maxLen, D), started at 1; the synthetic histories are shorter than maxLen, so the
        // oldest positions never see an item and keep their start
        Parameter gain = MindPositionGainTest.gain((Block) trained().network());
        float[] values = gain.getArray().toFloatArray();
        int dim = (int) gain.getArray().getShape().get(1);
        int rows = values.length / dim;
        double newest = 0;
        double oldest = 0;
        for (int d = 0; d < dim; d++) {
            newest += Math.abs(values[(rows - 1) * dim + d] - 1);
            oldest += Math.abs(values[d] - 1);
        }
        assertThat(newest / dim).isGreaterThan(1e-3);
        assertThat(oldest).isEqualTo(0.0);
    }

    @Test
    void rejectsBadRoutingSettings() {
        assertThatThrownBy(() -> provider().train(SPLIT.train(), ModelOptions.parsePairs("iterations=0"), 1L))
                .hasMessageContaining("iterations");
        assertThatThrownBy(() -> provider().train(SPLIT.train(), ModelOptions.parsePairs("pow=0.5"), 1L))
                .hasMessageContaining("pow");
    }
}
