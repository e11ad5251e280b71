package io.attnrec.spark;

import io.attnrec.core.data.DataFormatException;
import io.attnrec.core.data.DataLoaders;
import io.attnrec.core.data.Event;
import io.attnrec.core.data.EventFields;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.LoadOptions;
import io.attnrec.core.data.RawData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * Raw interaction events as a Spark table {@code (pos, user, item, time, rating)}: {@code pos} is
 * the event's place in the input (0, 1, ... in file order) and breaks ties between equal times,
 * exactly as the single-machine loaders' list order does; {@code rating} is {@code NaN} for an
 * unrated event.
 *
 * <p>Splittable inputs are read in parallel: a CSV/TSV log with a header ({@code csv}, columns
 * found as {@link io.attnrec.core.data.CsvLoader} finds them, fields parsed by the same rules) and
 * Parquet ({@code parquet}, same column roles and names). Every other format attnrec reads
 * (MovieLens, RecBole, SASRec, S3-Rec) is not splittable or needs its side files, so its core
 * loader reads it on the driver and the events are distributed from there.
 *
 * <p>Two differences from the single-machine CSV loader, both from Spark's CSV reader: the file
 * is read as UTF-8 (no Latin-1 fallback), and a record with too few fields is not an error (the
 * missing fields read as empty: a missing user, item or time is still reported, a missing rating
 * means "unrated") and one with too many loses the extra fields.
 */
public final class SparkEvents {

    /** The event table's schema. */
    public static final StructType SCHEMA = new StructType()
            .add("pos", DataTypes.LongType, false)
            .add("user", DataTypes.StringType, false)
            .add("item", DataTypes.StringType, false)
            .add("time", DataTypes.LongType, false)
            .add("rating", DataTypes.FloatType, false);

    /**
     * What was read.
     *
     * @param name the data set name, as the core loaders name it
     * @param format the format that read it ({@code csv}, {@code parquet} or a core loader's name)
     * @param events the event table
     * @param catalog item metadata (may be empty)
     * @param skipped malformed records skipped in lenient mode (counted when {@code events} is
     *     first computed for distributed formats)
     */
    public record Raw(String name, String format, Dataset<Row> events, ItemCatalog catalog, LongAccumulator skipped) {}

    private SparkEvents() {}

    /**
     * Reads {@code path} in {@code format} ({@code auto} detects: Parquet by its file names, else
     * the core detection).
     */
    public static Raw read(SparkSession spark, Path path, String format, LoadOptions options) throws IOException {
        if (!Files.exists(path)) {
            throw new java.nio.file.NoSuchFileException(path.toString(), null, "no such file or folder");
        }
        String f = format == null ? DataLoaders.AUTO : format.toLowerCase(Locale.ROOT);
        if (f.equals(DataLoaders.AUTO)) {
            f = isParquet(path) ? "parquet" : DataLoaders.detect(path);
        }
        LongAccumulator skipped = spark.sparkContext().longAccumulator("skipped records");
        return switch (f) {
            case "csv" -> csv(spark, path, options, skipped);
            case "parquet" -> parquet(spark, path, options, skipped);
            default -> onDriver(spark, DataLoaders.load(path, f, options), skipped);
        };
    }

