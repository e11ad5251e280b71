package io.attnrec.cli;

import io.attnrec.serve.AttnrecServer;
import io.attnrec.serve.LogFormat;
import io.attnrec.serve.ServerConfig;
import io.attnrec.serve.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

    @Option(
            names = "--db",
            defaultValue = "sqlite:attnrec-events.db",
            paramLabel = "URL",
            description = "Event store: sqlite:FILE or jdbc:postgresql://... (default: ${DEFAULT-VALUE}).")
    String db;

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

    @Override
    public Integer call() throws Exception {
        ServerConfig.Builder b =
                ServerConfig.builder().models(model).database(db).host(host).port(port);
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
        serve(b.build());
        return 0;
    }

    /** Starts the server and blocks until the JVM is stopped (Ctrl-C). */
    static void serve(ServerConfig config) throws Exception {
        try (AttnrecServer server = new AttnrecServer(config)) {
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
