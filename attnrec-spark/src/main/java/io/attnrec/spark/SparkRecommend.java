package io.attnrec.spark;

import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TopK;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
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
     * The top-{@code k} table of every user of the model in {@code modelDir}, from the histories it
     * was trained on.
     *
     * @param numUsers the model's user count (read once on the driver)
     * @param partitions how many tasks
     */
    public static Dataset<Row> topK(SparkSession spark, Path modelDir, int numUsers, int k, int partitions)
            throws java.io.IOException {
        requireK(k);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ExecutorModels.Shipped model = ExecutorModels.ship(jsc, modelDir);
        List<Integer> users = IntStream.range(0, numUsers).boxed().toList();
        int slices = Math.max(1, Math.min(partitions, numUsers));
        JavaRDD<Row> rows = jsc.parallelize(users, slices).mapPartitions(it -> {
            LoadedModel m = ExecutorModels.get(model);
            Iterator<UserHistory> cases =
                    map(it, u -> new UserHistory(u, m.users().external(u), m.histories()[u]));
            return new Scored(m, cases, k);
        });
        return spark.createDataFrame(rows, SCHEMA);
    }

    /**
     * The top-{@code k} table with a saved model for every user of another data set, a folder written
     * by {@code spark prepare} (e.g. today's users scored by last week's model): the histories are
     * read from that folder's Parquet files by the tasks themselves, so they are never collected on
     * the driver or shipped with the model. Items are matched by external id; events on items the
     * model does not know are left out of the histories and counted. A user the model knows keeps its
     * model id (models with user vectors use it); any other user is scored from the history alone
     * (user id -1).
     *
     * @param partitions how many tasks (the sequences are repartitioned to this)
     */
    public static DataScored topK(SparkSession spark, Path modelDir, Path preparedDir, int k, int partitions)
            throws java.io.IOException {
        requireK(k);
        PreparedData.manifest(preparedDir); // a clear error when the folder is not a prepared data set
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ExecutorModels.Shipped model = ExecutorModels.ship(jsc, modelDir);
        // the data set's item ids -> the model's, made once on the driver (one entry per item)
        Map<String, Integer> modelItems = new HashMap<>();
        LoadedModel driverModel = ExecutorModels.get(model);
        for (int i = 1; i <= driverModel.model().numItems(); i++) {
            modelItems.put(driverModel.items().external(i), i);
        }
        List<Row> items = spark.read()
                .parquet(preparedDir.resolve("items").toString())
                .select("item_id", "item")
                .collectAsList();
        int maxId = items.stream().mapToInt(r -> r.getInt(0)).max().orElse(0);
        int[] toModel = new int[maxId + 1]; // 0: an item the model does not know
        int known = 0;
        for (Row r : items) {
            toModel[r.getInt(0)] = modelItems.getOrDefault(r.getString(1), 0);
            known += toModel[r.getInt(0)] > 0 ? 1 : 0;
        }
        Broadcast<int[]> itemMap = jsc.broadcast(toModel);
        org.apache.spark.sql.Dataset<Row> sequences = spark.read()
                .parquet(preparedDir.resolve("sequences").toString())
                .select("user", "items");
        // counted in a job of their own: accumulators updated inside the scoring would count again
        // whenever Spark recomputes a partition (a retried task, a sort's sampling pass)
        long[] unknown = sequences
                .javaRDD()
                .map(r -> {
                    int[] map = itemMap.value();
                    long dropped = 0;
                    for (int item : r.<Integer>getList(1)) {
                        dropped += item < map.length && map[item] > 0 ? 0 : 1;
                    }
                    return new long[] {dropped, dropped == r.getList(1).size() ? 1 : 0};
                })
                .fold(new long[2], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        JavaRDD<Row> rows = sequences
                .repartition(Math.max(1, partitions))
                .javaRDD()
                .mapPartitions(it -> {
                    LoadedModel m = ExecutorModels.get(model);
                    int[] map = itemMap.value();
                    Iterator<UserHistory> cases = map(it, r -> {
                        String user = r.getString(0);
                        List<Integer> seq = r.getList(1);
                        int[] history = new int[seq.size()];
                        int n = 0;
                        for (int item : seq) {
                            int mapped = item < map.length ? map[item] : 0;
                            if (mapped > 0) {
                                history[n++] = mapped;
                            }
                        }
                        int id = m.users().get(user).orElse(-1);
                        return new UserHistory(id, user, java.util.Arrays.copyOf(history, n));
                    });
                    return new Scored(m, cases, k);
                });
        return new DataScored(spark.createDataFrame(rows, SCHEMA), items.size(), known, unknown[0], unknown[1]);
    }

    /**
     * The result of scoring another data set's users.
     *
     * @param rows the top-K table
     * @param dataItems the data set's item count
     * @param knownItems how many of them the model knows
     * @param droppedEvents events on items the model does not know, left out of the histories
     * @param coldUsers users none of whose items the model knows (scored from an empty history)
     */
    public record DataScored(Dataset<Row> rows, int dataItems, int knownItems, long droppedEvents, long coldUsers) {}

    private static void requireK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
    }

    /** {@code it} with {@code f} applied to each element, lazily (a partition is never held whole). */
    private static <T> Iterator<UserHistory> map(Iterator<T> it, java.util.function.Function<T, UserHistory> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public UserHistory next() {
                return f.apply(it.next());
            }
        };
    }

    /** One user to score: the model's id ({@code -1} when unknown), the external id, the history. */
    private record UserHistory(int user, String external, int[] history) {}

    /** A task's rows, produced batch by batch so that a partition never holds all its lists. */
    private static final class Scored implements Iterator<Row> {
        private final LoadedModel m;
        private final Iterator<UserHistory> users;
        private final int k;
        private final float[][] scores;
        private final List<Row> ready = new ArrayList<>();
        private int readyAt;

        Scored(LoadedModel m, Iterator<UserHistory> users, int k) {
            this.m = m;
            this.users = users;
            this.k = k;
            this.scores = new float[BATCH][m.model().numItems() + 1];
        }

        @Override
        public boolean hasNext() {
            while (readyAt == ready.size() && users.hasNext()) {
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
            List<UserHistory> batch = new ArrayList<>(BATCH);
            while (batch.size() < BATCH && users.hasNext()) {
                batch.add(users.next());
            }
            int b = batch.size();
            int[] ids = new int[b];
            int[][] histories = new int[b][];
            for (int j = 0; j < b; j++) {
                ids[j] = batch.get(j).user();
                histories[j] = batch.get(j).history();
            }
            float[][] out = b == scores.length ? scores : java.util.Arrays.copyOf(scores, b);
            m.model().scoreBatch(ids, histories, out);
            for (int j = 0; j < b; j++) {
                int[] top = TopK.select(out[j], k, histories[j]);
                String user = batch.get(j).external();
                for (int r = 0; r < top.length; r++) {
                    ready.add(RowFactory.create(user, r + 1, m.items().external(top[r]), out[j][top[r]]));
                }
            }
        }
    }
}
