package io.attnrec.serve;

import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.model.UnknownModelException;
import io.attnrec.serve.store.EventStore;
import io.attnrec.serve.store.EventStoreException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
 * GET /metrics}. Writes (events, items, activation) need {@code Authorization: Bearer KEY} when
 * keys are configured. Every error is {@code {"error": CODE, "message": TEXT}}.
 */
public final class AttnrecServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AttnrecServer.class);
    private static final String ROUTE = "attnrec.route";
    private static final String STARTED = "attnrec.started";

    private final ServerConfig config;
    private final ModelRegistry models;
    private final boolean ownsModels;
    private final Object lifecycle = new Object();
    private EventStore store;
    private ServiceMetrics metrics;
    private Javalin app;
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
        this.config = config;
        this.models = models;
        this.ownsModels = ownsModels;
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
            if (app != null || closed) {
                throw new IllegalStateException("server was already started");
            }
            String initial = config.initialModel() != null ? config.initialModel() : models.defaultName();
            try {
                models.activate(initial);
            } catch (UnknownModelException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            store = EventStore.open(config.database());
            try {
                UserEventCache cache = new UserEventCache(store, config.maxCachedUsers(), config.maxHistory());
                Api[] api = new Api[1];
                metrics = new ServiceMetrics(
                        () -> models.activeName().orElse(null), () -> api[0] == null ? 0 : api[0].cachedUsers());
                api[0] = new Api(config, store, models, metrics, cache);
                metrics.modelActivated(initial);
                app = createApp(api[0]);
                app.start(config.host(), config.port());
            } catch (RuntimeException e) {
                store.close();
                if (metrics != null) {
                    metrics.close();
                }
                app = null;
                throw wrapBindFailure(e);
            }
            LOG.info(
                    "attnrec serving model '{}' on http://{}:{} (events in {})", initial, config.host(), port(), store);
            if (config.apiKeys().isEmpty() && !isLoopback(config.host())) {
                LOG.warn("no API keys configured but listening on {}: anyone can write events", config.host());
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

    /** Stops listening (requests in flight finish), then closes the store and the models. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (app != null) {
                app.stop();
                app = null;
            }
            if (store != null) {
                store.close();
            }
            if (metrics != null) {
                metrics.close();
            }
            if (ownsModels) {
                models.close();
            }
            lifecycle.notifyAll();
        }
    }

    private Javalin createApp(Api api) {
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.http.prefer405over404 = true;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            cfg.requestLogger.http((ctx, ms) -> {
                Object route = ctx.attribute(ROUTE);
                Long t0 = ctx.attribute(STARTED);
                long nanos = t0 != null ? System.nanoTime() - t0 : (long) (ms * 1e6);
                metrics.request(
                        ctx.method().name(), route == null ? "unmatched" : route.toString(), ctx.statusCode(), nanos);
            });
            cfg.routes.exception(
                    HttpResponseException.class,
                    (e, ctx) -> error(ctx, e.getStatus(), JsonErrorHandler.codeName(e.getStatus()), message(e)));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal", "internal error; see the server log");
            });
            cfg.routes.post("/v1/events", wrap("/v1/events", true, api::postEvents));
            cfg.routes.get(
                    "/v1/users/{id}/recommendations",
                    wrap("/v1/users/{id}/recommendations", false, api::userRecommendations));
            cfg.routes.post("/v1/recommendations", wrap("/v1/recommendations", false, api::adHocRecommendations));
            cfg.routes.get("/v1/users/{id}/interests", wrap("/v1/users/{id}/interests", false, api::interests));
            cfg.routes.get("/v1/items/{id}/similar", wrap("/v1/items/{id}/similar", false, api::similarItems));
            cfg.routes.put("/v1/items/{id}", wrap("/v1/items/{id}", true, api::putItem));
            cfg.routes.get("/v1/models", wrap("/v1/models", false, api::listModels));
            cfg.routes.post("/v1/models/{name}/activate", wrap("/v1/models/{name}/activate", true, api::activate));
            cfg.routes.get("/health", wrap("/health", false, api::health));
            cfg.routes.get(
                    "/metrics",
                    wrap(
                            "/metrics",
                            false,
                            ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                                    .result(metrics.scrape())));
            // Dashboard (issue 15): read endpoints through the same checks, and its static files.
            new ReadApi(config, store, models, metrics)
                    .routes((method, route, h) -> cfg.routes.addHttpHandler(method, route, wrap(route, false, h)));
            new DashboardAssets().routes(cfg.routes);
        });
    }

    /** Times the request, checks the key on writes and turns every failure into a JSON error. */
    private Handler wrap(String route, boolean write, Handler handler) {
        return ctx -> {
            ctx.attribute(ROUTE, route);
            ctx.attribute(STARTED, System.nanoTime());
            try {
                if (write) {
                    authorize(ctx);
                }
                handler.handle(ctx);
            } catch (ApiException e) {
                error(ctx, e.status(), e.code(), e.getMessage());
            } catch (EventStoreException e) {
                LOG.error("event store failure on {} {}", ctx.method(), route, e);
                error(
                        ctx,
                        503,
                        "store_unavailable",
                        "the event store is unavailable; nothing was written, retry later");
            } catch (HttpResponseException e) {
                error(ctx, e.getStatus(), JsonErrorHandler.codeName(e.getStatus()), message(e));
            } catch (Exception e) {
                LOG.error("unhandled error on {} {}", ctx.method(), route, e);
                error(ctx, 500, "internal", "internal error; see the server log");
            }
        };
    }

    private void authorize(Context ctx) {
        if (config.apiKeys().isEmpty()) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "unauthorized", "this request needs the header 'Authorization: Bearer KEY'");
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (String key : config.apiKeys()) {
            // Constant-time comparison, and no early exit, so timing does not reveal a key prefix.
            ok |= MessageDigest.isEqual(given, key.getBytes(StandardCharsets.UTF_8));
        }
        if (!ok) {
            throw new ApiException(401, "unauthorized", "the API key is not valid");
        }
    }

    private static void error(Context ctx, int status, String code, String message) {
        ctx.status(status);
        Api.json(ctx, new Responses.Error(code, message));
    }

    private static String message(HttpResponseException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? "HTTP " + e.getStatus() : m;
    }

    private static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
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
