package io.attnrec.serve.model;

import io.attnrec.core.model.Manifest;
import io.attnrec.serve.retrieval.RetrievalConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models a server can serve and the one it serves now.
 *
 * <p>Models come from a folder of artifact directories (each holding a {@code manifest.json},
 * rescanned on every listing so that newly trained models appear without a restart), from a
 * single artifact directory, or from code. Activation loads and prepares the new model
 * completely (index included) before one atomic reference swap; requests that started earlier
 * finish on the model they leased, so no request fails during a swap. Only the active model is
 * kept in memory: a model loaded from disk is closed (native memory freed, if it is {@link
 * AutoCloseable}) once it is retired and its last request is done.
 */
public final class ModelRegistry implements AutoCloseable {

    /**
     * One model that can be activated.
     *
     * @param name served name
     * @param type model type from the manifest (e.g. {@code "sasrec"}), or {@code null} if
     *     unreadable
     * @param active whether it is being served now
     * @param dataName training data name, or {@code null}
     * @param metrics validation metrics from the manifest (may be empty)
     * @param parent the model it was grown from (issue 16): its manifest's {@code lineage.parent}
     *     folder name, or the model a scheduled update of this server made it from; else null
     * @param lineage the manifest's {@code lineage} object as written, or null
     */
    public record Entry(
            String name,
            String type,
            boolean active,
            String dataName,
            Map<String, Double> metrics,
            String parent,
            Map<String, Object> lineage) {

        /** An entry without lineage. */
        public Entry(String name, String type, boolean active, String dataName, Map<String, Double> metrics) {
            this(name, type, active, dataName, metrics, null, null);
        }
    }

    /** A request's hold on the active model; close it when the request is done. */
    public static final class Lease implements AutoCloseable {
        private final ActiveModel model;
        private boolean closed;

        private Lease(ActiveModel model) {
            this.model = model;
        }

