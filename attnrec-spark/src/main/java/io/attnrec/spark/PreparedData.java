package io.attnrec.spark;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.prep.PrepConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.spark.sql.SaveMode;

/**
 * A prepared data set on disk, as {@code attnrec spark prepare} writes it:
 *
 * <pre>
 * DIR/attnrec-prepared.json   name, source format, counts, preparation settings
 * DIR/sequences/*.parquet     user_id int, user string, items array&lt;int&gt;, timestamps array&lt;bigint&gt;,
 *                             ratings array&lt;float&gt; (null for implicit data), positions array&lt;bigint&gt;
 * DIR/items/*.parquet         item_id int, item string  (1-based; 0 is padding)
 * DIR/catalog.json            item metadata, when the source had any
 * </pre>
 *
 * {@link #read} turns it back into the core {@link Dataset} on one machine without Spark (the
 * Parquet files are read with parquet-java directly), so the single-machine evaluator and trainers
 * work on it; {@link PreparedLoader} offers it as the data format {@code prepared}.
 */
public final class PreparedData {

    /** The marker file that makes a folder a prepared data set. */
    public static final String MANIFEST = "attnrec-prepared.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The manifest.
     *
     * @param name data set name
     * @param sourceFormat the format the raw events were read in
     * @param users number of users
     * @param items number of items
     * @param interactions number of kept events
     * @param hasRatings whether {@code ratings} is filled
     * @param prep the preparation settings
     */
    public record Manifest(
            String name,
            String sourceFormat,
            long users,
            long items,
            long interactions,
            boolean hasRatings,
            Map<String, Object> prep) {}

    private PreparedData() {}

    /** Writes {@code prepared} into {@code dir} (replacing what a previous run wrote there). */
    public static Manifest write(SparkEvents.Raw raw, SparkPreparer.Prepared prepared, PrepConfig config, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        prepared.sequences()
                .write()
                .mode(SaveMode.Overwrite)
                .parquet(dir.resolve("sequences").toString());
        prepared.items()
                .write()
                .mode(SaveMode.Overwrite)
                .parquet(dir.resolve("items").toString());
        Path catalog = dir.resolve("catalog.json");
        if (raw.catalog().isEmpty()) {
            Files.deleteIfExists(catalog);
        } else {
            JSON.writeValue(catalog.toFile(), List.copyOf(raw.catalog().items()));
        }
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> counts =
                prepared.sequences().selectExpr("count(*) as users", "coalesce(sum(size(items)), 0) as interactions");
        org.apache.spark.sql.Row c = counts.first();
        Map<String, Object> prep = new LinkedHashMap<>();
        prep.put("dedup", config.dedup());
        prep.put("min_rating", Double.isNaN(config.ratingThreshold()) ? null : config.ratingThreshold());
        prep.put("k_core", config.kCore());
        prep.put("min_len", config.minSeqLength());
        prep.put("max_len", config.maxSeqLength());
        Manifest m = new Manifest(
                raw.name(),
                raw.format(),
                c.getLong(0),
                prepared.items().count(),
                c.getLong(1),
                prepared.hasRatings(),
                prep);
        JSON.writeValue(dir.resolve(MANIFEST).toFile(), m);
        return m;
    }

    /** True when {@code path} is a folder written by {@link #write}. */
    public static boolean isPrepared(Path path) {
        return Files.isRegularFile(path.resolve(MANIFEST));
    }

    /** The manifest of a prepared folder. */
    public static Manifest manifest(Path dir) throws IOException {
        Path m = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(m)) {
            throw new NoSuchFileException(m.toString(), null, "not a prepared data set (no " + MANIFEST + ")");
        }
        return JSON.readValue(m.toFile(), Manifest.class);
    }

    /** Reads a prepared folder into the core data set, identical to what {@code Preparer} made. */
    public static Dataset read(Path dir) throws IOException {
        return read(dir, null);
    }

    /**
     * As {@link #read(Path)}; when {@code positions} is not null it receives each event's input
     * position, in the shape of the sequences (for {@link PreparedLoader}, which must list the events
     * in their original order).
     */
    static Dataset read(Path dir, long[][][] positions) throws IOException {
        Manifest m = manifest(dir);
        int numUsers = Math.toIntExact(m.users());
        int numItems = Math.toIntExact(m.items());
        String[] itemNames = new String[numItems];
        for (Group g : rows(dir.resolve("items"))) {
            itemNames[g.getInteger("item_id", 0) - 1] = g.getString("item", 0);
        }
        String[] userNames = new String[numUsers];
        int[][] sequences = new int[numUsers][];
        long[][] timestamps = new long[numUsers][];
        float[][] ratings = m.hasRatings() ? new float[numUsers][] : null;
        long[][] pos = new long[numUsers][];
        for (Group g : rows(dir.resolve("sequences"))) {
            int u = g.getInteger("user_id", 0);
            userNames[u] = g.getString("user", 0);
            Group items = g.getGroup("items", 0);
            int n = items.getFieldRepetitionCount("list");
            int[] seq = new int[n];
            long[] ts = new long[n];
            long[] ps = new long[n];
            Group times = g.getGroup("timestamps", 0);
            Group places = g.getGroup("positions", 0);
            for (int j = 0; j < n; j++) {
                seq[j] = items.getGroup("list", j).getInteger("element", 0);
                ts[j] = times.getGroup("list", j).getLong("element", 0);
                ps[j] = places.getGroup("list", j).getLong("element", 0);
            }
            sequences[u] = seq;
            timestamps[u] = ts;
            pos[u] = ps;
            if (ratings != null) {
                Group rs = g.getGroup("ratings", 0);
                float[] r = new float[n];
                for (int j = 0; j < n; j++) {
                    r[j] = rs.getGroup("list", j).getFloat("element", 0);
                }
                ratings[u] = r;
            }
        }
        for (int u = 0; u < numUsers; u++) {
            if (sequences[u] == null || userNames[u] == null) {
                throw new IOException(dir + ": user id " + u + " is missing from the sequences table");
            }
        }
        if (positions != null) {
            positions[0] = pos;
        }
        return new Dataset(
                m.name(),
                IdMap.of(false, Arrays.asList(userNames)),
                IdMap.of(true, Arrays.asList(itemNames)),
                sequences,
                timestamps,
                ratings,
                catalog(dir));
    }

    private static ItemCatalog catalog(Path dir) throws IOException {
        Path f = dir.resolve("catalog.json");
        if (!Files.isRegularFile(f)) {
            return ItemCatalog.empty();
        }
        List<ItemMeta> metas = JSON.readValue(f.toFile(), new TypeReference<List<ItemMeta>>() {});
        Map<String, ItemMeta> byId = new LinkedHashMap<>();
        for (ItemMeta meta : metas) {
            byId.put(meta.itemId(), meta);
        }
        return new ItemCatalog(byId);
    }

    /** Every record of every Parquet file in a folder Spark wrote. */
    private static List<Group> rows(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .sorted()
                    .toList();
        }
        List<Group> out = new ArrayList<>();
        for (Path f : files) {
            try (ParquetReader<Group> r = new GroupReader(new LocalInputFile(f)).build()) {
                for (Group g = r.read(); g != null; g = r.read()) {
                    out.add(g);
                }
            }
        }
        return out;
    }

    /** parquet-java's generic record reader on a local file (no Hadoop file system involved). */
    private static final class GroupReader extends ParquetReader.Builder<Group> {
        GroupReader(InputFile file) {
            super(file);
        }

        @Override
        protected ReadSupport<Group> getReadSupport() {
            return new GroupReadSupport();
        }
    }
}
