package io.attnrec.nn.comirec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.multi.MultiInterestContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole multi-interest contract again with the paper's maps, one per history position and
 * interest ({@code maps=position}); {@link ComiRecDrTest} runs it with the default, one map per
 * interest.
 */
class ComiRecDrPositionMapsTest extends MultiInterestContract {

    @Override
    protected String modelName() {
        return "comirec-dr";
    }

    @Override
    protected Map<String, String> extraOptions() {
        return Map.of("maps", "position");
    }

    @Test
    void sharedMapsHaveOnePositionRow() {
        // the default: (1, D, K * D)
        ComiRecDrConfig shared = ComiRecDrConfig.parse(ModelOptions.parsePairs("max_len=16,dim=8"));
        ComiRecDrNetwork net = new ComiRecDrNetwork(10, shared, null);
        assertThat(net.getParameters().get("bilinear").getShape().get(0)).isEqualTo(1);
        assertThat(shared.toOptions()).containsEntry("maps", "interest");
        // per position: (maxLen, D, K * D)
        ComiRecDrConfig perPosition = ComiRecDrConfig.parse(ModelOptions.parsePairs("maps=position,max_len=16,dim=8"));
        assertThat(new ComiRecDrNetwork(10, perPosition, null)
                        .getParameters()
                        .get("bilinear")
                        .getShape()
                        .get(0))
                .isEqualTo(16);
    }

    @Test
    void rejectsUnknownMaps() {
        assertThatThrownBy(() -> ComiRecDrConfig.parse(ModelOptions.parsePairs("maps=item")))
                .hasMessageContaining("maps must be position or interest");
    }
}
