package io.attnrec.nn.comirec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.multi.MultiInterestContract;
import org.junit.jupiter.api.Test;

class ComiRecDrTest extends MultiInterestContract {

    @Override
    protected String modelName() {
        return "comirec-dr";
    }

    @Test
    void rejectsZeroRoutingIterations() {
        assertThatThrownBy(() -> provider().train(SPLIT.train(), ModelOptions.parsePairs("iterations=0"), 1L))
                .hasMessageContaining("iterations");
    }
}
