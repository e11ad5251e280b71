package io.attnrec.spark;

import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Saved models on the executors. The driver zips the artifact directory and broadcasts the bytes,
 * so each executor receives it once (BitTorrent-like, from the driver and its peers) whatever the
 * master; the first task of a job on an executor unpacks and loads it, and every later task of that
 * executor reuses the same instance ({@code Recommender}s are safe to call from several threads, and
 * a model of a few hundred MB loaded once per task would cost more than the scoring). Tasks keep
 * their own score buffers. ({@code SparkContext.addFile} refuses a directory outside local mode.)
 */
public final class ExecutorModels {

    private static final ConcurrentMap<String, LoadedModel> LOADED = new ConcurrentHashMap<>();

    /**
     * A shipped model: a name unique to the directory and its contents, and the zipped files.
     *
     * @param name key of the executor's loaded instance
     * @param zip the artifact directory as a zip archive
     */
    public record Shipped(String name, Broadcast<byte[]> zip) implements Serializable {}

    private ExecutorModels() {}

    /** Ships the model saved in {@code dir} to the executors (driver side). */
    public static Shipped ship(JavaSparkContext sc, Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new NoSuchFileException(abs.toString(), null, "no such model directory");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes);
                Stream<Path> files = Files.walk(abs)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new ZipEntry(abs.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        byte[] zip = bytes.toByteArray();
        // the same directory saved again (other weights) must not reuse an executor's old instance
        String name = abs + "#" + java.util.Arrays.hashCode(zip) + "#" + zip.length;
        return new Shipped(name, sc.broadcast(zip));
    }

    /** Removes an unpacked model when the executor exits (best effort). */
    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // nothing to do at shutdown: the folder is in the temporary directory
        }
    }

    /** The shipped model, unpacked and loaded once per executor JVM (executor side). */
    public static LoadedModel get(Shipped model) {
        return LOADED.computeIfAbsent(model.name(), n -> {
            try {
                Path dir = Files.createTempDirectory("attnrec-model");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
                try (ZipInputStream in =
                        new ZipInputStream(new ByteArrayInputStream(model.zip().value()))) {
                    for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                        Path f = dir.resolve(e.getName()).normalize();
                        if (!f.startsWith(dir)) {
                            throw new IOException("bad entry in the shipped model: " + e.getName());
                        }
                        Files.createDirectories(f.getParent());
                        Files.copy(in, f);
                    }
                }
                return ModelArtifact.load(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the shipped model " + n + ": " + e.getMessage(), e);
            }
        });
    }
}
