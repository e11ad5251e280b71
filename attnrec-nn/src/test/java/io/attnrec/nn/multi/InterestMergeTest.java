package io.attnrec.nn.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.prep.PrepConfig;
import io.attnrec.core.prep.Preparer;
import io.attnrec.core.split.Split;
import io.attnrec.core.split.UserSplitter;
import io.attnrec.core.synth.SynthConfig;
import io.attnrec.core.synth.SyntheticWorld;
import io.attnrec.nn.Djl;
import io.attnrec.nn.model.NeuralFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code merge} of the interests' scores (issue 19, session 12): {@code max} is the largest
 * dot product, {@code logprob} the largest per-interest log-softmax over every item, {@code
 * mixture} the log of the mean per-interest softmax probability — checked by hand against the
 * model's own interests and item table, on a MIND model whose order-aware interest is not squashed
 * (so the interests' scales differ, which is when the merges disagree).
 */
class InterestMergeTest {

    private static final Dataset DATA = Preparer.prepare(
            SyntheticWorld.generate(SynthConfig.defaults()
                            .withUsers(200)
                            .withItems(60)
                            .withInterests(3)
                            .withTopics(4)
                            .withEvents(8, 16)
                            .withSeed(5))
                    .toRawData(),
            PrepConfig.none());

    private static final Split SPLIT = new UserSplitter(UserSplitter.Config.defaults(3)).split(DATA);

    private static MultiInterestRecommender<?> train(String merge) {
        Map<String, String> o = new HashMap<>(Map.of(
                "dim", "8",
                "interests", "3",
                "max_len", "16",
                "epochs", "2",
                "batch_size", "32",
                "negatives", "20",
                "val_users", "20",
                "context", "1",
                "progress", "false"));
        o.put("merge", merge);
        o.put("prune_cosine", "1");
        return (MultiInterestRecommender<?>) Models.require("mind").train(SPLIT.train(), new ModelOptions(o), 9L);
    }

    /** Per-interest dot products {@code [k][item]}. */
    private static double[][] dots(float[][] interests, float[][] table) {
        double[][] out = new double[interests.length][table.length];
        for (int k = 0; k < interests.length; k++) {
            for (int i = 0; i < table.length; i++) {
                double d = 0;
                for (int x = 0; x < table[i].length; x++) {
                    d += (double) interests[k][x] * table[i][x];
                }
                out[k][i] = d;
            }
        }
        return out;
    }

    /** log sum_i exp(row[i]) over every column (the padding row included, as the model does). */
    static double logSumExp(double[] row) {
        double top = Double.NEGATIVE_INFINITY;
        for (double v : row) {
            top = Math.max(top, v);
        }
        double s = 0;
        for (double v : row) {
            s += Math.exp(v - top);
        }
        return top + Math.log(s);
    }

    @Test
    void mergesAreWhatTheySayAndSaved(@TempDir Path dir) throws Exception {
        try (MultiInterestRecommender<?> model = train("logprob")) {
            assertThat(model.options()).containsEntry("merge", "logprob");
            // the normalised merges cannot be served as plain dot products
            assertThat(model.factorTable()).isNull();
            MultiInterestRecommender<?> max = model.withReadout(1, 1, AggregationConfig.Merge.MAX);
            MultiInterestRecommender<?> mixture = model.withReadout(1, 1, AggregationConfig.Merge.MIXTURE);
            assertThat(max.factorTable()).isNotNull();
            float[][] table = model.itemTable();
            int differ = 0;
            for (EvalCase c : SPLIT.test().subList(0, 10)) {
                float[][] v = model.interests(-1, c.history());
                assertThat(v).as("MIND's interests and the order-aware one").hasNumberOfRows(v.length);
                double[][] d = dots(v, table);
                double[] lse = new double[v.length];
                for (int k = 0; k < v.length; k++) {
                    lse[k] = logSumExp(d[k]);
                }
                float[] sLog = new float[table.length];
                float[] sMax = new float[table.length];
                float[] sMix = new float[table.length];
                model.score(-1, c.history(), sLog);
                max.score(-1, c.history(), sMax);
                mixture.score(-1, c.history(), sMix);
                for (int i = 1; i < table.length; i++) {
                    double bestDot = Double.NEGATIVE_INFINITY;
                    double bestLog = Double.NEGATIVE_INFINITY;
                    double mean = 0;
                    for (int k = 0; k < v.length; k++) {
                        bestDot = Math.max(bestDot, d[k][i]);
                        bestLog = Math.max(bestLog, d[k][i] - lse[k]);
                        mean += Math.exp(d[k][i] - lse[k]) / v.length;
                    }
                    assertThat((double) sMax[i]).isCloseTo(bestDot, within(1e-3));
                    assertThat((double) sLog[i]).isCloseTo(bestLog, within(1e-3));
                    assertThat((double) sMix[i]).isCloseTo(Math.log(mean), within(1e-3));
                }
                if (!top(sLog, 10).equals(top(sMax, 10))) {
                    differ++;
                }
            }
            assertThat(differ)
                    .as("users whose top 10 changes when the interests are normalised")
                    .isPositive();
            float[] before = new float[table.length];
            int[] history = SPLIT.test().get(0).history();
            model.score(-1, history, before);
            model.save(dir);
            try (MultiInterestRecommender<?> loaded =
                    (MultiInterestRecommender<?>) Models.require("mind").load(dir)) {
                assertThat(loaded.retrieval().merge()).isEqualTo(AggregationConfig.Merge.LOGPROB);
                float[] after = new float[table.length];
                loaded.score(-1, history, after);
                assertThat(after).containsExactly(before, within(1e-5f));
            }
        }
    }

    /** The {@code n} best items (1..N), as a set. */
    private static java.util.Set<Integer> top(float[] s, int n) {
        return java.util.stream.IntStream.range(1, s.length)
                .boxed()
                .sorted((a, b) -> Float.compare(s[b], s[a]))
                .limit(n)
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void mergedObjectiveIsTheCrossEntropyOfTheRankingScores() {
        try (NDManager m = Djl.newManager()) {
            Djl.noGrad();
            // two users with the same two interests in R^2 (2, 0) and (0, 1), the second switched off
            // for the second user; items (0, 0) (padding), (1, 0), (0, 1), (1, 1)
            NDArray interests = m.create(new float[] {2, 0, 0, 1, 2, 0, 0, 1}, new Shape(2, 2, 2));
            NDArray active = m.create(new float[] {1, 1, 1, 0}, new Shape(2, 2));
            NDArray flat = m.create(new float[] {0, 0, 1, 0, 0, 1, 1, 1}, new Shape(4, 2));
            NDArray targets = m.create(new long[] {3, 2});
            MultiInterestNetwork.Encoded e = new MultiInterestNetwork.Encoded(interests, active, active);
            // dots per interest over items 0..3: k0 = (0, 2, 0, 2), k1 = (0, 0, 1, 1)
            double[][] d = {{0, 2, 0, 2}, {0, 0, 1, 1}};
            for (AggregationConfig.Merge merge : AggregationConfig.Merge.values()) {
                double[][] rows = new double[2][4];
                for (int i = 0; i < 4; i++) {
                    double a = d[0][i];
                    double b = d[1][i];
                    double la = a - logSumExp(d[0]);
                    double lb = b - logSumExp(d[1]);
                    rows[0][i] = switch (merge) {
                        case MAX -> Math.max(a, b);
                        case LOGPROB -> Math.max(la, lb);
                        case MIXTURE -> Math.log((Math.exp(la) + Math.exp(lb)) / 2);
                    };
                    // the second row has interest 0 only
                    rows[1][i] = merge == AggregationConfig.Merge.MAX ? a : la;
                }
                double expected = -((rows[0][3] - logSumExp(rows[0])) + (rows[1][2] - logSumExp(rows[1]))) / 2;
                float got = MultiInterestTrainer.mergedSoftmax(e, flat, targets, merge)
                        .getFloat();
                assertThat((double) got).as(merge.key()).isCloseTo(expected, within(1e-4));
            }
        }
    }

    @Test
    void modelsSavedBeforeTheKeysExistRankAndTrainAsBefore(@TempDir Path dir) throws Exception {
        for (String model : new String[] {"comirec-sa", "comirec-dr", "mind"}) {
            Files.writeString(dir.resolve(NeuralFiles.MANIFEST), """
                    {"format": 4, "model": "%s", "num_items": 3,
                     "options": {"dim": "8", "interests": "2"}, "extras": {}}
                    """.formatted(model));
            assertThat(NeuralFiles.read(dir, model).options())
                    .containsEntry("merge", "max")
                    .containsEntry("objective", "readout");
        }
        Files.writeString(dir.resolve(NeuralFiles.MANIFEST), """
                {"format": 4, "model": "sasrec", "num_items": 3, "options": {"dim": "8"}, "extras": {}}
                """);
        assertThat(NeuralFiles.read(dir, "sasrec").options()).doesNotContainKeys("merge", "objective");
    }

    @Test
    void rejectsAnUnknownMergeByName() {
        assertThatThrownBy(() -> train("sum")).hasMessage("merge must be max, logprob or mixture, not 'sum'");
    }
}
