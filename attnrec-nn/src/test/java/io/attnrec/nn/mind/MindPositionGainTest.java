package io.attnrec.nn.mind;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.multi.MultiInterestContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole multi-interest contract again with a learned gain per history position on the shared
 * map's output ({@code position_gain=true}).
 */
class MindPositionGainTest extends MultiInterestContract {

    @Override
    protected String modelName() {
        return "mind";
    }

    @Override
    protected Map<String, String> extraOptions() {
        return Map.of("position_gain", "true");
    }

    @Test
    void onlyTheOptionAddsTheGainsOnePerPositionAndDimension() {
        MindConfig with = MindConfig.parse(ModelOptions.parsePairs("position_gain=true,max_len=16,dim=8"));
        MindConfig without = MindConfig.parse(ModelOptions.parsePairs("max_len=16,dim=8"));
        assertThat(without.positionGain()).isFalse();
        assertThat(gain(new MindNetwork(10, without, null))).isNull();
        Parameter gain = gain(new MindNetwork(10, with, null));
        assertThat(gain).isNotNull();
        assertThat(gain.requiresGradient()).isTrue();
        assertThat(with.toOptions()).containsEntry("position_gain", "true");
        assertThat(MindConfig.parse(new ModelOptions(with.toOptions())).positionGain())
                .isTrue();
    }

    @Test
    void trainingMovesTheGainsOffTheirStartAndTheNewestPositionsMoveDifferentlyFromTheOldest() {
        Parameter gain = gain((Block) trained().network());
        // (maxLen, D), started at 1
        float[] values = gain.getArray().toFloatArray();
        int dim = (int) gain.getArray().getShape().get(1);
        int rows = values.length / dim;
        double newest = 0;
        double oldest = 0;
        double moved = 0;
        for (int d = 0; d < dim; d++) {
            newest += values[(rows - 1) * dim + d];
            oldest += values[d];
        }
        for (float v : values) {
            moved = Math.max(moved, Math.abs(v - 1));
        }
        assertThat(moved).isGreaterThan(1e-3);
        assertThat(newest).isNotEqualTo(oldest);
    }

    private static Parameter gain(Block block) {
        return block.getParameters().stream()
                .filter(p -> p.getValue().getName().endsWith("position_gain"))
                .map(p -> p.getValue())
                .findFirst()
                .orElse(null);
    }
}
