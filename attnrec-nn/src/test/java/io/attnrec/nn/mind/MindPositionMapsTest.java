package io.attnrec.nn.mind;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Block;
import io.attnrec.nn.multi.MultiInterestContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole multi-interest contract again with one map per history position ({@code position_maps=true}). */
class MindPositionMapsTest extends MultiInterestContract {

    @Override
    protected String modelName() {
        return "mind";
    }

    @Override
    protected Map<String, String> extraOptions() {
        return Map.of("position_maps", "true", "position_gain", "false");
    }

    @Test
    void theMapsAreOnePerPositionSharedByTheInterests() {
        long[] shape = ((Block) trained().network())
                .getParameters().stream()
                        .filter(p -> p.getValue().getName().endsWith("position_maps"))
                        .findFirst()
                        .orElseThrow()
                        .getValue()
                        .getArray()
                        .getShape()
                        .getShape();
        // max_len 16, dim 16: (maxLen, D, D), no interest axis
        assertThat(shape).containsExactly(16, 16, 16);
    }
}
