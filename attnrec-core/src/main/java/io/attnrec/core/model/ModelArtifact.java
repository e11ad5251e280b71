package io.attnrec.core.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A trained model on disk: one directory holding
 *
 * <pre>
 * manifest.json   {@link Manifest}: model name, options, seed, version, data (name, fingerprint,
 *                 how to load it), protocol, metrics, checksum
 * model/          the model's own files ({@link Persistable#save})
 * ids/users.txt   external user ids, one a line, in dense-id order
 * ids/items.txt   external item ids, one a line, item 1 first
 * history.tsv     each user's training sequence (dense item ids), one user a line
 * catalog.jsonl   item metadata, one item a line
 * </pre>
 *
 * The directory is written under a temporary name and renamed at the end, so a crash never
 * leaves a half-written artifact behind a valid-looking name. The checksum (SHA-256 over every
 * file but the manifest, in path order) is verified on load.
 */
public final class ModelArtifact {

    /** The attnrec version written into manifests. */
    public static final String VERSION = "0.1.0";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelArtifact() {}

    /**
     * Writes {@code model} and its provenance into {@code dir}, which must not exist or be empty.
     *
     * @param users external user ids of the training data, so the server finds users by name
     */
    public static void save(Path dir, Recommender model, ArtifactInfo info, TrainingData data, IdMap users)
            throws IOException {
        save(dir, model, info, data, users, Optional.empty());
    }

    /** As above, for a model grown from a parent: its {@code lineage} goes into the manifest. */
    public static void save(
            Path dir, Recommender model, ArtifactInfo info, TrainingData data, IdMap users, Optional<Lineage> lineage)
            throws IOException {
        if (users.size() != data.numUsers()) {
            throw new IllegalArgumentException("user map has " + users.size() + " users, data " + data.numUsers());
        }
        if (!(model instanceof Persistable persistable)) {
            throw new IllegalArgumentException("model '" + model.name() + "' cannot be saved");
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("output directory " + dir + " is not empty");
                }
            }
        }
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".tmp-");
        try {
            Path modelDir = Files.createDirectory(tmp.resolve("model"));
            persistable.save(modelDir);
            Path ids = Files.createDirectory(tmp.resolve("ids"));
            Files.write(ids.resolve("items.txt"), data.items().externalIds(), StandardCharsets.UTF_8);
            Files.write(ids.resolve("users.txt"), users.externalIds(), StandardCharsets.UTF_8);
            writeHistories(tmp.resolve("history.tsv"), data.sequences());
            writeCatalog(tmp.resolve("catalog.jsonl"), data.catalog());
            new Manifest(
                            Manifest.FORMAT,
                            info.model(),
                            info.options(),
                            info.seed(),
                            VERSION,
                            new Manifest.Data(
                                    info.dataName(),
                                    info.dataFingerprint(),
                                    data.numUsers(),
                                    data.numItems(),
                                    info.dataSpec()),
                            info.protocol(),
                            info.metrics(),
                            info.trainSeconds(),
                            model.trainingSteps(),
                            checksum(tmp),
                            lineage)
                    .write(tmp.resolve(Manifest.FILE));
            if (Files.isDirectory(dir)) {
                Files.delete(dir);
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteRecursively(tmp);
            throw e;
        }
    }

    /** Reads an artifact written by {@link #save}; fails with a clear message if it is damaged. */
    public static LoadedModel load(Path dir) throws IOException {
        return load(dir, Manifest.read(dir.resolve(Manifest.FILE)));
    }

    /**
     * As {@link #load(Path)}, with the artifact's manifest already read (by a caller that needs
     * it too) from {@code dir}.
     */
    public static LoadedModel load(Path dir, Manifest manifest) throws IOException {
        if (!manifest.checksum().equals(checksum(dir))) {
            throw new IllegalArgumentException("model directory " + dir + " is damaged: checksum mismatch");
        }
        Recommender model = Models.require(manifest.model()).load(dir.resolve("model"));
        try {
            IdMap items = readIds(dir.resolve("ids/items.txt"), true);
            int[][] histories = readHistories(dir.resolve("history.tsv"));
            IdMap users = readIds(dir.resolve("ids/users.txt"), false);
            ItemCatalog catalog = readCatalog(dir.resolve("catalog.jsonl"));
            return new LoadedModel(manifest.info(), manifest.version(), model, users, items, histories, catalog);
        } catch (IOException | RuntimeException e) {
            // the model may hold native memory: a failed load must not leak it
            if (model instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** A short content hash of training sequences: the same data gives the same fingerprint. */
    public static String fingerprint(TrainingData data) {
        MessageDigest md = sha256();
        byte[] buf = new byte[4];
        for (int[] seq : data.sequences()) {
            for (int item : seq) {
                putInt(buf, item);
                md.update(buf);
            }
            putInt(buf, -1);
            md.update(buf);
        }
        for (String id : data.items().externalIds()) {
            md.update(id.getBytes(StandardCharsets.UTF_8));
            md.update((byte) '\n');
        }
        return HexFormat.of().formatHex(md.digest(), 0, 8);
    }

    private static void putInt(byte[] buf, int v) {
        buf[0] = (byte) (v >>> 24);
        buf[1] = (byte) (v >>> 16);
        buf[2] = (byte) (v >>> 8);
        buf[3] = (byte) v;
    }

    private static void writeHistories(Path file, int[][] sequences) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int[] seq : sequences) {
                for (int i = 0; i < seq.length; i++) {
                    if (i > 0) {
                        w.write(' ');
                    }
                    w.write(Integer.toString(seq[i]));
                }
                w.write('\n');
            }
        }
    }

    // The readers below stream their file line by line: an artifact of a large catalogue or user
    // base is never held twice in memory (as text and as parsed data).

    private static IdMap readIds(Path file, boolean reservePadding) throws IOException {
        IdMap ids = new IdMap(reservePadding);
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                ids.add(line);
            }
        }
        return ids;
    }

    private static int[][] readHistories(Path file) throws IOException {
        List<int[]> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isEmpty()) {
                    out.add(new int[0]);
                    continue;
                }
                String[] parts = line.split(" ");
                int[] seq = new int[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    seq[i] = Integer.parseInt(parts[i]);
                }
                out.add(seq);
            }
        }
        return out.toArray(new int[0][]);
    }

    private static void writeCatalog(Path file, ItemCatalog catalog) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (ItemMeta m : catalog.items()) {
                w.write(JSON.writer()
                        .without(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(m));
                w.write('\n');
            }
        }
    }

    private static ItemCatalog readCatalog(Path file) throws IOException {
        Map<String, ItemMeta> byId = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (!line.isBlank()) {
                        ItemMeta m = JSON.readValue(line, ItemMeta.class);
                        byId.put(m.itemId(), m);
                    }
                }
            }
        }
        return new ItemCatalog(byId);
    }

    private static String checksum(Path dir) throws IOException {
        MessageDigest md = sha256();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals("manifest.json"))
                    .sorted(Comparator.comparing(p -> dir.relativize(p).toString()))
                    .toList();
        }
        byte[] buf = new byte[1 << 16];
        for (Path f : files) {
            md.update(dir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
            try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
                while (in.read(buf) >= 0) {
                    // DigestInputStream updates the digest as it reads.
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a leftover hidden temp directory is harmless.
        }
    }
}
