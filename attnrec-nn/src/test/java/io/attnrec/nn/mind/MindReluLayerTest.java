package io.attnrec.nn.mind;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.multi.MultiInterestContract;
import io.attnrec.nn.multi.MultiInterestRecommender;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole multi-interest contract again with the ReLU layer after routing ({@code relu=true}). */
class MindReluLayerTest extends MultiInterestContract {

    @Override
    protected String modelName() {
        return "mind";
    }

    @Override
    protected Map<String, String> extraOptions() {
        return Map.of("relu", "true");
    }

    @Test
    void onlyTheLayerHasOutputWeights() {
        MindConfig with = MindConfig.parse(ModelOptions.parsePairs("relu=true,max_len=16,dim=8"));
        MindConfig without = MindConfig.parse(ModelOptions.parsePairs("max_len=16,dim=8"));
        // DJL prefixes child names with their order ("02output")
        assertThat(new MindNetwork(10, with, null).getChildren().keys()).anyMatch(k -> k.endsWith("output"));
        assertThat(new MindNetwork(10, without, null).getChildren().keys()).noneMatch(k -> k.endsWith("output"));
        assertThat(with.toOptions()).containsEntry("relu", "true");
        assertThat(MindConfig.parse(new ModelOptions(with.toOptions())).relu()).isTrue();
    }

    @Test
    void aModelSavedBeforeTheOptionExistedLoadsWithItsLayer(@TempDir Path dir) throws Exception {
        MultiInterestRecommender<MindConfig> trained = (MultiInterestRecommender<MindConfig>) trained();
        trained.save(dir);
        // drop the key, as format-1 manifests written before the option existed lack it; the
        // migration from format 1 puts the layer back
        OldManifests.dropOption(dir, "relu", "true", 1);
        try (MultiInterestRecommender<MindConfig> loaded = new MindProvider().load(dir)) {
            assertThat(loaded.config().relu()).isTrue();
            int[] history = {1, 2, 3, 4, 5};
            assertThat(loaded.interests(-1, history)).isDeepEqualTo(trained.interests(-1, history));
        }
    }
}
