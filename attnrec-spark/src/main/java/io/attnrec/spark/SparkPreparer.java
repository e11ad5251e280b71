package io.attnrec.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

import io.attnrec.core.prep.PrepConfig;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@link io.attnrec.core.prep.Preparer}'s steps as Spark operations, with the same result: same
 * dense ids, same sequences, same timestamps and ratings. Events are ordered by {@code (time,
 * pos)}, where {@code pos} is the input position: that is the single-machine stable sort written as
 * a key, so ties keep file order on any number of partitions.
 *
 * <ol>
 *   <li>rating threshold: rated events below it are dropped, unrated ones kept;
 *   <li>de-duplication: per (user, item) the event with the smallest {@code (time, pos)} stays;
 *   <li>iterative k-core: users below {@code max(kCore, minSeqLength)} and items below {@code kCore}
 *       events are dropped together in each pass (two counts, two semi-joins), until a pass drops
 *       nothing; the fixed point is the largest event set satisfying both bounds, so it does not
 *       depend on the order of removal;
 *   <li>maximum length: each user's most recent events by {@code (time, pos)};
 *   <li>dense ids in order of first appearance: users sorted by their first {@code (time, pos)}
 *       numbered from 0, items likewise from 1 ({@code zipWithIndex} over a range-partitioned sort,
 *       so no step gathers all users or items in one partition).
 * </ol>
 */
public final class SparkPreparer {

    /** The {@code sequences} table: one row per user, arrays oldest first. */
    public static final StructType IDS =
            new StructType().add("key", DataTypes.StringType, false).add("id", DataTypes.IntegerType, false);

    /**
     * The prepared data as tables.
     *
     * @param sequences {@code user_id, user, items, timestamps, ratings, positions} (ratings null
     *     when the data has no rating at all; positions = each event's input position)
     * @param items {@code item_id, item}
     * @param hasRatings whether any kept event is rated
     */
    public record Prepared(Dataset<Row> sequences, Dataset<Row> items, boolean hasRatings) {}

    private SparkPreparer() {}

    /**
     * Prepares {@code events} (the {@link SparkEvents#SCHEMA} table).
     *
     * @throws IllegalArgumentException when nothing is left
     */
    public static Prepared prepare(Dataset<Row> events, PrepConfig config) {
        Dataset<Row> e = events.select("pos", "user", "item", "time", "rating");
        if (!Double.isNaN(config.ratingThreshold())) {
            e = e.filter(isnan(col("rating")).or(col("rating").cast("double").geq(lit(config.ratingThreshold()))));
        }
        if (config.dedup()) {
            e = e.groupBy("user", "item")
                    .agg(min(struct(col("time"), col("pos"), col("rating"))).as("first"))
                    .select(
                            col("first.pos").as("pos"),
                            col("user"),
                            col("item"),
                            col("first.time").as("time"),
                            col("first.rating").as("rating"));
        }
        e = kCore(e, Math.max(config.kCore(), config.minSeqLength()), config.kCore());
        if (config.maxSeqLength() > 0) {
            e = e.withColumn(
                            "recent",
                            row_number()
                                    .over(Window.partitionBy("user")
                                            .orderBy(
                                                    col("time").desc(),
                                                    col("pos").desc())))
                    .filter(col("recent").leq(config.maxSeqLength()))
                    .drop("recent");
        }
        e = e.persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> userIds = denseIds(e, "user", 0);
        Dataset<Row> itemIds = denseIds(e, "item", 1);
        if (userIds.isEmpty()) {
            throw new IllegalArgumentException(
                    "no interactions are left after preparation (" + describe(config) + "); relax the filters");
        }
        boolean hasRatings = !e.filter(not(isnan(col("rating")))).isEmpty();
        Dataset<Row> joined = e.join(
                        userIds.withColumnRenamed("key", "user").withColumnRenamed("id", "user_id"), "user")
                .join(itemIds.withColumnRenamed("key", "item").withColumnRenamed("id", "item_id"), "item");
        Dataset<Row> grouped = joined.groupBy("user_id", "user")
                .agg(sort_array(collect_list(struct(col("time"), col("pos"), col("item_id"), col("rating"))))
                        .as("ev"));
        Dataset<Row> sequences = grouped.select(
                        col("user_id"),
                        col("user"),
                        col("ev.item_id").as("items"),
                        col("ev.time").as("timestamps"),
                        hasRatings
                                ? col("ev.rating").as("ratings")
                                : lit(null).cast("array<float>").as("ratings"),
                        col("ev.pos").as("positions"))
                .orderBy("user_id");
        Dataset<Row> items =
                itemIds.select(col("id").as("item_id"), col("key").as("item")).orderBy("item_id");
        return new Prepared(sequences, items, hasRatings);
    }

    /** Iterative k-core; a pass counts both sides on the same event set, as the single-machine loop does. */
    private static Dataset<Row> kCore(Dataset<Row> events, int minUser, int minItem) {
        if (minUser <= 1 && minItem <= 1) {
            return events;
        }
        Dataset<Row> e = events.persist(StorageLevel.MEMORY_AND_DISK());
        long size = e.count();
        while (true) {
            Dataset<Row> users =
                    e.groupBy("user").count().filter(col("count").geq(minUser)).select("user");
            Dataset<Row> items =
                    e.groupBy("item").count().filter(col("count").geq(minItem)).select("item");
            // localCheckpoint cuts the lineage: without it every pass replans all earlier passes
            Dataset<Row> next = e.join(users, "user", "left_semi")
                    .join(items, "item", "left_semi")
                    .localCheckpoint(true);
            long nextSize = next.count();
            e.unpersist();
            e = next;
            if (nextSize == size) {
                return e;
            }
            size = nextSize;
        }
    }

    /** {@code key -> id} numbered from {@code offset} in order of each key's first {@code (time, pos)}. */
    private static Dataset<Row> denseIds(Dataset<Row> events, String key, int offset) {
        Dataset<Row> first = events.groupBy(key)
                .agg(min(struct(col("time"), col("pos"))).as("first"))
                .orderBy("first");
        JavaRDD<Row> numbered = first.select(key)
                .javaRDD()
                .zipWithIndex()
                .map(t -> RowFactory.create(t._1().getString(0), (int) (t._2() + offset)));
        return events.sparkSession().createDataFrame(numbered, IDS).persist(StorageLevel.MEMORY_AND_DISK());
    }

    static String describe(PrepConfig c) {
        return "dedup " + c.dedup() + ", rating threshold " + c.ratingThreshold() + ", k-core " + c.kCore()
                + ", min length " + c.minSeqLength() + ", max length " + c.maxSeqLength();
    }
}
