package io.attnrec.nn.mind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void rejectsBadRoutingSettings() {
        assertThatThrownBy(() -> provider().train(SPLIT.train(), ModelOptions.parsePairs("iterations=0"), 1L))
                .hasMessageContaining("iterations");
        assertThatThrownBy(() -> provider().train(SPLIT.train(), ModelOptions.parsePairs("pow=0.5"), 1L))
                .hasMessageContaining("pow");
    }
}
