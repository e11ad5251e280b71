package io.attnrec.nn.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The one place where a neural model's own files are written and read: {@code model.json} (a
 * {@link Header}) and {@code weights.bin} (DJL's parameter encoding of the network's block). A
 * family adds its own files beside them (item content, the optimiser's state).
 *
 * <p>{@code model.json} carries a format number. Reading an older format goes through {@link
 * #MIGRATIONS}, one step per version, so that old models keep loading to the same scores (the
 * golden-artifact test reloads one model per family written by format 1).
 */
public final class NeuralFiles {

    public static final String MANIFEST = "model.json";
    public static final String WEIGHTS = "weights.bin";

    /** Format written by this code. */
    public static final int FORMAT = 8;

    /** The multi-interest families whose options migrations 2 -> 3, 3 -> 4 and 4 -> 5 complete. */
    private static final Set<String> MULTI_INTEREST = Set.of("comirec-sa", "comirec-dr", "mind");

    /**
     * Step {@code i} turns a raw format-{@code i + 1} {@code model.json} into format {@code i +
     * 2}. Each step says in its comment what changed.
     */
    private static final List<UnaryOperator<Map<String, Object>>> MIGRATIONS = List.of(
            // 1 -> 2: model-specific fields move into "extras"; MIND models written before the
            // `relu` option existed were built with the ReLU layer after routing.
            raw -> {
                Map<String, Object> out = new LinkedHashMap<>(raw);
                Map<Object, Object> extras = new LinkedHashMap<>();
                if (out.get("extras") instanceof Map<?, ?> given) {
                    extras.putAll(given);
                }
                Object source = out.remove("category_source");
                if (source != null) {
                    extras.put("category_source", source);
                }
                out.put("extras", extras);
                return withOptions(out, 2, Set.of("mind"), Map.of("relu", "true"));
            },
            // 2 -> 3: the multi-interest models gained a training loss choice, the
            // interest-diversity regulariser and read-out pruning (issue 19); models written
            // before trained with the sampled softmax, no regulariser, and kept every interest.
            raw -> withOptions(
                    raw,
                    3,
                    MULTI_INTEREST,
                    Map.of("loss", "sampled", "interest_reg", "0.0", "prune_cosine", "1.0", "prune_single", "1.0")),
            // 3 -> 4: the multi-interest models gained order-aware inputs, causal self-attention
            // blocks before the interest extraction (`context`, issue 19); models written before
            // read the raw item embeddings.
            raw -> withOptions(raw, 4, MULTI_INTEREST, Map.of("context", "0")),
            // 4 -> 5: the multi-interest models gained the merge of the interests' scores
            // (`merge`) and the training objective (`objective`, issue 19, session 12); models
            // written before ranked by the largest dot product and trained the readout vector.
            raw -> withOptions(raw, 5, MULTI_INTEREST, Map.of("merge", "max", "objective", "readout")),
            // 5 -> 6: MIND gained a learned gain per history position on its shared map
            // (`position_gain`, on by default since issue 19, session 20); models written before had
            // none.
            raw -> withOptions(raw, 6, Set.of("mind"), Map.of("position_gain", "false")),
            // 6 -> 7: MIND's gain table per interest and trained routing logits became its defaults
            // (issue 19, session 22); format-6 manifests written before the two keys existed had
            // neither.
            raw -> withOptions(raw, 7, Set.of("mind"), Map.of("interest_gain", "false", "learn_routing", "false")),
            // 7 -> 8: a sequential model's directory may hold AdamW's state (optimizer.bin, issue
            // 16) for a warm start to resume; models written before have none, and a warm start
            // from them starts the optimiser afresh. Nothing in model.json changed.
            raw -> withOptions(raw, 8, Set.of(), Map.of()));

    /**
     * One migration step's end: {@code raw} at {@code format}, where a model of one of {@code
     * families} gets each option of {@code before} it lacks (the value that rebuilds models written
     * before the option existed as they were built and trained).
     */
    private static Map<String, Object> withOptions(
            Map<String, Object> raw, int format, Set<String> families, Map<String, String> before) {
        Map<String, Object> out = new LinkedHashMap<>(raw);
        if (families.contains(String.valueOf(out.get("model"))) && out.get("options") instanceof Map<?, ?> options) {
            Map<Object, Object> migrated = new LinkedHashMap<>(options);
            before.forEach(migrated::putIfAbsent);
            out.put("options", migrated);
        }
        out.put("format", format);
        return out;
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private NeuralFiles() {}

    /**
     * What {@code model.json} holds.
     *
     * @param model registered model name
     * @param numItems real items; the item table has {@code numItems + 1} rows
     * @param options options that rebuild the same network and training settings
     * @param extras model-specific facts that are not options (e.g. where item categories came from)
     */
    public record Header(String model, int numItems, Map<String, String> options, Map<String, String> extras) {

        public Header {
            options = Map.copyOf(options);
            extras = Map.copyOf(extras);
        }

        public Header(String model, int numItems, Map<String, String> options) {
            this(model, numItems, options, Map.of());
        }
    }

    /** Writes {@code header} and the parameters of {@code block} into {@code dir}. */
    public static void write(Path dir, Header header, Block block) throws IOException {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("format", FORMAT);
        raw.put("model", header.model());
        raw.put("num_items", header.numItems());
        // sorted, so the same model always writes the same bytes
        raw.put("options", new java.util.TreeMap<>(header.options()));
        raw.put("extras", new java.util.TreeMap<>(header.extras()));
        JSON.writeValue(dir.resolve(MANIFEST).toFile(), raw);
        try (OutputStream os = Files.newOutputStream(dir.resolve(WEIGHTS));
                DataOutputStream dos = new DataOutputStream(new BufferedOutputStream(os))) {
            block.saveParameters(dos);
        }
    }

    /**
     * Reads {@code dir/model.json}, migrating older formats, and checks that it holds an {@code
     * expectedModel}.
     */
    public static Header read(Path dir, String expectedModel) throws IOException {
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no saved model here");
        }
        Map<String, Object> raw = JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
        if (!(raw.get("format") instanceof Number n) || n.intValue() < 1 || n.intValue() > FORMAT) {
            throw new IOException(file + ": unsupported model format " + raw.get("format")
                    + " (this attnrec reads formats 1 to " + FORMAT + ")");
        }
        for (int version = n.intValue(); version < FORMAT; version++) {
            raw = MIGRATIONS.get(version - 1).apply(raw);
        }
        String model = String.valueOf(raw.get("model"));
        if (!model.equals(expectedModel)) {
            throw new IOException(file + ": holds a '" + model + "' model, not '" + expectedModel + "'");
        }
        if (!(raw.get("num_items") instanceof Number count) || !(raw.get("options") instanceof Map<?, ?> options)) {
            throw new IOException(file + ": num_items or options missing");
        }
        return new Header(
                model, count.intValue(), strings(options), strings((Map<?, ?>) raw.getOrDefault("extras", Map.of())));
    }

    /** Loads {@code dir/weights.bin} into a freshly built (uninitialised) {@code block}. */
    public static void readWeights(Path dir, Block block, NDManager manager) throws IOException {
        try (InputStream is = Files.newInputStream(dir.resolve(WEIGHTS));
                DataInputStream dis = new DataInputStream(new BufferedInputStream(is))) {
            block.loadParameters(manager, dis);
        } catch (MalformedModelException e) {
            throw new IOException(dir.resolve(WEIGHTS) + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> strings(Map<?, ?> map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }
}