        public ActiveModel model() {
            return model;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                model.release();
            }
        }
    }

    private interface Source {
        ServedModel load() throws IOException;

        /** True when every load returns a fresh model that only the registry holds. */
        boolean fresh();

        /** The artifact directory the model is loaded from, or {@code null}. */
        default Path artifact() {
            return null;
        }

        Entry describe(boolean active);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final Path folder;
    private final Path single;
    private final Map<String, ServedModel> inMemory;
    private final RetrievalConfig retrieval;
    private final AtomicReference<ActiveModel> active = new AtomicReference<>();
    private final AtomicLong swaps = new AtomicLong();
    private final Object sideLock = new Object();
    /** Artifact directories added after start ({@link #register}), by name. */
    private final Map<String, Path> registered = new java.util.concurrent.ConcurrentHashMap<>();
    /** Parents of the models this server's updates made, by name. */
    private final Map<String, String> parents = new java.util.concurrent.ConcurrentHashMap<>();
    /** A model other than the active one, loaded for side-by-side reads ({@link #leaseAny}). */
    private ActiveModel side;

    private ModelRegistry(Path folder, Path single, Map<String, ServedModel> inMemory, RetrievalConfig retrieval) {
        this.folder = folder;
        this.single = single;
        this.inMemory = inMemory;
        this.retrieval = retrieval;
    }

    /**
     * Models from {@code path}: a single artifact directory (it has a {@code manifest.json}) or a
     * folder whose sub-folders are artifacts.
     *
     * @throws IllegalArgumentException when {@code path} holds no artifact
     */
    public static ModelRegistry open(Path path, RetrievalConfig retrieval) {
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("model folder " + path + " does not exist");
        }
        ModelRegistry r;
        if (Files.isRegularFile(path.resolve("manifest.json"))) {
            r = new ModelRegistry(null, path, Map.of(), retrieval);
        } else {
            r = new ModelRegistry(path, null, Map.of(), retrieval);
        }
        if (r.sources().isEmpty()) {
            throw new IllegalArgumentException("no model artifacts in " + path
                    + " (expected folders with a manifest.json; train one with 'attnrec train')");
        }
        return r;
    }

    /** Models built in code, served under their {@link ServedModel#name()}. */
    public static ModelRegistry of(List<ServedModel> models, RetrievalConfig retrieval) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("at least one model is required");
        }
        Map<String, ServedModel> byName = new LinkedHashMap<>();
        for (ServedModel m : models) {
            if (byName.put(m.name(), m) != null) {
                throw new IllegalArgumentException("two models are named '" + m.name() + "'");
            }
        }
        return new ModelRegistry(null, null, byName, retrieval);
    }

    /** All models that can be activated, sorted by name. */
    public List<Entry> list() {
        String current = activeName().orElse(null);
        List<Entry> out = new ArrayList<>();
        sources().forEach((name, s) -> out.add(s.describe(name.equals(current))));
        return out;
    }

    /**
     * A hold on model {@code name} for reads: the active model, or another one loaded beside it
     * (to compare two models for one user). One such side model is kept at a time; asking for
     * another replaces it, and it is freed once its last request is done.
     *
     * @throws UnknownModelException if there is no such model
     * @throws IOException if its artifact cannot be read
     */
    public Lease leaseAny(String name) throws IOException {
        ActiveModel current = active.get();
        if (current != null && current.served().name().equals(name)) {
            return lease();
        }
        synchronized (sideLock) {
            if (side == null || !side.served().name().equals(name)) {
                Source source = sources().get(name);
                if (source == null) {
                    throw new UnknownModelException("no model named '" + name + "'; available: "
                            + String.join(", ", sources().keySet()));
                }
                ActiveModel next = ActiveModel.prepare(source.load(), retrieval, source.fresh(), source.artifact());
                ActiveModel old = side;
                side = next;
                if (old != null) {
                    old.release();
                }
            }
            side.tryAcquire(); // cannot fail: the registry's own reference keeps it alive
            return new Lease(side);
        }
    }

    /**
     * The artifact directory model {@code name} is loaded from (to read its manifest and training
     * curve); empty for a model given in code or an unknown name.
     */
    public Optional<Path> artifact(String name) {
        Source s = sources().get(name);
        return s == null ? Optional.empty() : Optional.ofNullable(s.artifact());
    }

    /**
     * Makes the artifact in {@code dir} activatable (a model written outside the models folder,
     * e.g. by a scheduled update beside a single artifact) and records {@code parent} as the model
     * it was made from.
     *
     * @return the name it is served under (its folder's name)
     */
    public String register(Path dir, String parent) {
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        registered.put(name, dir);
        if (parent != null) {
            parents.put(name, parent);
        }
        return name;
    }

    /** The name to serve when none is given: the only model, or the first by name. */
    public String defaultName() {
        return sources().keySet().iterator().next();
    }

    /** Name of the active model, if one was activated. */
    public Optional<String> activeName() {
        ActiveModel m = active.get();
        return m == null ? Optional.empty() : Optional.of(m.served().name());
    }

    /** Number of activations so far. */
    public long swaps() {
        return swaps.get();
    }

    /**
     * Loads, prepares and then serves model {@code name}; activating the active model again
     * reloads it from disk. Activations run one at a time; requests keep being answered by the
     * previous model meanwhile.
     *
     * @throws UnknownModelException if there is no such model
     * @throws IOException if its artifact cannot be read
     */
    public synchronized void activate(String name) throws IOException {
        Source source = sources().get(name);
        if (source == null) {
            throw new UnknownModelException("no model named '" + name + "'; available: "
                    + String.join(", ", sources().keySet()));
        }
        long t0 = System.nanoTime();
        ServedModel served = null;
        ActiveModel next = null;
        try {
            served = source.load();
            next = ActiveModel.prepare(served, retrieval, source.fresh(), source.artifact());
            next.warmUp();
        } catch (IOException | RuntimeException e) {
            // A model loaded for this activation and now abandoned: free its native memory (and
            // index) at once instead of leaving it to a finalizer that may never run.
            if (next != null) {
                next.release();
            } else if (served != null && source.fresh()) {
                closeQuietly(served.model(), e);
            }
            throw e;
        }
        LOG.info(
                "model '{}' ready in {} ms ({})",
                name,
                (System.nanoTime() - t0) / 1_000_000,
                !next.usesAnn() ? "exact scoring" : next.indexReused() ? "stored HNSW index" : "HNSW index built");
        ActiveModel previous = active.getAndSet(next);
        swaps.incrementAndGet();
        if (previous != null) {
            previous.release(); // the registry's own reference; requests in flight hold theirs
        }
    }

    /**
     * Takes a hold on the active model for one request.
     *
     * @throws IllegalStateException if no model was activated yet
     */
    public Lease lease() {
        while (true) {
            ActiveModel m = active.get();
            if (m == null) {
                throw new IllegalStateException("no model is active");
            }
            // Fails only if m was retired and freed between get() and here: read again.
            if (m.tryAcquire()) {
                return new Lease(m);
            }
        }
    }

    @Override
    public synchronized void close() {
        ActiveModel m = active.getAndSet(null);
        if (m != null) {
            m.release();
        }
        synchronized (sideLock) {
            if (side != null) {
                side.release();
                side = null;
            }
        }
    }

    /** Closes a model nobody else holds; a failure to close is attached to {@code cause}. */
    static void closeQuietly(Object model, Throwable cause) {
        if (model instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
    }

    private Map<String, Source> sources() {
        Map<String, Source> out = new TreeMap<>();
        inMemory.forEach((name, m) -> out.put(name, new Source() {
            @Override
            public ServedModel load() {
                return m;
            }

            @Override
            public boolean fresh() {
                return false; // the caller owns models given in code
            }

            @Override
            public Entry describe(boolean isActive) {
                return new Entry(
                        name,
                        m.type(),
                        isActive,
                        m.info() == null ? null : m.info().dataName(),
                        m.info() == null ? Map.of() : m.info().metrics());
            }
        }));
        if (single != null) {
            addDir(out, single);
        }
        registered.values().forEach(dir -> addDir(out, dir));
        if (folder != null) {
            try (Stream<Path> s = Files.list(folder)) {
                s.filter(p -> Files.isRegularFile(p.resolve("manifest.json")))
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .forEach(p -> addDir(out, p));
            } catch (IOException e) {
                // The folder vanished or is unreadable: nothing new to offer; the active model
                // stays in service.
            }
        }
        return out;
    }

    private void addDir(Map<String, Source> out, Path dir) {
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        out.put(name, new Source() {
            @Override
            public ServedModel load() throws IOException {
                return ServedModel.load(dir);
            }

            @Override
            public boolean fresh() {
                return true;
            }

            @Override
            public Path artifact() {
                return dir;
            }

            @Override
            public Entry describe(boolean isActive) {
                try {
                    Manifest manifest = Manifest.read(dir.resolve(Manifest.FILE));
                    Map<String, Object> lineage = lineage(dir);
                    String parent = lineage != null && lineage.get("parent") instanceof String p
                            ? Path.of(p).normalize().getFileName().toString()
                            : parents.get(name);
                    return new Entry(
                            name,
                            manifest.model(),
                            isActive,
                            manifest.data().name(),
                            new TreeMap<>(manifest.metrics()),
                            parent,
                            lineage);
                } catch (IOException | IllegalArgumentException e) {
                    return new Entry(name, null, isActive, null, Map.of(), parents.get(name), null);
                }
            }
        });
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * The manifest's {@code lineage} object (written by incremental training), read as plain JSON
     * so that this listing needs nothing but the key; null when there is none.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> lineage(Path dir) {
        try {
            Map<String, Object> raw = JSON.readValue(dir.resolve(Manifest.FILE).toFile(), Map.class);
            return raw.get("lineage") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
