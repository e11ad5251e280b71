package io.attnrec.nn.comirec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.multi.MultiInterestContract;
import org.junit.jupiter.api.Test;

class ComiRecSaTest extends MultiInterestContract {

    @Override
    protected String modelName() {
        return "comirec-sa";
    }

    @Test
    void rejectsAnEmptyAttention() {
        assertThatThrownBy(() -> provider().train(SPLIT.train(), ModelOptions.parsePairs("attention_size=0"), 1L))
                .hasMessageContaining("attention_size");
        assertThatThrownBy(() -> provider().train(SPLIT.train(), ModelOptions.parsePairs("positions=maybe"), 1L))
                .hasMessageContaining("positions");
    }
}
