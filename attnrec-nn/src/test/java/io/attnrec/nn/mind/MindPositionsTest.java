package io.attnrec.nn.mind;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.multi.MultiInterestContract;
import io.attnrec.nn.multi.MultiInterestRecommender;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole multi-interest contract again with position embeddings before the shared map ({@code positions=true}). */
class MindPositionsTest extends MultiInterestContract {

    @Override
    protected String modelName() {
        return "mind";
    }

    @Override
    protected Map<String, String> extraOptions() {
        return Map.of("positions", "true");
    }

    @Test
    void onlyTheOptionAddsPositionWeightsAndTheyMoveTheInterests() {
        MindConfig with = MindConfig.parse(ModelOptions.parsePairs("positions=true,max_len=16,dim=8"));
        MindConfig without = MindConfig.parse(ModelOptions.parsePairs("max_len=16,dim=8"));
        MindNetwork net = new MindNetwork(10, with, null);
        assertThat(net.getParameters().keys()).contains("positions");
        assertThat(new MindNetwork(10, without, null).getParameters().keys()).doesNotContain("positions");
        assertThat(with.toOptions()).containsEntry("positions", "true");
        assertThat(without.toOptions()).containsEntry("positions", "false");
        // a trained model's position table is (max_len, D) and was trained away from its start
        @SuppressWarnings("unchecked")
        MultiInterestRecommender<MindConfig> trained = (MultiInterestRecommender<MindConfig>) trained();
        assertThat(trained.config().positions()).isTrue();
        var table = ((ai.djl.nn.Block) trained.network())
                .getParameters()
                .get("positions")
                .getArray();
        assertThat(table.getShape())
                .isEqualTo(new Shape(trained.config().common().maxLen(), trained.dim()));
        // the positions are part of the input: zeroing the table changes the interests, and
        // putting it back restores them
        int[] history = {1, 2, 3, 4, 5};
        float[][] before = trained.interests(-1, history);
        ai.djl.ndarray.NDArray saved = table.duplicate();
        table.muli(0);
        float[][] zeroed = trained.interests(-1, history);
        table.addi(saved);
        saved.close();
        assertThat(zeroed[0]).isNotEqualTo(before[0]);
        assertThat(trained.interests(-1, history)).isDeepEqualTo(before);
    }
}
