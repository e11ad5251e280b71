package io.attnrec.serve.model;

import io.attnrec.serve.retrieval.HnswConfig;
import io.attnrec.serve.retrieval.HnswIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.IntFunction;
import org.apache.lucene.util.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HNSW indexes kept on disk beside their model artifacts, so that activating a large model again
 * (after a restart, or swapping back) opens its index instead of rebuilding it, which takes
 * minutes at a million items.
 *
 * <p>The index of artifact {@code models/NAME} lives in {@code models/.NAME.hnsw/}: outside the
 * artifact, whose checksum covers every file inside it, and hidden, so the registry never lists
 * it as a model. Its {@code key.txt} says what it was built from: a digest of the artifact's
 * manifest (which holds the checksum of the weights), the item count and dimension, the graph
 * settings and the Lucene version. A different key means the model or the settings changed, and
 * the index is rebuilt. A new index is built in a temporary sibling folder and renamed into
 * place with its key, so a crash mid-build never leaves a half-built index behind a valid key.
 */
final class IndexCache {

    static final String KEY_FILE = "key.txt";
    /** Bump when the index layout (fields, doc values) changes. */
    private static final int FORMAT = 1;

    private static final Logger LOG = LoggerFactory.getLogger(IndexCache.class);

    /**
     * An index ready for searching.
     *
     * @param reused true when it was opened from disk, false when it was just built
     */
    record Opened(HnswIndex index, boolean reused) {}

    private IndexCache() {}

    /** Where the index of {@code artifact} is kept. */
    static Path home(Path artifact) {
        Path a = artifact.toAbsolutePath().normalize();
        return a.resolveSibling("." + a.getFileName() + ".hnsw");
    }

    /** What an index of {@code artifact}'s model with these settings must have been built from. */
    static String key(Path artifact, int numItems, int dim, HnswConfig config) throws IOException {
        byte[] manifest = Files.readAllBytes(artifact.resolve("manifest.json"));
        String digest;
        try {
            digest = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(manifest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
        return "format=" + FORMAT + "\nlucene=" + Version.LATEST + "\nmanifest_sha256=" + digest + "\nitems="
                + numItems + "\ndim=" + dim + "\nmax_conn=" + config.maxConn() + "\nbeam_width="
                + config.beamWidth() + "\nquantized=" + config.quantized() + "\n";
    }

    /**
     * Opens the index kept in {@code home} when its key is {@code key}; otherwise builds one and
     * keeps it there.
     *
     * @throws IOException when the index can neither be opened nor built and kept (for instance
     *     a read-only models folder)
     */
    static Opened openOrBuild(
            Path home, String key, int numItems, int dim, IntFunction<float[]> vectors, HnswConfig config)
            throws IOException {
        Path keyFile = home.resolve(KEY_FILE);
        if (Files.isRegularFile(keyFile)
                && Files.readString(keyFile, StandardCharsets.UTF_8).equals(key)) {
            try {
                return new Opened(HnswIndex.open(home, numItems, dim, vectors, config), true);
            } catch (IOException e) {
                LOG.warn("the stored index in {} is unreadable ({}); rebuilding it", home, e.getMessage());
            }
        }
        Path fresh = Files.createTempDirectory(home.getParent(), home.getFileName() + ".tmp-");
        try {
            HnswIndex.build(numItems, dim, vectors, config, fresh).close();
            Files.writeString(fresh.resolve(KEY_FILE), key, StandardCharsets.UTF_8);
            replace(fresh, home);
        } finally {
            ActiveModel.deleteTree(fresh); // gone already after a successful rename
        }
        return new Opened(HnswIndex.open(home, numItems, dim, vectors, config), false);
    }

    /**
     * Puts {@code fresh} in {@code home}'s place. Another server still reading the old index keeps
     * its memory-mapped files: on POSIX systems deleting them only removes the names.
     */
    private static void replace(Path fresh, Path home) throws IOException {
        if (Files.exists(home)) {
            Path old = Files.createTempDirectory(home.getParent(), home.getFileName() + ".old-");
            Files.delete(old); // only the unique name is wanted
            Files.move(home, old, StandardCopyOption.ATOMIC_MOVE);
            ActiveModel.deleteTree(old);
        }
        Files.move(fresh, home, StandardCopyOption.ATOMIC_MOVE);
    }
}
