package io.attnrec.core.baselines.ease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.baselines.TestData;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class EaseModelTest {

    private static final int A = 1;
    private static final int B = 2;
    private static final int C = 3;
    private static final int D = 4;

    private static final int[][] ROWS = {{A, B, C}, {A, B, B}, {B, C, D}, {A, D}, {C}};

    private static final ToDoubleFunction<Recommender> NO_VALIDATION = m -> {
        throw new AssertionError("validation must not run");
    };

    /** B = I - P diag(1/diag P), P = (X^T X + lambda I)^-1, from a Gauss-Jordan inverse. */
    private static double[][] expectedB(int[][] rows, int numItems, double lambda) {
        double[][] g = new double[numItems][numItems];
        for (int[] row : rows) {
            boolean[] has = new boolean[numItems + 1];
            for (int i : row) {
                has[i] = true; // X is binary: the repeated b counts once
            }
            for (int i = 1; i <= numItems; i++) {
                for (int j = 1; j <= numItems; j++) {
                    if (has[i] && has[j]) {
                        g[i - 1][j - 1] += 1;
                    }
                }
            }
        }
        for (int i = 0; i < numItems; i++) {
            g[i][i] += lambda;
        }
        double[][] p = GaussJordan.inverse(g);
        double[][] b = new double[numItems][numItems];
        for (int i = 0; i < numItems; i++) {
            for (int j = 0; j < numItems; j++) {
                b[i][j] = i == j ? 0 : -p[i][j] / p[j][j];
            }
        }
        return b;
    }

    private static EaseConfig fixed(double lambda, int maxItems) {
        return new EaseConfig(lambda, EaseConfig.DEFAULT_GRID, maxItems, 3000, 2);
    }

    @Test
    void weightsMatchTheClosedFormOnASmallMatrix() {
        EaseModel m = EaseModel.train(TestData.of(4, ROWS), fixed(2.0, 100), NO_VALIDATION);
        double[][] expected = expectedB(ROWS, 4, 2.0);
        assertThat(m.size()).isEqualTo(4);
        for (int i = 1; i <= 4; i++) {
            for (int j = 1; j <= 4; j++) {
                assertThat((double) m.weight(i, j))
                        .as("B[%d][%d]", i, j)
                        .isCloseTo(expected[i - 1][j - 1], within(1e-6));
            }
            assertThat(m.weight(i, i)).isZero();
        }
        // Sanity on the reference: b and c co-occur most, so they predict each other positively.
        assertThat(expected[B - 1][C - 1]).isGreaterThan(0.1);
    }

    @Test
    void scoreIsTheSumOfTheHistoryRows() {
        EaseModel m = EaseModel.train(TestData.of(4, ROWS), fixed(2.0, 100), NO_VALIDATION);
        double[][] expected = expectedB(ROWS, 4, 2.0);
        float[] s = new float[5];
        m.score(0, new int[] {C, A, C}, s); // the repeated c counts once
        for (int j = 1; j <= 4; j++) {
            assertThat((double) s[j]).isCloseTo(expected[A - 1][j - 1] + expected[C - 1][j - 1], within(1e-6));
        }
        assertThat(s[0]).isZero();
    }

    @Test
    void onlyTheMostPopularItemsAreModelledAndTheRestRankLast() {
        // Popularity (users): a 3, b 3, c 3, d 2. With max_items = 3, d is left out.
        EaseModel m = EaseModel.train(TestData.of(4, ROWS), fixed(2.0, 3), NO_VALIDATION);
        assertThat(m.size()).isEqualTo(3);
        assertThat(m.covers(D)).isFalse();
        assertThat(m.weight(A, D)).isZero();
        // The covered block is EASE on X without d's column.
        int[][] withoutD = {{A, B, C}, {A, B}, {B, C}, {A}, {C}};
        double[][] expected = expectedB(withoutD, 3, 2.0);
        assertThat((double) m.weight(A, B)).isCloseTo(expected[0][1], within(1e-6));
        assertThat((double) m.weight(C, B)).isCloseTo(expected[2][1], within(1e-6));
        float[] s = new float[5];
        m.score(-1, new int[] {A, D}, s);
        assertThat(Float.isFinite(s[D])).isTrue();
        assertThat(s[D]).isLessThan(Math.min(s[A], Math.min(s[B], s[C])));
        assertThat((double) s[B]).isCloseTo(expected[0][1], within(1e-6)); // d in the history is ignored
    }

    @Test
    void lambdaIsChosenByTheValidationScore() {
        TrainingData data =
                TestData.withValidation(4, List.of(new EvalCase(0, new int[] {A}, new int[] {B}, new int[] {A})), ROWS);
        List<Double> seen = new ArrayList<>();
        // A made-up validation curve peaking at lambda = 200.
        EaseModel m = EaseModel.train(data, EaseConfig.defaults().withLambda(Double.NaN), model -> {
            double l = ((EaseModel) model).lambda();
            seen.add(l);
            return -Math.abs(Math.log(l / 200));
        });
        assertThat(seen).containsExactly(5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0);
        assertThat(m.lambda()).isEqualTo(200.0);
        assertThat(m.tuning()).containsOnlyKeys(5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0);
        assertThat(m.tuning().get(200.0)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void tuningOnFewerItemsRefitsTheChosenLambdaOnAllOfThem() {
        TrainingData data =
                TestData.withValidation(4, List.of(new EvalCase(0, new int[] {A}, new int[] {B}, new int[] {A})), ROWS);
        List<Integer> sizes = new ArrayList<>();
        EaseConfig config = new EaseConfig(Double.NaN, new double[] {1, 4, 16}, 4, 2, 1);
        EaseModel m = EaseModel.train(data, config, model -> {
            sizes.add(((EaseModel) model).size());
            return ((EaseModel) model).lambda() == 4 ? 1 : 0;
        });
        assertThat(sizes).containsExactly(2, 2, 2);
        assertThat(m.size()).isEqualTo(4);
        assertThat(m.lambda()).isEqualTo(4.0);
        assertThat((double) m.weight(B, C)).isCloseTo(expectedB(ROWS, 4, 4.0)[1][2], within(1e-6));
        assertThat(m.tuning()).containsEntry(4.0, 1.0);
    }

    @Test
    void withoutValidationCasesTheFallbackLambdaIsUsed() {
        EaseModel m = EaseModel.train(TestData.of(4, ROWS), EaseConfig.defaults(), NO_VALIDATION);
        assertThat(m.lambda()).isEqualTo(EaseConfig.FALLBACK_LAMBDA);
    }

    @Test
    void explanationGivesTheWeightOfEachHistoryItem() {
        EaseModel m = EaseModel.train(TestData.of(4, ROWS), fixed(2.0, 100), NO_VALIDATION);
        Explanation e = m.explain(0, new int[] {A, C}, B);
        assertThat(e.contributions()).hasSize(2);
        for (Explanation.Contribution c : e.contributions()) {
            assertThat(c.weight()).isEqualTo(m.weight(c.item(), B));
        }
        assertThat(e.contributions().get(0).weight())
                .isGreaterThanOrEqualTo(e.contributions().get(1).weight());
    }

    @Test
    void optionsAreParsedAndChecked() {
        EaseConfig c = EaseConfig.from(new ModelOptions(Map.of("lambda_grid", "10|20 30,40", "max_items", "500")));
        assertThat(c.lambdaGrid()).containsExactly(10, 20, 30, 40);
        assertThat(c.maxItems()).isEqualTo(500);
        assertThat(c.tunesLambda()).isTrue();
        assertThat(EaseConfig.from(new ModelOptions(Map.of("lambda", "250"))).lambda())
                .isEqualTo(250.0);
        assertThatThrownBy(() -> EaseConfig.from(new ModelOptions(Map.of("lambda", "-5"))))
                .hasMessageContaining("lambda must be a number > 0");
        assertThatThrownBy(() -> EaseConfig.from(new ModelOptions(Map.of("lambda", "0"))))
                .hasMessageContaining("lambda");
        assertThatThrownBy(() -> EaseConfig.from(new ModelOptions(Map.of("lambda", "NaN"))))
                .hasMessageContaining("lambda");
        assertThatThrownBy(() -> EaseConfig.from(new ModelOptions(Map.of("lambda_grid", "10|x"))))
                .hasMessageContaining("'x'");
        assertThatThrownBy(() -> EaseConfig.from(new ModelOptions(Map.of("lambda_grid", "10|-1"))))
                .hasMessageContaining("lambda_grid");
        assertThatThrownBy(() -> EaseConfig.from(new ModelOptions(Map.of("max_items", "0"))))
                .hasMessageContaining("max_items");
        assertThatThrownBy(() -> EaseConfig.from(new ModelOptions(Map.of("lamda", "5"))))
                .hasMessageContaining("lamda");
    }
}
