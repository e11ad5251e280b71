package io.attnrec.serve;

import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.model.NewItems;
import io.attnrec.serve.model.UnknownModelException;
import io.attnrec.serve.store.EventStore;
import io.attnrec.serve.store.EventStoreException;
import io.attnrec.serve.store.RejectedInputException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attnrec HTTP service: REST API over a model registry and a durable event store.
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.builder()
 *         .models(Path.of("models"))          // a folder of artifacts, or one artifact dir
 *         .database("sqlite:events.db")
 *         .port(8080)
 *         .apiKeysFromEnvironment()          // ATTNREC_API_KEYS=key1,key2
 *         .readKeysFromEnvironment()         // ATTNREC_READ_KEYS=key3
 *         .build();
 * try (AttnrecServer server = new AttnrecServer(config)) {
 *     server.start();                        // loads the model, opens the store, binds
 *     System.out.println("listening on " + server.port());
 *     server.join();                         // until close() or JVM shutdown
 * }
 * }</pre>
 *
 * Routes (SPEC section 3): {@code POST /v1/events}, {@code GET
 * /v1/users/{id}/recommendations}, {@code POST /v1/recommendations}, {@code GET
 * /v1/users/{id}/interests}, {@code GET /v1/items/{id}/similar}, {@code PUT /v1/items/{id}},
 * {@code GET /v1/models}, {@code POST /v1/models/{name}/activate}, {@code GET /health}, {@code
 * GET /metrics}, {@code GET /ready}, {@code GET /live}. Access is checked by path before routing
 * ({@link AccessControl}): writes need a write key, reads under {@code /v1/} and {@code /metrics}
 * a read or write key, when such keys are configured. Every error is {@code {"error": CODE,
 * "message": TEXT}}. {@link #close()} shuts down gracefully (drains requests in flight).
 */
public final class AttnrecServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AttnrecServer.class);
    private static final String ROUTE = "attnrec.route";
    private static final String STARTED = "attnrec.started";
    private static final String REQUEST_ID = "attnrec.requestId";

    private final ServerConfig config;
    private final ModelRegistry models;
    private final boolean ownsModels;
    private final Object lifecycle = new Object();
    private final java.util.function.Function<ServerConfig, EventStore> storeOpener;
    private EventStore store;
    private StoreProbe storeProbe;
    private volatile boolean draining;
    private ServiceMetrics metrics;
    // volatile: request threads read the bound port through it (AccessControl's own origin)
    private volatile Javalin app;
    private boolean closing;
    private java.util.function.Consumer<String> jsonLogSink = System.out::println;
    private RequestLog requestLog;
    private io.attnrec.core.experiment.ModelUpdater updater;
    private UpdateScheduler updates;
    private final GracefulHandler graceful = new GracefulHandler();
    private boolean closed;

    /**
     * A server for the models in {@link ServerConfig#models()} (a folder of artifacts or one
     * artifact directory). Nothing is loaded or bound until {@link #start()}.
     *
     * @throws IllegalArgumentException if no models folder is configured or it holds no artifact
     */
    public AttnrecServer(ServerConfig config) {
        this(config, openModels(config), true);
    }

    /** A server for models given in code (tests, embedding in another application). */
    public AttnrecServer(ServerConfig config, ModelRegistry models) {
        this(config, models, false);
    }

    private AttnrecServer(ServerConfig config, ModelRegistry models, boolean ownsModels) {
        this(config, models, ownsModels, c -> EventStore.open(c.database(), c.store()));
    }

    /** A server whose event store is made by {@code storeOpener} (tests: a store that hangs). */
    AttnrecServer(
            ServerConfig config,
            ModelRegistry models,
            boolean ownsModels,
            java.util.function.Function<ServerConfig, EventStore> storeOpener) {
        this.config = config;
        this.models = models;
        this.ownsModels = ownsModels;
        this.storeOpener = storeOpener;
    }

    private static ModelRegistry openModels(ServerConfig config) {
        if (config.models() == null) {
            throw new IllegalArgumentException("no model folder given; pass --model DIR");
        }
        return ModelRegistry.open(config.models(), config.retrieval());
    }

    /**
     * Activates the initial model, opens the event store and starts listening.
     *
     * @throws IOException if the initial model cannot be loaded
     * @throws IllegalArgumentException for an unknown initial model or database URL
     * @throws EventStoreException if the database cannot be opened
     * @throws IllegalStateException if the port cannot be bound, or start was called twice
     */
    public AttnrecServer start() throws IOException {
        synchronized (lifecycle) {
            if (app != null || closing) {
                throw new IllegalStateException("server was already started");
            }
            if (config.updateEvery() != null && updater == null) {
                throw new IllegalArgumentException(
                        "--update-every needs a model updater, and none is available in this build");
            }
            java.nio.file.Path updateDir = config.updateEvery() != null ? updateDir() : null;
            NativeMemory.limitArenas(); // before model loads and request threads allocate natively
            String initial = config.initialModel() != null ? config.initialModel() : models.defaultName();
            try {
                models.activate(initial);
            } catch (UnknownModelException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            store = storeOpener.apply(config);
            try {
                storeProbe = new StoreProbe(store);
                requestLog = new RequestLog(config.logFormat(), config.accessLog(), jsonLogSink);
                UserEventCache cache = new UserEventCache(store, config.maxCachedEvents(), config.maxHistory());
                metrics = new ServiceMetrics(() -> models.activeName().orElse(null), cache::size, cache::weight);
                NewItems catalogue = new NewItems();
                Api api = new Api(config, store, models, metrics, cache, storeProbe, () -> draining, catalogue);
                metrics.newItems(() -> {
                    try (ModelRegistry.Lease lease = models.lease()) {
                        return lease.model().newItemCount(catalogue);
                    } catch (IllegalStateException e) {
                        return 0; // no model active
                    }
                });
                metrics.modelActivated(initial);
                app = createApp(api);
                app.start(config.host(), config.port());
                if (config.updateEvery() != null) {
                    updates =
                            new UpdateScheduler(updater, config.updateEvery(), models, updateDir, api::swapTo, metrics);
                    api.updates(updates);
                    updates.start();
                }
            } catch (RuntimeException e) {
                if (storeProbe != null) {
                    storeProbe.close();
                }
                store.close();
                if (metrics != null) {
                    metrics.close();
                }
                app = null;
                throw wrapBindFailure(e);
            }
            LOG.info(
                    "attnrec serving model '{}' on http://{}:{} (events in {})", initial, config.host(), port(), store);
            if (!ServerConfig.isLoopback(config.host())
                    && (config.apiKeys().isEmpty() || config.readKeys().isEmpty())) {
                LOG.warn(
                        "listening on {} with {} (allowed by --allow-open)",
                        config.host(),
                        config.apiKeys().isEmpty() ? "open writes" : "open reads");
            }
            return this;
        }
    }

    /** The port the server listens on (the real one when configured with port 0). */
    public int port() {
        synchronized (lifecycle) {
            if (app == null) {
                throw new IllegalStateException("server is not started");
            }
            return app.port();
        }
    }

    /** The bound port without taking the lifecycle lock (request threads); -1 when not bound. */
    private int boundPort() {
        Javalin a = app;
        return a == null ? -1 : a.port();
    }

    /** Runs one scheduled update now (tests); empty when no updates are scheduled. */
    java.util.Optional<String> updateNow() {
        return updates == null ? java.util.Optional.empty() : java.util.Optional.of(updates.runOnce());
    }

    /** The registry of served models (to activate one from code). */
    public ModelRegistry models() {
        return models;
    }

    /** Blocks until {@link #close()} is called (for a command-line {@code serve}). */
    public void join() throws InterruptedException {
        synchronized (lifecycle) {
            while (!closed && app != null) {
                lifecycle.wait();
            }
        }
    }

    /**
     * Shuts down gracefully: {@code /ready} answers 503 at once; after the configured grace
     * period (time for a load balancer to notice) the server stops accepting connections and
     * waits up to the drain timeout for the requests in flight to finish; then the event store
     * closes (after its last commit), and the models. Safe to call from a shutdown hook (SIGTERM)
     * and more than once.
     */
    @Override
    public void close() {
        Javalin running;
        synchronized (lifecycle) {
            if (closing) {
                return;
            }
            closing = true;
            running = app;
        }
        draining = true;
        long t0 = System.nanoTime();
        if (running != null) {
            LOG.info(
                    "shutting down: /ready answers 503; {} requests in flight get up to {} ms to finish",
                    graceful.getCurrentRequestCount(),
                    config.shutdownGrace().toMillis() + config.drainTimeout().toMillis());
            sleep(config.shutdownGrace().toMillis());
            // Jetty's graceful stop (GracefulHandler + stop timeout): stop accepting, let the
            // requests in flight finish, then stop.
            running.stop();
        }
        if (updates != null) {
            updates.close(); // an update in flight is interrupted; nothing it wrote is served
        }
        synchronized (lifecycle) {
            app = null;
            if (storeProbe != null) {
                storeProbe.close();
            }
            if (store != null) {
                store.close(); // waits for a commit still running
            }
            if (metrics != null) {
                metrics.close();
            }
            if (ownsModels) {
                models.close();
            }
            closed = true;
            if (running != null) {
                LOG.info(
                        "stopped after {} ms: requests drained, event store closed after its last commit",
                        (System.nanoTime() - t0) / 1_000_000);
            }
            lifecycle.notifyAll();
        }
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Javalin createApp(Api api) {
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.http.prefer405over404 = true;
            cfg.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrorHandler());
                // Graceful stop: requests in flight finish (up to the drain timeout) before the
                // server's threads stop; new connections are refused meanwhile.
                server.insertHandler(graceful);
                server.setStopTimeout(config.drainTimeout().toMillis());
            });
            cfg.requestLogger.http((ctx, ms) -> {
                Long t0 = ctx.attribute(STARTED);
                long nanos = t0 != null ? System.nanoTime() - t0 : (long) (ms * 1e6);
                String route = route(ctx);
                metrics.request(ctx.method().name(), route, ctx.statusCode(), nanos);
                requestLog.access(requestId(ctx), ctx.method().name(), route, ctx.statusCode(), nanos);
            });
            // Access is checked by path before any route (AccessControl), so routes added later
            // under /v1/ are protected without asking for it.
            cfg.routes.before(ctx -> {
                ctx.attribute(STARTED, System.nanoTime());
                String id = RequestLog.requestId(ctx.header(RequestLog.HEADER));
                ctx.attribute(REQUEST_ID, id);
                ctx.header(RequestLog.HEADER, id);
            });
            cfg.routes.before(new AccessControl(config, this::boundPort));
            cfg.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
            cfg.routes.exception(
                    HttpResponseException.class,
                    (e, ctx) -> error(ctx, e.getStatus(), JsonErrorHandler.codeName(e.getStatus()), message(e)));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                requestLog.error(requestId(ctx), ctx.method().name(), route(ctx), e);
                error(ctx, 500, "internal", "internal error; see the server log");
            });
            cfg.routes.post("/v1/events", wrap("/v1/events", api::postEvents));
            cfg.routes.get(
                    "/v1/users/{id}/recommendations", wrap("/v1/users/{id}/recommendations", api::userRecommendations));
            cfg.routes.post("/v1/recommendations", wrap("/v1/recommendations", api::adHocRecommendations));
            cfg.routes.get("/v1/users/{id}/interests", wrap("/v1/users/{id}/interests", api::interests));
            cfg.routes.get("/v1/items/{id}/similar", wrap("/v1/items/{id}/similar", api::similarItems));
            cfg.routes.put("/v1/items/{id}", wrap("/v1/items/{id}", api::putItem));
            cfg.routes.get("/v1/models", wrap("/v1/models", api::listModels));
            cfg.routes.post("/v1/models/{name}/activate", wrap("/v1/models/{name}/activate", api::activate));
            cfg.routes.get("/health", wrap("/health", api::health));
            cfg.routes.get("/ready", wrap("/ready", api::ready));
            cfg.routes.get("/live", wrap("/live", api::live));
            cfg.routes.get(
                    "/metrics",
                    wrap(
                            "/metrics",
                            ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                                    .result(metrics.scrape())));
            // Dashboard (issue 15): read endpoints through the same checks, and its static files.
            new ReadApi(config, store, models, metrics)
                    .routes((method, route, h) -> cfg.routes.addHttpHandler(method, route, wrap(route, h)));
            new DashboardAssets().routes(cfg.routes);
        });
    }

    /**
     * The updater that {@link ServerConfig#updateEvery()} runs on a schedule (issue 16); before
     * {@link #start()}.
     */
    public AttnrecServer updater(io.attnrec.core.experiment.ModelUpdater updater) {
        synchronized (lifecycle) {
            if (app != null) {
                throw new IllegalStateException("set the updater before start()");
            }
            this.updater = updater;
            return this;
        }
    }

    /** Where new models of scheduled updates go: the configured folder, the models folder, or beside one artifact. */
    private java.nio.file.Path updateDir() {
        if (config.updateDir() != null) {
            return config.updateDir();
        }
        if (config.models() == null) {
            throw new IllegalArgumentException("scheduled updates of models given in code need an update folder");
        }
        java.nio.file.Path m = config.models().toAbsolutePath().normalize();
        return java.nio.file.Files.isRegularFile(m.resolve("manifest.json")) ? m.getParent() : m;
    }

    /** Where JSON log lines go (standard output unless a test says otherwise); before start. */
    void jsonLogSink(java.util.function.Consumer<String> sink) {
        this.jsonLogSink = sink;
    }

    private static String requestId(Context ctx) {
        String id = ctx.attribute(REQUEST_ID);
        return id == null ? "-" : id;
    }

    /**
     * The route template of a request (never its path, which holds user ids): the one our
     * handler named, else the endpoint Javalin matched (routes added by others), else
     * "unmatched" (404, or refused before routing).
     */
    private static String route(Context ctx) {
        Object named = ctx.attribute(ROUTE);
        if (named != null) {
            return named.toString();
        }
        try {
            io.javalin.router.Endpoint e = ctx.endpoints().matchedHttpEndpoint();
            if (e != null) {
                return e.path;
            }
        } catch (RuntimeException e) {
            // no endpoint matched
        }
        return "unmatched";
    }

    /** Names the route for metrics and turns every failure into a JSON error. */
    private Handler wrap(String route, Handler handler) {
        return ctx -> {
            ctx.attribute(ROUTE, route);
            try {
                handler.handle(ctx);
            } catch (ApiException e) {
                error(ctx, e.status(), e.code(), e.getMessage());
            } catch (RejectedInputException e) {
                // The input itself is at fault (SQLSTATE 22/23): a retry cannot succeed, so no 503.
                requestLog.warn(
                        requestId(ctx),
                        ctx.method().name(),
                        route,
                        "the database refused the input: " + e.getMessage());
                error(ctx, 400, "bad_request", e.getMessage() + "; nothing was written");
            } catch (EventStoreException e) {
                // Expected while the database is down: one line per request, not a stack trace.
                requestLog.warn(
                        requestId(ctx), ctx.method().name(), route, "event store unavailable: " + e.getMessage());
                LOG.debug("event store failure", e);
                error(
                        ctx,
                        503,
                        "store_unavailable",
                        "the event store is unavailable; nothing was written, retry later");
            } catch (HttpResponseException e) {
                error(ctx, e.getStatus(), JsonErrorHandler.codeName(e.getStatus()), message(e));
            } catch (Exception e) {
                requestLog.error(requestId(ctx), ctx.method().name(), route, e);
                error(ctx, 500, "internal", "internal error; see the server log");
            }
        };
    }

    private static void error(Context ctx, int status, String code, String message) {
        ctx.status(status);
        Api.json(ctx, new Responses.Error(code, message));
    }

    private static String message(HttpResponseException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? "HTTP " + e.getStatus() : m;
    }

    private RuntimeException wrapBindFailure(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.net.BindException) {
            return new IllegalStateException(
                    "cannot listen on " + config.host() + ":" + config.port() + ": " + root.getMessage(), e);
        }
        return e;
    }
}
