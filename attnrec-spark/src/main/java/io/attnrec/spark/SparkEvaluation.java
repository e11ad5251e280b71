package io.attnrec.spark;

import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.Recommender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Full-ranking evaluation of a saved model on Spark, with the single-machine {@link Evaluator}'s
 * metrics. The test cases are cut into contiguous partitions; each task runs the core evaluator
 * (one thread: Spark runs one task per core) on its cases with the executor's model instance and
 * the broadcast item tables (popularity, self-information, item similarity), and returns its sums
 * ({@link Evaluator.Partial}); the driver adds the parts in partition order and turns them into
 * the metrics. The means differ from the single machine's only by the order of floating-point
 * additions (below 1e-12 on ml-100k; the test asks for 1e-9). Per-user values are not kept.
 */
public final class SparkEvaluation {

    private SparkEvaluation() {}

    /**
     * Evaluates the model saved in {@code modelDir} on {@code cases}.
     *
     * @param evaluator the driver's evaluator on the split's training data (its item tables are
     *     broadcast)
     * @param config cut-offs, sampled negatives and seed (threads are ignored: one per task)
     * @param partitions how many tasks (at least one; more than the cores lets Spark balance)
     */
    public static EvaluationResult evaluate(
            SparkSession spark,
            Path modelDir,
            Evaluator evaluator,
            EvalConfig config,
            List<EvalCase> cases,
            int partitions)
            throws java.io.IOException {
        long start = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ExecutorModels.Shipped model = ExecutorModels.ship(jsc, modelDir);
        EvalConfig perTask = new EvalConfig(config.ks(), 1, config.sampledNegatives(), config.seed());
        Broadcast<Evaluator.ItemTables> tables = jsc.broadcast(evaluator.itemTables());
        int slices = Math.max(1, Math.min(partitions, cases.size()));
        List<Tuple2<Integer, EvalCase>> indexed = new ArrayList<>(cases.size());
        for (int c = 0; c < cases.size(); c++) {
            indexed.add(new Tuple2<>(c, cases.get(c)));
        }
        List<Tuple2<Integer, Evaluator.Partial>> parts = jsc.parallelize(indexed, slices)
                .mapPartitionsWithIndex(
                        (index, it) -> {
                            List<EvalCase> mine = new ArrayList<>();
                            long first = -1;
                            while (it.hasNext()) {
                                Tuple2<Integer, EvalCase> t = it.next();
                                first = first < 0 ? t._1() : first;
                                mine.add(t._2());
                            }
                            Recommender r = ExecutorModels.get(model).model();
                            Evaluator.Partial part =
                                    new Evaluator(perTask, tables.value()).evaluatePart(r, mine, Math.max(0, first));
                            return List.of(new Tuple2<>(index, part)).iterator();
                        },
                        true)
                .collect();
        tables.destroy();
        List<Tuple2<Integer, Evaluator.Partial>> ordered = new ArrayList<>(parts);
        ordered.sort(Comparator.comparing(Tuple2::_1));
        Evaluator.Partial total = null;
        for (Tuple2<Integer, Evaluator.Partial> p : ordered) {
            total = total == null ? p._2() : total.plus(p._2());
        }
        if (total == null) {
            total = new Evaluator(perTask, evaluator.itemTables()).evaluatePart(emptyModel(evaluator), List.of(), 0);
        }
        return new Evaluator(config, evaluator.itemTables()).result(total, (System.nanoTime() - start) / 1e9);
    }

    /** A placeholder for an empty case list: nothing is scored. */
    private static Recommender emptyModel(Evaluator evaluator) {
        int n = evaluator.itemTables().numItems();
        return new Recommender() {
            @Override
            public String name() {
                return "none";
            }

            @Override
            public int numItems() {
                return n;
            }

            @Override
            public void score(int user, int[] history, float[] scores) {}
        };
    }
}
