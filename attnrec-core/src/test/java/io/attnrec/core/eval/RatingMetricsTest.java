package io.attnrec.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RatingMetricsTest {

    @Test
    void rmseAndMaeOfAKnownTable() {
        // Errors 0.5, -1, 2, 0: squared mean (0.25 + 1 + 4 + 0) / 4 = 1.3125; absolute mean 0.875.
        float[] predicted = {3.5f, 2f, 5f, 4f};
        float[] actual = {3f, 3f, 3f, 4f};
        assertThat(RatingMetrics.rmse(predicted, actual)).isCloseTo(Math.sqrt(1.3125), within(1e-12));
        assertThat(RatingMetrics.mae(predicted, actual)).isCloseTo(0.875, within(1e-12));
        assertThat(RatingMetrics.rmse(actual, actual)).isZero();
    }

    @Test
    void mismatchedEmptyOrNanInputsAreRejected() {
        assertThatThrownBy(() -> RatingMetrics.rmse(new float[2], new float[3]))
                .hasMessage("2 predictions for 3 ratings; they must match one to one");
        assertThatThrownBy(() -> RatingMetrics.mae(new float[0], new float[0])).hasMessage("no ratings to compare");
        assertThatThrownBy(() -> RatingMetrics.mae(new float[] {1, Float.NaN}, new float[2]))
                .hasMessage("prediction 1 is NaN");
    }
}
