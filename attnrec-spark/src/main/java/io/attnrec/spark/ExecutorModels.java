package io.attnrec.spark;

import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkFiles;

/**
 * Saved models on the executors. The driver ships the artifact directory as an archive, so each
 * executor fetches and unpacks it once; the first task of a job
 * on an executor loads it, and every later task of that executor reuses the same instance
 * ({@code Recommender}s are safe to call from several threads, and a model of a few hundred MB
 * loaded once per task would cost more than the scoring). Tasks keep their own score buffers.
 */
public final class ExecutorModels {

    private static final ConcurrentMap<String, LoadedModel> LOADED = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    /**
     * Ships {@code dir} to the executors (driver side); returns the name that {@link #get} takes.
     * The directory goes as a zip archive ({@link SparkContext#addArchive}), which every master
     * accepts (a plain directory is refused outside local mode) and each executor unpacks once.
     */
    public static String ship(SparkContext sc, Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new NoSuchFileException(abs.toString(), null, "no such model directory");
        }
        // the name identifies the directory, so two models of the same folder name do not collide
        String name = "model-" + abs.getFileName() + "-"
                + Integer.toHexString(abs.toString().hashCode()) + ".zip";
        if (!sc.listArchives().exists(f -> f.endsWith("/" + name))) {
            Path zip = Files.createTempDirectory("attnrec-model").resolve(name);
            zip.toFile().deleteOnExit();
            zip.getParent().toFile().deleteOnExit();
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
                    Stream<Path> files = Files.walk(abs)) {
                for (Path f :
                        (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    out.putNextEntry(new ZipEntry(abs.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            sc.addArchive(zip.toUri().toString());
        }
        return name;
    }

    /** The model shipped as {@code name}, loaded once per executor JVM (executor side). */
    public static LoadedModel get(String name) {
        String local = SparkFiles.get(name);
        return LOADED.computeIfAbsent(local, p -> {
            try {
                return ModelArtifact.load(Path.of(p));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the model shipped as " + name + ": " + e.getMessage(), e);
            }
        });
    }
}
