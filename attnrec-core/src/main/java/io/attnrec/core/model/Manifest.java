package io.attnrec.core.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The {@code manifest.json} of a model artifact, typed: the only place that reads or writes it.
 * Every reader (the CLI, the server's registry and index cache, the benchmarks) goes through
 * {@link #read}, which migrates older formats one version at a time ({@link #MIGRATIONS}) and
 * rejects a manifest with a missing or mistyped field with a message that names the field.
 *
 * @param format the manifest format ({@link #FORMAT} when written by this code)
 * @param model registered model name
 * @param options the options it was trained with
 * @param seed the training seed
 * @param version the attnrec version that wrote it
 * @param data what it was trained on
 * @param protocol the split it was trained on: {@code name} and the protocol's settings as text
 *     (empty for format-1 artifacts, which did not record it)
 * @param metrics validation metrics at the kept checkpoint (may be empty)
 * @param trainSeconds wall-clock training time
 * @param trainSteps optimiser steps of the training that made it ({@link Recommender#trainingSteps};
 *     a warm start's fine-tuning for a grown model); 0 when not counted (models without an
 *     optimiser, and artifacts of formats 1 to 3)
 * @param checksum SHA-256 over every file of the artifact but the manifest
 * @param lineage the parent it was grown from; empty for a model trained from scratch
 */
public record Manifest(
        int format,
        String model,
        Map<String, String> options,
        long seed,
        String version,
        Data data,
        Map<String, String> protocol,
        Map<String, Double> metrics,
        double trainSeconds,
        long trainSteps,
        String checksum,
        Optional<Lineage> lineage) {

    /** Format written by this code. */
    public static final int FORMAT = 4;

    public static final String FILE = "manifest.json";

    /**
     * Step {@code i} turns a raw format-{@code i + 1} manifest into format {@code i + 2}; each step
     * says what changed.
     */
    private static final List<UnaryOperator<Map<String, Object>>> MIGRATIONS = List.of(
            // 1 -> 2: a format number; the data set's specification (where and how it was loaded
            // and prepared) and the protocol are recorded, so that `evaluate` and `serve` need no
            // repeated flags. Format 1 did not know them: both stay empty.
            raw -> {
                Map<String, Object> out = new LinkedHashMap<>(raw);
                out.put("format", 2);
                out.putIfAbsent("protocol", Map.of());
                if (out.get("data") instanceof Map<?, ?> data) {
                    Map<Object, Object> d = new LinkedHashMap<>(data);
                    d.putIfAbsent("spec", Map.of());
                    out.put("data", d);
                }
                return out;
            },
            // 2 -> 3: a model grown from a parent (warm start, `attnrec update`) records its
            // lineage; every format-2 model was trained from scratch, so it has none.
            raw -> {
                Map<String, Object> out = new LinkedHashMap<>(raw);
                out.put("format", 3);
                return out;
            },
            // 3 -> 4: the training's optimiser steps, and the steps of the training from scratch at
            // the root of a lineage (a warm start's budget can follow that cost). Format 3 did not
            // count them: 0, which a warm start reads as "not known".
            raw -> {
                Map<String, Object> out = new LinkedHashMap<>(raw);
                out.put("format", 4);
                out.putIfAbsent("train_steps", 0);
                if (out.get("lineage") instanceof Map<?, ?> lineage) {
                    Map<Object, Object> l = new LinkedHashMap<>(lineage);
                    l.putIfAbsent("root_train_steps", 0);
                    out.put("lineage", l);
                }
                return out;
            });

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The training data of a model.
     *
     * @param name the data set's name
     * @param fingerprint {@link ModelArtifact#fingerprint} of the training part of the split
     * @param users users in the training data
     * @param items items in the training data
     * @param spec how to load it again: {@code path}, {@code format} and the preparation options
     *     as text (empty when unknown)
     */
    public record Data(String name, String fingerprint, int users, int items, Map<String, String> spec) {

        public Data {
            spec = Map.copyOf(spec);
        }
    }

    public Manifest {
        options = Map.copyOf(options);
        protocol = Map.copyOf(protocol);
        metrics = Map.copyOf(metrics);
    }

    /** A manifest of a model trained from scratch (no lineage), its steps not counted. */
    public Manifest(
            int format,
            String model,
            Map<String, String> options,
            long seed,
            String version,
            Data data,
            Map<String, String> protocol,
            Map<String, Double> metrics,
            double trainSeconds,
            String checksum) {
        this(
                format,
                model,
                options,
                seed,
                version,
                data,
                protocol,
                metrics,
                trainSeconds,
                0,
                checksum,
                Optional.empty());
    }

    /**
     * Optimiser steps of the training from scratch at the root of this model's lineage: its own
     * for a model trained from scratch, the lineage's record for a grown one; 0 when not known.
     */
    public long rootTrainSteps() {
        return lineage.map(Lineage::rootTrainSteps).orElse(trainSteps);
    }

    /** The provenance part, as the rest of the code reads it. */
    public ArtifactInfo info() {
        return new ArtifactInfo(
                model, options, seed, data.name(), data.fingerprint(), metrics, trainSeconds, data.spec(), protocol);
    }

    /** Writes this manifest to {@code file}; keys in a stable order. */
    public void write(Path file) throws IOException {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("format", format);
        raw.put("model", model);
        raw.put("options", new TreeMap<>(options));
        raw.put("seed", seed);
        raw.put("version", version);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", data.name());
        d.put("fingerprint", data.fingerprint());
        d.put("users", data.users());
        d.put("items", data.items());
        d.put("spec", new TreeMap<>(data.spec()));
        raw.put("data", d);
        raw.put("protocol", new TreeMap<>(protocol));
        raw.put("metrics", new TreeMap<>(metrics));
        raw.put("train_seconds", trainSeconds);
        raw.put("train_steps", trainSteps);
        raw.put("checksum", checksum);
        lineage.ifPresent(l -> raw.put("lineage", l.toMap()));
        JSON.writeValue(file.toFile(), raw);
    }

    /**
     * Reads {@code file}, migrating an older format.
     *
     * @throws IllegalArgumentException if the file is not a manifest this code can read; the
     *     message names the file and the field
     */
    public static Manifest read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file.getParent() + " is not a model directory (no " + FILE + ")");
        }
        Map<String, Object> raw;
        try {
            raw = JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (raw == null) {
            throw new IllegalArgumentException(file + " is empty");
        }
        // format 1 had no number
        int format = raw.containsKey("format") ? number(file, raw, "format").intValue() : 1;
        if (format < 1 || format > FORMAT) {
            throw new IllegalArgumentException(file + ": manifest format " + format
                    + " is not readable by this attnrec (formats 1 to " + FORMAT + "); a newer attnrec wrote it");
        }
        for (int v = format; v < FORMAT; v++) {
            raw = MIGRATIONS.get(v - 1).apply(raw);
        }
        Map<String, Object> data = map(file, raw, "data");
        Map<String, Double> metrics = new LinkedHashMap<>();
        map(file, raw, "metrics").forEach((k, v) -> {
            if (!(v instanceof Number n)) {
                throw new IllegalArgumentException(file + ": metric '" + k + "' is not a number");
            }
            metrics.put(k, n.doubleValue());
        });
        return new Manifest(
                FORMAT,
                text(file, raw, "model"),
                strings(map(file, raw, "options")),
                number(file, raw, "seed").longValue(),
                text(file, raw, "version"),
                new Data(
                        text(file, data, "name"),
                        text(file, data, "fingerprint"),
                        number(file, data, "users").intValue(),
                        number(file, data, "items").intValue(),
                        strings(map(file, data, "spec"))),
                strings(map(file, raw, "protocol")),
                metrics,
                number(file, raw, "train_seconds").doubleValue(),
                number(file, raw, "train_steps").longValue(),
                text(file, raw, "checksum"),
                raw.containsKey("lineage") ? Optional.of(lineage(file, map(file, raw, "lineage"))) : Optional.empty());
    }

    private static Lineage lineage(Path file, Map<String, Object> l) {
        return new Lineage(
                text(file, l, "parent"),
                text(file, l, "parent_checksum"),
                text(file, l, "parent_fingerprint"),
                number(file, l, "generation").intValue(),
                text(file, l, "mode"),
                number(file, l, "items_added").intValue(),
                number(file, l, "users_added").intValue(),
                number(file, l, "events_added").longValue(),
                number(file, l, "recent_users").intValue(),
                number(file, l, "replayed_users").intValue(),
                number(file, l, "store_seq").longValue(),
                number(file, l, "root_train_steps").longValue());
    }

    private static Object field(Path file, Map<String, Object> raw, String key) {
        Object v = raw.get(key);
        if (v == null) {
            throw new IllegalArgumentException(file + ": field '" + key + "' is missing");
        }
        return v;
    }

    private static String text(Path file, Map<String, Object> raw, String key) {
        return String.valueOf(field(file, raw, key));
    }

    private static Number number(Path file, Map<String, Object> raw, String key) {
        if (!(field(file, raw, key) instanceof Number n)) {
            throw new IllegalArgumentException(file + ": field '" + key + "' is not a number");
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Path file, Map<String, Object> raw, String key) {
        if (!(field(file, raw, key) instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(file + ": field '" + key + "' is not an object");
        }
        return (Map<String, Object>) m;
    }

    private static Map<String, String> strings(Map<String, Object> map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
