package io.attnrec.cli.bench;

import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.experiment.TrainedModel;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.split.Split;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Full-ranking evaluation throughput (users per second) on one data set, for each given model,
 * with 1 thread and with all cores; median of several repeats. Run by {@code bench/eval-speed.sh}.
 *
 * <p>Arguments: DATA_PATH [MODELS=pop,ease] [REPEATS=5] [THREADS=1,cores]. Besides wall-clock
 * users/s it prints users per CPU-second of the whole process (all threads, native ones included),
 * which on a shared machine says what the code costs rather than what the other jobs left over,
 * and the 1-minute load average before each measurement.
 */
public final class EvalSpeed {

    private EvalSpeed() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String models = args.length > 1 ? args[1] : "pop,ease";
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int[] threadCounts = args.length > 3
                ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, Runtime.getRuntime().availableProcessors()};
        Dataset d = Experiments.load(DataSpec.of(data), System.err::println);
        Split split = Experiments.split(d, "loo", 42L);
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(
                Locale.ROOT,
                "data %s: %d test users x %d items, %d cores%n",
                d.name(),
                split.test().size(),
                d.numItems(),
                cores);
        for (ModelSpec spec : ModelSpec.parseList(models)) {
            TrainedModel trained = Experiments.train(split, spec, 42L);
            for (int threads : threadCounts) {
                EvalConfig config = new EvalConfig(new int[] {5, 10, 20}, threads, 0, 42L);
                Evaluator evaluator = new Evaluator(config, split.train());
                evaluator.evaluate(trained.model(), split.test()); // warm-up: JIT and caches
                double[] rates = new double[repeats];
                double[] perCpu = new double[repeats];
                double ndcg = 0;
                String load = Machine.load();
                for (int r = 0; r < repeats; r++) {
                    long c0 = Machine.cpuNanos();
                    EvaluationResult res = evaluator.evaluate(trained.model(), split.test());
                    rates[r] = res.users() / res.seconds();
                    perCpu[r] = res.users() / ((Machine.cpuNanos() - c0) / 1e9);
                    ndcg = res.metric("ndcg@10");
                }
                Arrays.sort(rates);
                Arrays.sort(perCpu);
                System.out.printf(
                        Locale.ROOT,
                        "%-8s threads=%d  median %.0f users/s  (min %.0f, max %.0f, %d runs)  median %.0f users per"
                                + " CPU-s  load %s  ndcg@10=%.6f%n",
                        spec.text(),
                        threads,
                        rates[repeats / 2],
                        rates[0],
                        rates[repeats - 1],
                        repeats,
                        perCpu[repeats / 2],
                        load,
                        ndcg);
            }
        }
    }
}
