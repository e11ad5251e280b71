package io.attnrec.core.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.data.LoadOptions;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.prep.PrepConfig;
import io.attnrec.core.report.ModelResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the official u1..u5 folds and the random k-fold fallback; running the protocol. */
class RatingFoldsTest {

    private static void write(Path file, String... lines) throws IOException {
        Files.write(file, List.of(lines));
    }

    @Test
    void officialFoldSharesTheTrainingIdMapAndMarksUnseenUsersAndItems(@TempDir Path dir) throws IOException {
        write(dir.resolve("u1.base"), "1\t10\t5\t100", "1\t20\t3\t101", "2\t10\t4\t102", "2\t30\t1\t103");
        // User 3 and item 40 never appear in training.
        write(dir.resolve("u1.test"), "2\t20\t2\t200", "3\t10\t4\t201", "1\t40\t5\t202");
        assertThat(RatingFolds.hasOfficialFolds(dir)).isTrue();
        assertThat(RatingFolds.hasOfficialFolds(dir.resolve("u1.base"))).isTrue();
        List<RatingFolds.Fold> folds = RatingFolds.read(dir, "auto", LoadOptions.strict(), PrepConfig.none(), 1, 42);
        assertThat(folds).hasSize(1);
        RatingFolds.Fold f = folds.get(0);
        assertThat(f.name()).isEqualTo("u1");
        assertThat(f.train().numUsers()).isEqualTo(2);
        assertThat(f.train().numItems()).isEqualTo(3);
        int user2 = f.data().users().get("2").orElseThrow();
        int item20 = f.data().items().get("20").orElseThrow();
        int item10 = f.data().items().get("10").orElseThrow();
        assertThat(f.testUsers())
                .containsExactly(user2, -1, f.data().users().get("1").orElseThrow());
        assertThat(f.testItems()).containsExactly(item20, item10, 0);
        assertThat(f.testRatings()).containsExactly(2f, 4f, 5f);
        // each test rating keeps its time, for models that read what the user rated before it
        assertThat(f.testTimes()).containsExactly(200L, 201L, 202L);
        assertThat(f.train().ratings()[user2]).containsExactly(4f, 1f);
        assertThat(f.train().timestamps()[user2]).containsExactly(102L, 103L);
        assertThat(f.train().validation()).isEmpty();
    }

