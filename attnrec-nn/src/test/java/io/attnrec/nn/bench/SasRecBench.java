package io.attnrec.nn.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.split.Split;
import io.attnrec.nn.Djl;
import io.attnrec.nn.gru4rec.Gru4RecConfig;
import io.attnrec.nn.gru4rec.Gru4RecProvider;
import io.attnrec.nn.lstmattn.LstmAttnConfig;
import io.attnrec.nn.lstmattn.LstmAttnProvider;
import io.attnrec.nn.sasrec.SasRecConfig;
import io.attnrec.nn.sasrec.SasRecProvider;
import io.attnrec.nn.seq.SequenceRecommender;
import io.attnrec.nn.train.TrainConfig;
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
 * Real-data benchmark of the sequential models (not part of the normal build): loads a data set
 * with the core loaders, cuts the leave-one-out split, trains with early stopping on validation
 * NDCG@10 and prints the test HR@10 / NDCG@10 of the evaluator and the seconds per epoch.
 *
 * <pre>
 * mvn -B -o -pl attnrec-nn -am test -Dnn.excludedGroups=none -Dgroups=bench -Dtest=SasRecBench \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dbench.data=amazon-beauty-bert4rec \
 *   -Dbench.model=sasrec -Dbench.options=loss=ce,epochs=200 -Dbench.seed=42
 * </pre>
 *
 * or outside Maven: {@code java -cp ... io.attnrec.nn.bench.SasRecBench PATH} with the same
 * {@code -Dbench.*} properties.
 */
@Tag("bench")
class SasRecBench {

    @Test
    void trainAndEvaluate() throws Exception {
        Path shared = Path.of(System.getProperty("attnrec.shared.data", "../shared/data"));
        Path path = shared.resolve(System.getProperty("bench.data", "amazon-beauty-bert4rec"));
        assumeTrue(Files.exists(path), "benchmark data " + path + " is missing");
        run(path);
    }

    public static void main(String[] args) throws Exception {
        run(Path.of(args[0]));
    }

    private static void run(Path path) throws Exception {
        long seed = Long.getLong("bench.seed", 42L);
        String modelName = System.getProperty("bench.model", "sasrec");
        String options = System.getProperty("bench.options", "");
        int valUsers = Integer.getInteger("bench.val_users", 0);

        long t0 = System.nanoTime();
        Dataset data = Experiments.load(DataSpec.of(path), System.out::println);
        Split split = Experiments.split(data, "loo", seed);
        System.out.printf(
                Locale.ROOT,
                "data %s: %d users, %d items, %d training events, %d test cases, read in %.1f s%n",
                path,
                data.numUsers(),
                data.numItems(),
                split.train().numInteractions(),
                split.test().size(),
                (System.nanoTime() - t0) / 1e9);

        ModelOptions parsed = ModelOptions.parsePairs(options);
        System.out.println("model " + modelName + " options " + parsed + " seed " + seed);
        List<EvalCase> validation = sample(split.validation(), valUsers, seed);
        EvalConfig ten = EvalConfig.defaults().withKs(10);
        Evaluator validator = new Evaluator(ten, split.train());

        Djl.seed(seed);
        SequenceRecommender model;
        TrainConfig train;
        switch (modelName) {
            case "sasrec" -> {
                SasRecConfig c = SasRecConfig.parse(parsed);
                model = new SasRecProvider().create(c, data.numItems());
                train = c.train();
            }
            case "gru4rec" -> {
                Gru4RecConfig c = Gru4RecConfig.parse(parsed);
                model = new Gru4RecProvider().create(c, data.numItems());
                train = c.train();
            }
            case "lstm-attn" -> {
                LstmAttnConfig c = LstmAttnConfig.parse(parsed);
                model = new LstmAttnProvider().create(c, data.numItems());
                train = c.train();
            }
            default -> throw new IllegalArgumentException("no bench for model " + modelName);
        }
        TrainingResult r = new Trainer(train)
                .withValidator(m -> validator.evaluate(m, validation).metric("ndcg@10"))
                .fit(model, split.train(), seed);
        double trainSeconds = r.epochs().stream().mapToDouble(e -> e.seconds()).sum();
        EvaluationResult test = new Evaluator(EvalConfig.defaults(), split.train()).evaluate(model, split.test());
        System.out.printf(
                Locale.ROOT,
                "RESULT %s %s seed=%d epochs=%d best=%d val_ndcg@10=%.4f test HR@10=%.4f NDCG@10=%.4f"
                        + " s/epoch=%.1f (incl. validation) train=%.0f s test-eval=%.1f s (%.0f users/s)%n",
                path.getFileName(),
                modelName,
                seed,
                r.epochs().size(),
                r.bestEpoch(),
                r.bestValidationNdcg(),
                test.metric("hr@10"),
                test.metric("ndcg@10"),
                trainSeconds / r.epochs().size(),
                trainSeconds,
                test.seconds(),
                test.users() / test.seconds());
        model.close();
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
