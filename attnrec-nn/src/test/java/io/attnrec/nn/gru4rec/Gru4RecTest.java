package io.attnrec.nn.gru4rec;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.testing.SequenceModelContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Gru4RecTest extends SequenceModelContract {

    @Override
    protected String modelName() {
        return "gru4rec";
    }

    @Override
    protected Map<String, String> smallOptions() {
        return Map.of(
                "max_len", "12",
                "dim", "32",
                "dropout", "0.1",
                "epochs", "15",
                "batch_size", "32",
                "lr", "0.01",
                "progress", "false");
    }

    @Test
    void configRoundTrips() {
        Gru4RecConfig c = Gru4RecConfig.parse(ModelOptions.parsePairs("dim=16,layers=2,loss=bce"));
        assertThat(Gru4RecConfig.parse(new ModelOptions(c.toOptions()))).isEqualTo(c);
    }
}
