package io.attnrec.spark;

import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TopK;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Top-K for every user of a saved model, on Spark: user ids are cut into contiguous partitions;
 * each task takes the executor's model instance ({@link ExecutorModels}), scores its users in
 * batches with {@link Recommender#scoreBatch} (one forward pass per batch for the neural models)
 * from their training histories, and keeps each user's K best items outside that history (ties: the
 * lower item id, as {@code attnrec recommend} does). The result is a table {@code user, rank, item,
 * score} with external ids, rank from 1.
 */
public final class SparkRecommend {

    /** The output schema. */
    public static final StructType SCHEMA = new StructType()
            .add("user", DataTypes.StringType, false)
            .add("rank", DataTypes.IntegerType, false)
            .add("item", DataTypes.StringType, false)
            .add("score", DataTypes.FloatType, false);

    /** Users scored per forward pass. */
    static final int BATCH = 64;

    private SparkRecommend() {}

    /**
     * The top-{@code k} table of every user of the model in {@code modelDir}.
     *
     * @param numUsers the model's user count (read once on the driver)
     * @param partitions how many tasks
     */
    public static Dataset<Row> topK(SparkSession spark, Path modelDir, int numUsers, int k, int partitions)
            throws java.io.IOException {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ExecutorModels.Shipped model = ExecutorModels.ship(jsc, modelDir);
        List<Integer> users = IntStream.range(0, numUsers).boxed().toList();
        int slices = Math.max(1, Math.min(partitions, numUsers));
        JavaRDD<Row> rows = jsc.parallelize(users, slices).mapPartitions(it -> {
            List<Integer> mine = new ArrayList<>();
            it.forEachRemaining(mine::add);
            return new Scored(ExecutorModels.get(model), mine, k);
        });
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** A task's rows, produced batch by batch so that a partition never holds all its lists. */
    private static final class Scored implements Iterator<Row> {
        private final LoadedModel m;
        private final List<Integer> users;
        private final int k;
        private final float[][] scores;
        private final List<Row> ready = new ArrayList<>();
        private int next;
        private int readyAt;

        Scored(LoadedModel m, List<Integer> users, int k) {
            this.m = m;
            this.users = users;
            this.k = k;
            this.scores = new float[Math.min(BATCH, Math.max(1, users.size()))]
                    [m.model().numItems() + 1];
        }

        @Override
        public boolean hasNext() {
            while (readyAt == ready.size() && next < users.size()) {
                fill();
            }
            return readyAt < ready.size();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.get(readyAt++);
        }

        private void fill() {
            ready.clear();
            readyAt = 0;
            int b = Math.min(scores.length, users.size() - next);
            int[] ids = new int[b];
            int[][] histories = new int[b][];
            for (int j = 0; j < b; j++) {
                ids[j] = users.get(next + j);
                histories[j] = m.histories()[ids[j]];
            }
            float[][] out = b == scores.length ? scores : java.util.Arrays.copyOf(scores, b);
            m.model().scoreBatch(ids, histories, out);
            for (int j = 0; j < b; j++) {
                int[] top = TopK.select(out[j], k, histories[j]);
                String user = m.users().external(ids[j]);
                for (int r = 0; r < top.length; r++) {
                    ready.add(RowFactory.create(user, r + 1, m.items().external(top[r]), out[j][top[r]]));
                }
            }
            next += b;
        }
    }
}
