package io.attnrec.nn.mind;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.multi.MultiInterestContract;
import io.attnrec.nn.multi.MultiInterestRecommender;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole multi-interest contract again with the published shared map, without the learned gain
 * per history position that MIND has by default ({@code position_gain=false}).
 */
class MindPositionGainTest extends MultiInterestContract {

    @Override
    protected String modelName() {
        return "mind";
    }

    @Override
    protected Map<String, String> extraOptions() {
        return Map.of("position_gain", "false");
    }

    @Test
    void theGainsAreOnByDefaultOnePerPositionAndDimensionAndOnlyThere() {
        MindConfig with = MindConfig.parse(ModelOptions.parsePairs("max_len=16,dim=8"));
        MindConfig without = MindConfig.parse(ModelOptions.parsePairs("position_gain=false,max_len=16,dim=8"));
        assertThat(with.positionGain()).isTrue();
        assertThat(gain(new MindNetwork(10, without, null))).isNull();
        Parameter gain = gain(new MindNetwork(10, with, null));
        assertThat(gain).isNotNull();
        assertThat(gain.requiresGradient()).isTrue();
        assertThat(without.toOptions()).containsEntry("position_gain", "false");
        assertThat(MindConfig.parse(new ModelOptions(without.toOptions())).positionGain())
                .isFalse();
    }

    @Test
    void aModelSavedBeforeTheOptionExistedLoadsWithoutTheGains(@TempDir Path dir) throws Exception {
        MultiInterestRecommender<MindConfig> trained = (MultiInterestRecommender<MindConfig>) trained();
        trained.save(dir);
        // drop the key, as format-5 manifests written before the option existed lack it; the
        // migration to format 6 rebuilds them without gains, as they were trained
        OldManifests.dropOption(dir, "position_gain", "false", 5);
        try (MultiInterestRecommender<MindConfig> loaded = new MindProvider().load(dir)) {
            assertThat(loaded.config().positionGain()).isFalse();
            assertThat(gain((Block) loaded.network())).isNull();
            int[] history = {1, 2, 3, 4, 5};
            assertThat(loaded.interests(-1, history)).isDeepEqualTo(trained.interests(-1, history));
        }
    }

    /** The network's {@code position_gain} parameter, or null. */
    static Parameter gain(Block block) {
        return block.getParameters().get("position_gain");
    }
}