    /** A {@code .parquet} file, or a folder of them (as Spark writes it). */
    static boolean isParquet(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
        }
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> s = Files.list(path)) {
            return s.anyMatch(
                    p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet"));
        }
    }

    /** A core loader's events in list order, distributed from the driver. */
    static Raw onDriver(SparkSession spark, RawData raw, LongAccumulator skipped) {
        skipped.add(raw.skippedLines());
        List<Event> events = raw.events();
        List<Row> rows = new ArrayList<>(events.size());
        for (int e = 0; e < events.size(); e++) {
            Event ev = events.get(e);
            rows.add(RowFactory.create((long) e, ev.user(), ev.item(), ev.timestamp(), ev.rating()));
        }
        int slices = Math.max(1, Math.min(spark.sparkContext().defaultParallelism(), rows.size() / 10_000 + 1));
        JavaRDD<Row> rdd =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, slices);
        return new Raw(raw.name(), raw.format(), spark.createDataFrame(rdd, SCHEMA), raw.catalog(), skipped);
    }

    /** A CSV/TSV log with a header, read in parallel splits. */
    static Raw csv(SparkSession spark, Path path, LoadOptions options, LongAccumulator skipped) throws IOException {
        Path file = path;
        if (Files.isDirectory(path)) {
            // the core loader knows which file of a folder is the log; reuse its choice
            List<Path> logs;
            try (Stream<Path> s = Files.list(path)) {
                logs = s.filter(p -> {
                            String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                            return (n.endsWith(".csv") || n.endsWith(".tsv")) && !n.startsWith("item");
                        })
                        .sorted()
                        .toList();
            }
            if (logs.size() != 1) {
                throw new IllegalArgumentException(
                        path + " holds " + logs.size() + " CSV/TSV event files; give the one to load");
            }
            file = logs.get(0);
        }
        String first;
        try (Stream<String> lines = Files.lines(file)) {
            first = lines.filter(l -> !l.isBlank()).findFirst().orElse(null);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (first == null) {
            throw new DataFormatException(file, 1, "the file is empty; expected a header line");
        }
        char sep = options.delimiter() != null ? options.delimiter().charAt(0) : EventFields.detectDelimiter(first);
        if (sep == '\0') {
            throw new DataFormatException(
                    file, 1, "the header has no comma, tab or semicolon; give the delimiter explicitly");
        }
        Dataset<Row> table = spark.read()
                .option("header", "true")
                .option("sep", String.valueOf(sep))
                .option("quote", "\"")
                .option("escape", "\"") // RFC 4180: a quote inside a quoted field is doubled
                .option("inferSchema", "false")
                .option("mode", "PERMISSIVE")
                .csv(file.toString());
        List<String> header = Arrays.stream(table.columns()).map(String::trim).toList();
        Map<String, Integer> roles = EventFields.columns(header, options, file);
        Fields cols = new Fields(header, roles, file.toString(), options.lenient());
        JavaRDD<Row> rows = table.javaRDD().zipWithIndex().mapPartitions(it -> cols.parse(it, skipped));
        String name = EventFields.datasetName(path);
        return new Raw(name, "csv", spark.createDataFrame(rows, SCHEMA), EventFields.csvItems(file, options), skipped);
    }

    /** Parquet with the same column roles as CSV (user and item of any type, read as text). */
    static Raw parquet(SparkSession spark, Path path, LoadOptions options, LongAccumulator skipped) {
        Dataset<Row> table = spark.read().parquet(path.toString());
        List<String> header = Arrays.asList(table.columns());
        Map<String, Integer> roles = EventFields.columns(header, options, path);
        Fields cols = new Fields(header, roles, path.toString(), options.lenient());
        JavaRDD<Row> rows = table.javaRDD().zipWithIndex().mapPartitions(it -> cols.parse(it, skipped));
        String name = path.getFileName().toString().replaceFirst("(?i)\\.parquet$", "");
        return new Raw(name, "parquet", spark.createDataFrame(rows, SCHEMA), ItemCatalog.empty(), skipped);
    }

    /**
     * Turns input rows into event rows by the CSV loader's rules; serialisable, so it travels to
     * the executors.
     */
    private record Fields(List<String> header, Map<String, Integer> roles, String file, boolean lenient)
            implements java.io.Serializable {

        Iterator<Row> parse(Iterator<Tuple2<Row, Long>> in, LongAccumulator skipped) {
            int user = roles.get("user");
            int item = roles.get("item");
            int time = roles.getOrDefault("timestamp", -1);
            int rating = roles.getOrDefault("rating", -1);
            List<Row> out = new ArrayList<>();
            while (in.hasNext()) {
                Tuple2<Row, Long> t = in.next();
                Row r = t._1();
                long pos = t._2();
                try {
                    String u = EventFields.id(text(r, user), header.get(user));
                    String i = EventFields.id(text(r, item), header.get(item));
                    long ts = time < 0 ? pos : time(r.get(time), header.get(time));
                    float rv = rating < 0 ? Float.NaN : rating(r.get(rating), header.get(rating));
                    out.add(RowFactory.create(pos, u, i, ts, rv));
                } catch (IllegalArgumentException e) {
                    if (!lenient) {
                        // record pos + 2: the header is line 1 (exact when no quoted field spans lines)
                        throw new IllegalArgumentException(
                                file + ": record " + (pos + 1) + " (line " + (pos + 2) + "): " + e.getMessage());
                    }
                    skipped.add(1);
                }
            }
            return out.iterator();
        }

        private static String text(Row r, int c) {
            Object v = r.get(c);
            return v == null ? "" : v.toString();
        }

        private static long time(Object v, String field) {
            if (v == null) {
                throw new IllegalArgumentException("field '" + field + "' is empty");
            }
            if (v instanceof java.sql.Timestamp ts) {
                return Math.floorDiv(ts.getTime(), 1000L);
            }
            if (v instanceof java.time.Instant in) {
                return in.getEpochSecond();
            }
            if (v instanceof Double || v instanceof Float) {
                double d = ((Number) v).doubleValue();
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("field '" + field + "' is not a number: '" + v + "'");
                }
                return (long) Math.floor(d);
            }
            if (v instanceof Number n) {
                return n.longValue();
            }
            return EventFields.time(v.toString(), field);
        }

        private static float rating(Object v, String field) {
            if (v == null) {
                return Float.NaN;
            }
            if (v instanceof Number n) {
                float f = n.floatValue();
                if (!Float.isFinite(f)) {
                    throw new IllegalArgumentException("field '" + field + "' is not a number: '" + v + "'");
                }
                return f;
            }
            return EventFields.rating(v.toString(), field);
        }
    }
}