    @Test
    void tooManyFoldsForTheOfficialFilesIsAClearError(@TempDir Path dir) throws IOException {
        write(dir.resolve("u1.base"), "1\t10\t5\t100");
        write(dir.resolve("u1.test"), "1\t10\t5\t100");
        assertThatThrownBy(() -> RatingFolds.read(dir, "auto", LoadOptions.strict(), PrepConfig.none(), 6, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 official folds");
        assertThatThrownBy(() -> RatingFolds.read(dir, "auto", LoadOptions.strict(), PrepConfig.none(), 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--folds");
    }

    @Test
    void withoutOfficialFilesTheEventsAreDealtIntoDisjointSeededFolds(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < 103; k++) {
            lines.add((1 + k % 7) + "\t" + (1 + k % 11) + "\t" + (1 + k % 5) + "\t" + (1000 + k));
        }
        Files.write(dir.resolve("u.data"), lines);
        List<RatingFolds.Fold> folds = RatingFolds.read(dir, "auto", LoadOptions.strict(), PrepConfig.none(), 5, 7);
        assertThat(folds)
                .extracting(RatingFolds.Fold::name)
                .containsExactly("fold1", "fold2", "fold3", "fold4", "fold5");
        int total = 0;
        for (RatingFolds.Fold f : folds) {
            total += f.size();
            assertThat(f.size()).isBetween(20, 21);
            assertThat(f.train().numInteractions() + f.size()).isEqualTo(103);
        }
        assertThat(total).isEqualTo(103);
        List<RatingFolds.Fold> again = RatingFolds.read(dir, "auto", LoadOptions.strict(), PrepConfig.none(), 2, 7);
        assertThat(again.get(1).testRatings()).containsExactly(folds.get(1).testRatings());
    }

    @Test
    void protocolReportsMeanAndPerFoldRmseAndMae(@TempDir Path dir) throws IOException {
        RatingFixtures.Planted p = RatingFixtures.planted(40, 25, 3);
        List<String> base = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            for (int k = 0; k < p.train().sequences()[u].length; k++) {
                base.add((u + 1) + "\t" + p.train().sequences()[u][k] + "\t"
                        + (int) p.train().ratings()[u][k] + "\t" + (1000 + k));
            }
        }
        List<String> test = new ArrayList<>();
        for (int k = 0; k < p.testRatings().length; k++) {
            test.add((p.testUsers()[k] + 1) + "\t" + p.testItems()[k] + "\t" + (int) p.testRatings()[k] + "\t5000");
        }
        for (int f = 1; f <= 2; f++) {
            Files.write(dir.resolve("u" + f + ".base"), base);
            Files.write(dir.resolve("u" + f + ".test"), test);
        }
        List<RatingFolds.Fold> folds = RatingFolds.read(dir, "auto", LoadOptions.strict(), PrepConfig.none(), 2, 1);
        List<String> log = new ArrayList<>();
        List<ModelResult> results =
                RatingProtocol.run(folds, ModelSpec.parseList("biasedmf:dim=4,epochs=15"), 3L, log::add);
        assertThat(results).hasSize(1);
        Map<String, Double> m = new HashMap<>(results.get(0).metrics());
        assertThat(m).containsKeys("rmse", "mae", "rmse_u1", "rmse_u2", "mae_u1", "mae_u2");
        assertThat(m.get("rmse"))
                .isCloseTo((m.get("rmse_u1") + m.get("rmse_u2")) / 2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(m.get("mae")).isLessThanOrEqualTo(m.get("rmse")).isGreaterThan(0);
        assertThat(results.get(0).users()).isEqualTo(2 * p.testRatings().length);
        assertThat(log).anyMatch(l -> l.contains("u2: rmse="));
        // a second model is compared with the first, user by user
        List<ModelResult> two = RatingProtocol.run(
                folds, ModelSpec.parseList("biasedmf:dim=4,epochs=15,biasedmf:dim=4,epochs=15,reg=5"), 3L, log::add);
        assertThat(two.get(0).metrics()).doesNotContainKey("neg_user_mse_diff_vs_first");
        Map<String, Double> second = two.get(1).metrics();
        assertThat(second.get("neg_user_mse_t_p_vs_first")).isBetween(0.0, 1.0);
        assertThat(second.get("neg_user_mse_wilcoxon_p_vs_first")).isBetween(0.0, 1.0);
        // two different models differ (the arithmetic of the pairs is checked below)
        assertThat(second.get("neg_user_mse_diff_vs_first")).isFinite().isNotZero();
        assertThat(log).anyMatch(l -> l.contains("neg_user_mse difference"));
        assertThatThrownBy(() -> RatingProtocol.run(folds, ModelSpec.parseList("pop"), 3L, log::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not predict ratings");
    }

    @Test
    void theProtocolAsksEachTestRatingAtItsTimeWithTheHistoryTimes(@TempDir Path dir) throws IOException {
        write(dir.resolve("u1.base"), "1\t10\t5\t100", "1\t20\t3\t150", "2\t10\t4\t102");
        write(dir.resolve("u1.test"), "1\t30\t2\t120", "2\t20\t4\t300", "1\t10\t1\t170");
        RatingFolds.Fold f = RatingFolds.read(dir, "auto", LoadOptions.strict(), PrepConfig.none(), 1, 42)
                .get(0);
        // a probe that answers each request with the number of history ratings given before its time
        RatingPredictor earlier = new RatingPredictor() {
            @Override
            public RatingScale scale() {
                return new RatingScale(0, 10);
            }

            @Override
            public float predict(int user, int[] history, float[] historyRatings, int item) {
                throw new AssertionError("the protocol must pass the times");
            }

            @Override
            public void predictAt(
                    int user,
                    int[] history,
                    float[] historyRatings,
                    long[] historyTimes,
                    int[] items,
                    long[] times,
                    float[] out) {
                for (int k = 0; k < items.length; k++) {
                    long t = times[k];
                    out[k] = java.util.Arrays.stream(historyTimes)
                            .filter(h -> h < t)
                            .count();
                }
            }
        };
        // user 1 rated at 100 and 150: one rating before 120, two before 170; user 2 one before 300
        assertThat(RatingProtocol.predict(earlier, f)).containsExactly(1f, 1f, 2f);
    }

    @Test
    void theUserErrorsArePairedByFoldAndUser(@TempDir Path dir) throws IOException {
        write(dir.resolve("u1.base"), "1\t10\t5\t100", "2\t10\t4\t102");
        write(dir.resolve("u1.test"), "2\t10\t4\t300", "1\t10\t1\t170", "2\t10\t2\t301", "9\t10\t3\t5");
        RatingFolds.Fold f = RatingFolds.read(dir, "auto", LoadOptions.strict(), PrepConfig.none(), 1, 42)
                .get(0);
        float[] predictions = {3, 2, 3, 3};
        // unknown user 9 (id -1) first, then users 1 and 2 by id: -(0), -(1), -((1 + 1) / 2)
        int one = f.data().users().get("1").orElseThrow();
        assertThat(one).isZero();
        assertThat(RatingProtocol.negatedUserMse(predictions, f)).containsExactly(-0.0, -1.0, -1.0);
    }
}
