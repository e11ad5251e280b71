package io.attnrec.cli;

import io.attnrec.core.experiment.UseCases.UpdateConfig;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.serve.AttnrecServer;
import io.attnrec.serve.LogFormat;
import io.attnrec.serve.ServerConfig;
import io.attnrec.serve.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code attnrec serve}: the REST API over one model directory or a folder of them. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve recommendations over HTTP (REST API, durable event store, hot swap).")
final class ServeCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            required = true,
            paramLabel = "DIR",
            description = "A model directory written by attnrec train, or a folder of them (registry).")
    Path model;

    @Mixin
    DatabaseOption database;

    @Option(
            names = "--db-pool-size",
            defaultValue = "8",
            paramLabel = "N",
            description = "PostgreSQL: most pooled connections (default: ${DEFAULT-VALUE}).")
    int dbPoolSize;

    @Option(
            names = "--db-connect-timeout-ms",
            defaultValue = "2000",
            paramLabel = "MS",
            description = "PostgreSQL: longest wait for a connection; while the database is down, writes"
                    + " answer 503 after this long (default: ${DEFAULT-VALUE}).")
    long dbConnectTimeoutMs;

    @Option(
            names = "--db-statement-timeout-ms",
            defaultValue = "5000",
            paramLabel = "MS",
            description = "PostgreSQL: longest a statement may run (statement_timeout; the socket timeout"
                    + " is this plus 5 s; default: ${DEFAULT-VALUE}).")
    long dbStatementTimeoutMs;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "Port (0 = any free one; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--api-keys",
            paramLabel = "FILE",
            description = "File of write keys (one a line): every write needs 'Authorization: Bearer KEY';"
                    + " a write key also reads. Default: $ATTNREC_API_KEYS (comma-separated) if set.")
    Path apiKeys;

    @Option(
            names = "--read-keys",
            paramLabel = "FILE",
            description = "File of read keys (one a line): reads of user histories, recommendations,"
                    + " interests, the model list and /metrics then need a read or write key."
                    + " Default: $ATTNREC_READ_KEYS (comma-separated) if set.")
    Path readKeys;

    @Option(
            names = "--allow-open",
            description = "Allow a non-loopback --host without write keys or read keys (refused otherwise).")
    boolean allowOpen;

    @Option(
            names = "--allowed-origin",
            paramLabel = "ORIGIN",
            split = ",",
            description = "Browser origin (e.g. https://recs.example.com) allowed to call the API besides the"
                    + " server's own address; repeatable. Requests with any other Origin header get 403.")
    java.util.List<String> allowedOrigins = new java.util.ArrayList<>();

    @Option(
            names = "--cache-events",
            defaultValue = "1000000",
            paramLabel = "N",
            description = "Stored events kept in memory over all users (about 150 bytes each; 0 = none;"
                    + " default: ${DEFAULT-VALUE}). Ids nobody knows are never cached.")
    long cacheEvents;

    @Option(
            names = "--drain-timeout-ms",
            defaultValue = "10000",
            paramLabel = "MS",
            description = "On SIGTERM/Ctrl-C: longest wait for requests in flight to finish before the"
                    + " event store closes (default: ${DEFAULT-VALUE}).")
    long drainTimeoutMs;

    @Option(
            names = "--shutdown-grace-ms",
            defaultValue = "0",
            paramLabel = "MS",
            description = "On SIGTERM/Ctrl-C: keep serving this long after /ready turns 503, so that a load"
                    + " balancer stops sending first (default: ${DEFAULT-VALUE}).")
    long shutdownGraceMs;

    @Option(
            names = "--log-format",
            defaultValue = "text",
            paramLabel = "text|json",
            description = "Request logs (access line per request with request id, route, status, duration;"
                    + " request warnings): text lines on stderr, or json: one JSON object a line on stdout"
                    + " (default: ${DEFAULT-VALUE}).")
    String logFormat;

    @Option(names = "--no-access-log", description = "Do not log a line per request.")
    boolean noAccessLog;

    @Option(
            names = "--no-gc-after-activation",
            description = "Skip the full garbage collection after each model activation (it frees the"
                    + " load's direct buffers; without it resident memory grows with every hot swap).")
    boolean noGcAfterActivation;

    @Option(names = "--activate", paramLabel = "NAME", description = "Model of the folder to activate first.")
    String activate;

    @Option(
            names = "--new-item-slots",
            defaultValue = "2",
            paramLabel = "N",
            description = "Most catalogue items the model has never seen that the category fallback places in"
                    + " one list (ranks 3, 6, ...; models with content features score them instead);"
                    + " 0 = none (default: ${DEFAULT-VALUE}).")
    int newItemSlots;

    @Option(
            names = "--update-every",
            paramLabel = "DURATION",
            description = "Update the served model on this schedule (e.g. 1h, 30m, 90s, PT2H): train"
                    + " incrementally from the stored events, validate against the parent and hot-swap the"
                    + " result when it is not worse.")
    String updateEvery;

    @Option(
            names = "--update-dir",
            paramLabel = "DIR",
            description = "Where updated models are written (default: the --model folder, or beside a"
                    + " single model directory).")
    Path updateDir;

    @Option(
            names = "--update-set",
            paramLabel = "KEY=VALUE",
            description = "With --update-every: a training option of the fine-tuning that replaces the served"
                    + " model's, as attnrec update --set (repeatable; e.g. --update-set lr=0.0005).")
    Map<String, String> updateSet = new LinkedHashMap<>();

    /** With {@code --update-every}: how each update warm-starts and fine-tunes, as {@code attnrec update}. */
    @Mixin
    WarmStartOptions warm;

    @Override
    public Integer call() throws Exception {
        ServerConfig.Builder b = ServerConfig.builder()
                .models(model)
                .database(database.db)
                .host(host)
                .port(port);
        if (apiKeys != null) {
            b.apiKeys(ServerConfig.readApiKeys(apiKeys));
        } else {
            b.apiKeysFromEnvironment();
        }
        if (readKeys != null) {
            b.readKeys(ServerConfig.readApiKeys(readKeys));
        } else {
            b.readKeysFromEnvironment();
        }
        b.store(new StoreSettings(
                dbPoolSize, Duration.ofMillis(dbConnectTimeoutMs), Duration.ofMillis(dbStatementTimeoutMs)));
        b.drainTimeout(Duration.ofMillis(drainTimeoutMs)).shutdownGrace(Duration.ofMillis(shutdownGraceMs));
        b.logFormat(LogFormat.parse(logFormat)).accessLog(!noAccessLog).gcAfterActivation(!noGcAfterActivation);
        b.maxCachedEvents(cacheEvents)
                .allowOpen(allowOpen)
                .allowedOrigins(new java.util.LinkedHashSet<>(allowedOrigins));
        if (activate != null) {
            b.initialModel(activate);
        }
        b.newItemSlots(newItemSlots).updateDir(updateDir);
        io.attnrec.core.experiment.ModelUpdater updater = null;
        if (updateEvery != null) {
            b.updateEvery(parseDuration(updateEvery));
            updater = io.attnrec.core.experiment.ModelUpdater.forDatabase(database.db, updateConfig())
                    .orElseThrow(() -> new IllegalArgumentException(
                            "--update-every needs a model updater, and none is registered in this build"));
        }
        serve(b.build(), updater);
        return 0;
    }

    /**
     * The scheduled updates' settings: {@code attnrec update}'s defaults (tolerance, metric, seed)
     * with this command's warm-start flags and {@code --update-set} options.
     */
    UpdateConfig updateConfig() {
        UpdateConfig d = UpdateConfig.defaults();
        return new UpdateConfig(
                warm.toConfig(), d.tolerance(), d.metric(), d.eval(), d.seed(), new ModelOptions(updateSet));
    }

    /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 2d} or ISO-8601 ({@code PT1H30M}). */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(\\d{1,9})(s|m|h|d)").matcher(t);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "--update-every: '" + text + "' is not a duration like 90s, 30m, 1h, 2d or PT1H30M");
        }
    }

    /** Starts the server and blocks until the JVM is stopped (Ctrl-C). */
    static void serve(ServerConfig config) throws Exception {
        serve(config, null);
    }

    static void serve(ServerConfig config, io.attnrec.core.experiment.ModelUpdater updater) throws Exception {
        try (AttnrecServer server = new AttnrecServer(config).updater(updater)) {
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "attnrec-shutdown"));
            // In JSON mode standard output carries only JSON log lines.
            java.io.PrintStream banner = config.logFormat() == LogFormat.JSON ? System.err : System.out;
            banner.printf(
                    "attnrec serving on http://%s:%d  (try: curl http://%s:%d/health)%n",
                    config.host(), server.port(), config.host(), server.port());
            banner.flush();
            server.join();
        }
    }
}
