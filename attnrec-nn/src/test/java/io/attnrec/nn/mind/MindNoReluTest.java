package io.attnrec.nn.mind;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.multi.MultiInterestContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole multi-interest contract again without the ReLU layer after routing ({@code relu=false}). */
class MindNoReluTest extends MultiInterestContract {

    @Override
    protected String modelName() {
        return "mind";
    }

    @Override
    protected Map<String, String> extraOptions() {
        return Map.of("relu", "false");
    }

    @Test
    void withoutTheLayerTheNetworkHasNoOutputWeights() {
        MindConfig without = MindConfig.parse(ModelOptions.parsePairs("relu=false,max_len=16,dim=8"));
        MindConfig with = MindConfig.parse(ModelOptions.parsePairs("max_len=16,dim=8"));
        // DJL prefixes child names with their order ("02output")
        assertThat(new MindNetwork(10, without, null).getChildren().keys()).noneMatch(k -> k.endsWith("output"));
        assertThat(new MindNetwork(10, with, null).getChildren().keys()).anyMatch(k -> k.endsWith("output"));
        // a saved model reads its setting back from the manifest's options
        assertThat(without.toOptions()).containsEntry("relu", "false");
        assertThat(MindConfig.parse(new ModelOptions(without.toOptions())).relu())
                .isFalse();
    }
}
