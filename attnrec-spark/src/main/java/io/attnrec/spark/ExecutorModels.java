package io.attnrec.spark;

import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkFiles;

/**
 * Saved models on the executors. The driver ships the artifact directory with {@link
 * SparkContext#addFile(String, boolean)}, so each executor fetches it once; the first task of a job
 * on an executor loads it, and every later task of that executor reuses the same instance
 * ({@code Recommender}s are safe to call from several threads, and a model of a few hundred MB
 * loaded once per task would cost more than the scoring). Tasks keep their own score buffers.
 */
public final class ExecutorModels {

    private static final ConcurrentMap<String, LoadedModel> LOADED = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    /**
     * Ships {@code dir} to the executors (driver side); returns the name that {@link #get} takes.
     */
    public static String ship(SparkContext sc, Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        String name = abs.getFileName().toString();
        if (!sc.listFiles().exists(f -> f.endsWith("/" + name) || f.endsWith("/" + name + "/"))) {
            sc.addFile(abs.toString(), true);
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
