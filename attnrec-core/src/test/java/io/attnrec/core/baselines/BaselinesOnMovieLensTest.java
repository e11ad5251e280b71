package io.attnrec.core.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.attnrec.core.baselines.ease.EaseConfig;
import io.attnrec.core.baselines.ease.EaseModel;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real-data check on MovieLens-100K (leave-one-out, full ranking, the independent NDCG@10 of
 * {@link TestData}): every personalised baseline must clearly beat popularity. Skipped when the
 * shared data folder is absent.
 *
 * <p>Measured when written: Pop 0.043, ItemKNN 0.055, EASE (lambda 500) 0.074, BPR 0.065.
 */
class BaselinesOnMovieLensTest {

    private static TestData.Loo loo;
    private static double pop;

    @BeforeAll
    static void load() throws IOException {
        Path file = Path.of(System.getProperty("attnrec.shared.data", "../shared/data"), "ml-100k", "u.data");
        assumeTrue(Files.isRegularFile(file), "MovieLens-100K not found at " + file + "; real-data check skipped");
        loo = TestData.fileLoo(file);
        pop = ndcg("pop", Map.of());
    }

    private static double ndcg(String name, Map<String, String> options) {
        Recommender m = Models.require(name).train(loo.train(), new ModelOptions(options), 1L);
        return TestData.ndcgAt10(m, loo.test());
    }

    @Test
    void dataIsTheFullSet() {
        assertThat(loo.train().numUsers()).isEqualTo(943);
        assertThat(loo.train().numItems()).isEqualTo(1682);
        assertThat(loo.train().numInteractions()).isEqualTo(100_000 - 2 * 943);
        assertThat(pop).isBetween(0.03, 0.06);
    }

    @Test
    void itemKnnBeatsPop() {
        assertThat(ndcg("itemknn", Map.of())).isGreaterThan(1.15 * pop);
    }

    @Test
    void easeBeatsPop() {
        assertThat(ndcg("ease", Map.of("lambda", "500"))).isGreaterThan(1.5 * pop);
    }

    @Test
    void bprBeatsPop() {
        assertThat(ndcg("bpr", Map.of())).isGreaterThan(1.3 * pop);
    }

    @Test
    void easeTunedOnValidationPicksAGoodLambda() {
        EaseConfig config = new EaseConfig(Double.NaN, new double[] {20, 500, 5000}, 2000, 2000, 2);
        EaseModel m = EaseModel.train(
                loo.train(),
                config,
                model -> TestData.ndcgAt10(model, loo.train().validation()));
        assertThat(m.tuning()).hasSize(3);
        double best = m.tuning().values().stream()
                .mapToDouble(Double::doubleValue)
                .max()
                .orElseThrow();
        assertThat(m.tuning().get(m.lambda())).isEqualTo(best);
        assertThat(TestData.ndcgAt10(m, loo.test())).isGreaterThan(1.5 * pop);
    }
}
