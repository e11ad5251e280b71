package io.attnrec.nn.lstmattn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.testing.SequenceModelContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LstmAttnTest extends SequenceModelContract {

    @Override
    protected String modelName() {
        return "lstm-attn";
    }

    @Override
    protected Map<String, String> smallOptions() {
        return Map.of(
                "max_len", "12",
                "dim", "32",
                "heads", "2",
                "dropout", "0.1",
                "epochs", "15",
                "batch_size", "32",
                "lr", "0.01",
                "progress", "false");
    }

    @Test
    void configRoundTripsAndHeadsMustDivideDim() {
        LstmAttnConfig c = LstmAttnConfig.parse(ModelOptions.parsePairs("dim=48,heads=3,loss=sampled"));
        assertThat(LstmAttnConfig.parse(new ModelOptions(c.toOptions()))).isEqualTo(c);
        assertThatThrownBy(() -> LstmAttnConfig.parse(ModelOptions.parsePairs("dim=50,heads=3")))
                .hasMessageContaining("heads");
    }
}
