package io.attnrec.nn.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.attnrec.core.eval.EvalCase;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.Djl;
import io.attnrec.nn.sasrec.SasRec;
import io.attnrec.nn.sasrec.SasRecConfig;
import io.attnrec.nn.train.Trainer;
import io.attnrec.nn.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Real-data benchmark of SASRec (not part of the normal build): trains on the leave-one-out split
 * of a SASRec-format file, validates with NDCG@10 for early stopping, and prints the test HR@10,
 * NDCG@10 and seconds per epoch.
 *
 * <pre>
 * mvn -B -o -pl attnrec-nn -am test -Dnn.excludedGroups=none -Dgroups=bench -Dtest=SasRecBench \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dbench.data=amazon-beauty-bert4rec/beauty.txt \
 *   -Dbench.options=loss=ce,epochs=200 -Dbench.seed=42
 * </pre>
 */
@Tag("bench")
class SasRecBench {

    @Test
    void trainAndEvaluate() throws Exception {
        Path shared = Path.of(System.getProperty("attnrec.shared.data", "../shared/data"));
        Path file = shared.resolve(System.getProperty("bench.data", "amazon-beauty-bert4rec/beauty.txt"));
        assumeTrue(Files.isRegularFile(file), "benchmark data " + file + " is missing");
        run(file);
    }

    /** Runs outside Maven too: {@code java -cp ... io.attnrec.nn.bench.SasRecBench FILE}. */
    public static void main(String[] args) throws Exception {
        run(Path.of(args[0]));
    }

    private static void run(Path file) throws Exception {
        long seed = Long.getLong("bench.seed", 42L);
        String options = System.getProperty("bench.options", "");
        int valUsers = Integer.getInteger("bench.val_users", 0);

        long t0 = System.nanoTime();
        LooData data = LooData.read(file);
        System.out.printf(
                Locale.ROOT,
                "data %s: %d users, %d items, %d training events, read in %.1f s%n",
                file,
                data.train.numUsers(),
                data.train.numItems(),
                data.train.numInteractions(),
                (System.nanoTime() - t0) / 1e9);

        SasRecConfig config = SasRecConfig.parse(ModelOptions.parsePairs(options));
        System.out.println("options " + config.toOptions() + " seed " + seed);
        List<EvalCase> validation = sample(data.train.validation(), valUsers, seed);
        Djl.seed(seed);
        try (SasRec model = SasRec.create(config, data.train.numItems())) {
            TrainingResult r = new Trainer(config.train())
                    .withValidator(m -> LooData.evaluate(m, validation, 10)[1])
                    .fit(model, data.train, seed);
            double trainSeconds =
                    r.epochs().stream().mapToDouble(e -> e.seconds()).sum();
            long te = System.nanoTime();
            double[] test = LooData.evaluate(model, data.test, 10);
            double evalSeconds = (System.nanoTime() - te) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "RESULT %s seed=%d epochs=%d best=%d val_ndcg@10=%.4f test HR@10=%.4f NDCG@10=%.4f"
                            + " s/epoch=%.1f (incl. validation) train=%.0f s test-eval=%.1f s (%.0f users/s)%n",
                    file.getFileName(),
                    seed,
                    r.epochs().size(),
                    r.bestEpoch(),
                    r.bestValidationNdcg(),
                    test[0],
                    test[1],
                    trainSeconds / r.epochs().size(),
                    trainSeconds,
                    evalSeconds,
                    data.test.size() / evalSeconds);
        }
    }

    private static List<EvalCase> sample(List<EvalCase> cases, int n, long seed) {
        if (n <= 0 || n >= cases.size()) {
            return cases;
        }
        List<EvalCase> copy = new ArrayList<>(cases);
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5EEDL);
        for (int i = copy.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            copy.set(i, copy.set(j, copy.get(i)));
        }
        return List.copyOf(copy.subList(0, n));
    }
}
