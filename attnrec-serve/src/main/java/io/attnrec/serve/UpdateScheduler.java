package io.attnrec.serve;

import io.attnrec.core.experiment.ModelUpdater;
import io.attnrec.core.experiment.UpdateOutcome;
import io.attnrec.serve.model.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ModelUpdater} on a schedule ({@code attnrec serve --update-every 1h}, issue 16)
 * and serves its model when the update is accepted, through the same hot swap as {@code POST
 * /v1/models/{name}/activate}. One update at a time, on one background thread, the next one
 * {@code every} after the previous ended. The parent is the artifact of the model served when the
 * update starts; the new artifact goes to {@code <update dir>/<parent>-uYYYYMMDD-HHMMSS}.
 *
 * <p>A failed update (an exception, an artifact that will not load) or a rejected one changes
 * nothing that is served: requests keep going to the model they went to. Every run ends in one
 * log line and one count of {@code attnrec_updates_total{outcome}}: {@code accepted}, {@code
 * rejected}, {@code failed}, or {@code skipped} (the active model has no artifact directory).
 */
final class UpdateScheduler implements AutoCloseable {

    /** What {@code GET /v1/models} shows under {@code updates}. */
    record Status(
            long everySeconds,
            String lastRun,
            String lastOutcome,
            String lastReason,
            String lastModel,
            String lastParent,
            Map<String, Double> lastMetrics,
            String nextRun) {}

    /** Serves a model by name (the server's hot swap). */
    @FunctionalInterface
    interface Swap {
        void to(String name) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(UpdateScheduler.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** A suffix of an earlier update, dropped so names do not grow with every generation. */
    private static final Pattern SUFFIX = Pattern.compile("-u\\d{8}-\\d{6}(-\\d+)?$");

    private final ModelUpdater updater;
    private final Duration every;
    private final ModelRegistry models;
    private final Path updateDir;
    private final Swap swap;
    private final ServiceMetrics metrics;
    private final ScheduledExecutorService executor;
    private volatile Status status;

    /** @param updateDir where new artifacts go */
    UpdateScheduler(
            ModelUpdater updater,
            Duration every,
            ModelRegistry models,
            Path updateDir,
            Swap swap,
            ServiceMetrics metrics) {
        this.updater = updater;
        this.every = every;
        this.models = models;
        this.updateDir = updateDir;
        this.swap = swap;
        this.metrics = metrics;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "attnrec-updater");
            t.setDaemon(true);
            return t;
        });
        this.status = new Status(
                every.toSeconds(),
                null,
                null,
                null,
                null,
                null,
                Map.of(),
                Instant.now().plus(every).toString());
    }

    /** Starts the schedule: the first update {@code every} from now. */
    void start() {
        executor.scheduleWithFixedDelay(this::runSafely, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("model updates every {} into {}", every, updateDir);
    }

    Status status() {
        return status;
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException | Error e) {
            // never let one run end the schedule
            LOG.warn("model update failed unexpectedly", e);
        }
    }

    /** One update now, on the calling thread (the schedule calls it; tests too). */
    synchronized String runOnce() {
        long t0 = System.nanoTime();
        String parentName = models.activeName().orElse(null);
        Optional<Path> parent = parentName == null ? Optional.empty() : models.artifact(parentName);
        if (parent.isEmpty()) {
            return finish(
                    "skipped",
                    "the active model '" + parentName + "' has no artifact directory",
                    null,
                    parentName,
                    Map.of(),
                    t0);
        }
        Path out;
        UpdateOutcome outcome;
        try {
            Files.createDirectories(updateDir);
            out = freshDir(parentName);
            LOG.info("model update of '{}' started, writing {}", parentName, out);
            outcome = updater.update(parent.get(), out);
        } catch (IOException | RuntimeException e) {
            LOG.debug("model update failure", e);
            return finish("failed", "the updater failed: " + e, null, parentName, Map.of(), t0);
        }
        if (outcome == null) {
            return finish("failed", "the updater returned nothing", null, parentName, Map.of(), t0);
        }
        if (outcome.status() == UpdateOutcome.Status.NOTHING_TO_DO) {
            return finish("skipped", outcome.message(), null, parentName, Map.of(), t0);
        }
        if (!outcome.accepted()) {
            return finish("rejected", outcome.message(), null, parentName, outcome.metrics(), t0);
        }
        Path model = outcome.model().toAbsolutePath().normalize();
        String name;
        try {
            // registered even inside the scanned models folder: the registry records the parent
            name = models.register(model, parentName);
            swap.to(name);
        } catch (IOException | RuntimeException e) {
            LOG.debug("activation of an updated model failed", e);
            return finish(
                    "failed",
                    "the new model " + model + " could not be served (" + e.getMessage() + "); '" + parentName
                            + "' is still served",
                    model.getFileName().toString(),
                    parentName,
                    outcome.metrics(),
                    t0);
        }
        return finish("accepted", outcome.message(), name, parentName, outcome.metrics(), t0);
    }

    private String finish(
            String outcome, String reason, String model, String parent, Map<String, Double> figures, long t0) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        metrics.update(outcome, seconds);
        Instant now = Instant.now();
        status = new Status(
                every.toSeconds(),
                now.toString(),
                outcome,
                reason,
                model,
                parent,
                figures,
                now.plus(every).toString());
        if (outcome.equals("accepted")) {
            LOG.info(
                    "model update accepted: now serving '{}' (parent '{}') after {} s: {} {}",
                    model,
                    parent,
                    String.format(java.util.Locale.ROOT, "%.1f", seconds),
                    reason,
                    figures);
        } else {
            LOG.warn(
                    "model update {}: '{}' is still served ({} s): {} {}",
                    outcome,
                    models.activeName().orElse(null),
                    String.format(java.util.Locale.ROOT, "%.1f", seconds),
                    reason,
                    figures);
        }
        return outcome;
    }

    private Path freshDir(String parent) {
        String base = SUFFIX.matcher(parent).replaceFirst("");
        base = base.length() > 100 ? base.substring(0, 100) : base;
        String stamp = STAMP.format(Instant.now());
        Path dir = updateDir.resolve(base + "-u" + stamp);
        for (int n = 2; Files.exists(dir); n++) {
            dir = updateDir.resolve(base + "-u" + stamp + "-" + n);
        }
        return dir;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
