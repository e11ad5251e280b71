package io.attnrec.nn.comirec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.multi.MultiInterestContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole multi-interest contract again with one bilinear map per interest ({@code maps=interest}). */
class ComiRecDrSharedMapsTest extends MultiInterestContract {

    @Override
    protected String modelName() {
        return "comirec-dr";
    }

    @Override
    protected Map<String, String> extraOptions() {
        return Map.of("maps", "interest");
    }

    @Test
    void sharedMapsHaveOnePositionRow() {
        ComiRecDrConfig config = ComiRecDrConfig.parse(ModelOptions.parsePairs("maps=interest,max_len=16,dim=8"));
        ComiRecDrNetwork net = new ComiRecDrNetwork(10, config, null);
        // (1, D, K * D) instead of (maxLen, D, K * D)
        assertThat(net.getParameters().get("bilinear").getShape().get(0)).isEqualTo(1);
        assertThat(config.toOptions()).containsEntry("maps", "interest");
    }

    @Test
    void rejectsUnknownMaps() {
        assertThatThrownBy(() -> ComiRecDrConfig.parse(ModelOptions.parsePairs("maps=item")))
                .hasMessageContaining("maps must be position or interest");
    }
}
