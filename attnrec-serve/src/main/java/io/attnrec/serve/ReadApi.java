package io.attnrec.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnrec.core.data.Event;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.serve.model.ActiveModel;
import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.model.ServedModel;
import io.attnrec.serve.store.EventStore;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Read-only endpoints that the dashboard needs and any client may use: the data overview,
 * paged item and user search, an item's metadata and popularity over time, a user's history,
 * a model's saved report and training curve, and which users an item is recommended to.
 *
 * <pre>
 * GET /v1/stats                       data set, stored events over time, active model, request latency
 * GET /v1/items?q=&amp;category=&amp;page=0&amp;size=20   paged search by title, id or category
 * GET /v1/items/{id}                  metadata, training popularity and rank, stored events over time
 * GET /v1/items/{id}/audience?k=&amp;sample=  users (of a sample) whose top k holds the item
 * GET /v1/users?q=&amp;page=&amp;size=        users by id
 * GET /v1/users/{id}/events?limit=    training history and stored events, with titles and categories
 * GET /v1/models/{name}               manifest (options, seed, data, metrics) and training curve
 * GET /v1/models/{name}/users/{id}/recommendations?k=   any model's list for a user (side by side)
 * </pre>
 */
final class ReadApi {

    /** Routes registered through this callback get the server's key check, timing and errors. */
    @FunctionalInterface
    interface Routes {
        void add(HandlerType method, String route, Handler handler);
    }

    private static final int MAX_PAGE_SIZE = 200;
    private static final int VOLUME_BUCKETS = 60;
    /** Candidate bucket widths for "events over time", seconds: the first giving ≤ 60 buckets. */
    private static final long[] WIDTHS = {
        1, 10, 60, 300, 900, 3_600, 3 * 3_600, 6 * 3_600, 86_400, 7 * 86_400, 30 * 86_400, 365 * 86_400
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerConfig config;
    private final EventStore store;
    private final ModelRegistry models;
    private final ServiceMetrics metrics;
    private final long startedMs = System.currentTimeMillis();
    private volatile List<CatalogIndex> indexes = List.of();
    private volatile Map<String, ItemMeta> overlay = Map.of();
    private volatile long overlayVersion = Long.MIN_VALUE;

    ReadApi(ServerConfig config, EventStore store, ModelRegistry models, ServiceMetrics metrics) {
        this.config = config;
        this.store = store;
        this.models = models;
        this.metrics = metrics;
    }

    /** Declares this API's routes (all reads). */
    void routes(Routes r) {
        r.add(HandlerType.GET, "/v1/stats", this::stats);
        r.add(HandlerType.GET, "/v1/items", this::searchItems);
        r.add(HandlerType.GET, "/v1/items/{id}", this::item);
        r.add(HandlerType.GET, "/v1/items/{id}/audience", this::audience);
        r.add(HandlerType.GET, "/v1/users", this::searchUsers);
        r.add(HandlerType.GET, "/v1/users/{id}/events", this::userEvents);
        r.add(HandlerType.GET, "/v1/models/{name}", this::model);
        r.add(HandlerType.GET, "/v1/models/{name}/users/{id}/recommendations", this::modelRecommendations);
    }

    // ---- answers --------------------------------------------------------------------------------

    record ItemOut(String item, String title, List<String> categories, Integer popularity, boolean knownToModel) {}

    record ItemPage(String query, String category, int page, int size, int total, List<ItemOut> items) {}

    record Volume(long count, Long first, Long last, Long bucketSeconds, Long from, long[] counts) {}

    record ItemDetail(
            String item,
            String model,
            String title,
            List<String> categories,
            Map<String, String> attributes,
            boolean knownToModel,
            Integer popularity,
            Integer popularityRank,
            int catalogSize,
            Volume events) {}

    record UserOut(String user, Integer historyLength, Long storedEvents) {}

    record UserPage(String query, int page, int size, int total, List<UserOut> users) {}

    record HistoryItem(
            String item,
            String title,
            List<String> categories,
            Integer position,
            Long timestamp,
            String type,
            Float rating,
            boolean knownToModel) {}

    record UserEvents(
            String user,
            String model,
            boolean knownToModel,
            int trainingLength,
            long storedEvents,
            List<HistoryItem> training,
            List<HistoryItem> events) {}

    record ModelOut(String active, String type, String sourceKind, boolean explainable, boolean embedding) {}

    record Server(
            double uptimeSeconds, long requests, double requestsPerSecond, List<ServiceMetrics.RouteStats> routes) {}

    record Stats(
            String model,
            ModelOut active,
            CatalogIndex.DataStats data,
            Volume events,
            long eventUsers,
            Server server) {}

    record Audience(String item, String model, int k, int sampled, int users, List<AudienceUser> top) {}

    record AudienceUser(String user, int rank, double score) {}

    // ---- GET /v1/stats ----------------------------------------------------------------------------

    void stats(Context ctx) {
        try (ModelRegistry.Lease lease = models.lease()) {
            ActiveModel m = lease.model();
            ServedModel s = m.served();
            CatalogIndex ix = index(s);
            ModelOut active = new ModelOut(
                    s.name(),
                    s.type(),
                    m.usesAnn() ? "ann" : "exact",
                    s.model() instanceof io.attnrec.core.model.Explainable,
                    m.embedding() != null);
            List<ServiceMetrics.RouteStats> routes = metrics.routeStats();
            long requests =
                    routes.stream().mapToLong(ServiceMetrics.RouteStats::count).sum();
            double uptime = (System.currentTimeMillis() - startedMs) / 1000.0;
            Api.json(
                    ctx,
                    new Stats(
                            s.name(),
                            active,
                            ix.dataStats(),
                            volume(null),
                            store.userCount(),
                            new Server(uptime, requests, uptime > 0 ? requests / uptime : 0, routes)));
        }
    }

    // ---- GET /v1/items ------------------------------------------------------------------------------

    void searchItems(Context ctx) {
        String q = queryText(ctx, "q");
        String category = queryText(ctx, "category");
        int page = Query.integer(ctx, "page", 0, 0, 1_000_000);
        int size = Query.integer(ctx, "size", 20, 1, MAX_PAGE_SIZE);
        try (ModelRegistry.Lease lease = models.lease()) {
            CatalogIndex ix = index(lease.model().served());
            CatalogIndex.Page p = ix.search(q, category, (int) Math.min(Integer.MAX_VALUE, (long) page * size), size);
            List<ItemOut> out =
                    p.hits().stream().map(h -> itemOut(ix, h.item(), h.dense())).toList();
            Api.json(ctx, new ItemPage(q, category.isEmpty() ? null : category, page, size, p.total(), out));
        }
    }

    private static ItemOut itemOut(CatalogIndex ix, String item, int dense) {
        ItemMeta m = ix.meta(item);
        return new ItemOut(
                item,
                m == null ? null : m.title(),
                m == null ? List.of() : m.categories(),
                dense > 0 ? ix.popularity[dense] : null,
                dense > 0);
    }

    // ---- GET /v1/items/{id} -------------------------------------------------------------------------

    void item(Context ctx) {
        String item = Json.checkId(ctx.pathParam("id"), "item id");
        try (ModelRegistry.Lease lease = models.lease()) {
            ServedModel s = lease.model().served();
            CatalogIndex ix = index(s);
            OptionalInt dense = s.items().get(item);
            ItemMeta m = ix.meta(item);
            Volume v = volume(item);
            if (dense.isEmpty() && m == null && v.count() == 0) {
                throw ApiException.notFound(
                        "unknown_item",
                        "item '" + item + "' is not known to model '" + s.name()
                                + "', has no metadata and no stored events");
            }
            Api.json(
                    ctx,
                    new ItemDetail(
                            item,
                            s.name(),
                            m == null ? null : m.title(),
                            m == null ? List.of() : m.categories(),
                            m == null ? Map.of() : m.attributes(),
                            dense.isPresent(),
                            dense.isPresent() ? ix.popularity[dense.getAsInt()] : null,
                            dense.isPresent() ? ix.rank(dense.getAsInt()) : null,
                            s.numItems(),
                            v));
        }
    }

    // ---- GET /v1/items/{id}/audience ----------------------------------------------------------------

    /**
     * The users an item is recommended to most: a deterministic, evenly spaced sample of the
     * model's users is scored (the whole population would take minutes on a large data set), and
     * those whose top {@code k} holds the item are listed best rank first.
     */
    void audience(Context ctx) {
        String item = Json.checkId(ctx.pathParam("id"), "item id");
        int k = Query.integer(ctx, "k", 20, 1, 200);
        int sample = Query.integer(ctx, "sample", 200, 1, 2_000);
        try (ModelRegistry.Lease lease = models.lease()) {
            ActiveModel m = lease.model();
            ServedModel s = m.served();
            OptionalInt dense = s.items().get(item);
            if (dense.isEmpty()) {
                throw ApiException.notFound(
                        "unknown_item", "item '" + item + "' is not known to model '" + s.name() + "'");
            }
            int users = s.users().size();
            int n = Math.min(sample, users);
            List<AudienceUser> hits = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                int u = (int) ((long) j * users / n);
                int[] h = s.histories()[u];
                BitSet seen = new BitSet();
                for (int i : h) {
                    seen.set(i);
                }
                if (seen.get(dense.getAsInt())) {
                    continue; // already seen: never recommended to this user
                }
                ActiveModel.Recommendation r = m.recommend(u, h, k, seen, 0);
                int[] items = r.ranked().items();
                for (int p = 0; p < items.length; p++) {
                    if (items[p] == dense.getAsInt()) {
                        hits.add(new AudienceUser(
                                s.users().external(u), p + 1, r.ranked().scores()[p]));
                        break;
                    }
                }
            }
            hits.sort(java.util.Comparator.comparingInt(AudienceUser::rank)
                    .thenComparing(java.util.Comparator.comparingDouble(AudienceUser::score)
                            .reversed()));
            Api.json(ctx, new Audience(item, s.name(), k, n, hits.size(), hits.subList(0, Math.min(20, hits.size()))));
        }
    }

    // ---- GET /v1/users ------------------------------------------------------------------------------

    /**
     * Users whose id contains {@code q}: those with stored events but no training history come
     * first (most events first; they are the ones a person is acting as), then the model's users
     * in their training order.
     */
    void searchUsers(Context ctx) {
        String q = queryText(ctx, "q");
        int page = Query.integer(ctx, "page", 0, 0, 1_000_000);
        int size = Query.integer(ctx, "size", 20, 1, MAX_PAGE_SIZE);
        try (ModelRegistry.Lease lease = models.lease()) {
            ServedModel s = lease.model().served();
            List<UserOut> newUsers = new ArrayList<>();
            for (EventStore.UserCount c : store.users(q, 0, 100)) {
                if (s.users().get(c.user()).isEmpty()) {
                    newUsers.add(new UserOut(c.user(), 0, c.events()));
                }
            }
            String needle = q.toLowerCase(Locale.ROOT);
            List<String> ids = s.users().externalIds();
            List<Integer> matches = new ArrayList<>();
            for (int u = 0; u < ids.size(); u++) {
                if (needle.isEmpty() || ids.get(u).toLowerCase(Locale.ROOT).contains(needle)) {
                    matches.add(u);
                }
            }
            int total = newUsers.size() + matches.size();
            long from = (long) page * size;
            List<UserOut> out = new ArrayList<>();
            for (long i = from; i < Math.min(total, from + size); i++) {
                if (i < newUsers.size()) {
                    out.add(newUsers.get((int) i));
                } else {
                    int u = matches.get((int) (i - newUsers.size()));
                    out.add(new UserOut(ids.get(u), s.histories()[u].length, null));
                }
            }
            Api.json(ctx, new UserPage(q, page, size, total, out));
        }
    }

    // ---- GET /v1/users/{id}/events ------------------------------------------------------------------

    void userEvents(Context ctx) {
        String user = Json.checkId(ctx.pathParam("id"), "user id");
        int limit = Query.integer(ctx, "limit", 200, 1, config.maxHistory());
        try (ModelRegistry.Lease lease = models.lease()) {
            ServedModel s = lease.model().served();
            CatalogIndex ix = index(s);
            OptionalInt dense = s.users().get(user);
            List<Event> events = store.eventsFor(user, limit);
            if (dense.isEmpty() && events.isEmpty()) {
                throw ApiException.notFound(
                        "unknown_user",
                        "user '" + user + "' has no training history in model '" + s.name() + "' and no stored events");
            }
            int[] train = dense.isPresent() ? s.histories()[dense.getAsInt()] : new int[0];
            List<HistoryItem> training = new ArrayList<>();
            for (int p = Math.max(0, train.length - limit); p < train.length; p++) {
                String id = s.items().external(train[p]);
                ItemMeta m = ix.meta(id);
                training.add(new HistoryItem(
                        id,
                        m == null ? null : m.title(),
                        m == null ? List.of() : m.categories(),
                        p,
                        null,
                        null,
                        null,
                        true));
            }
            List<HistoryItem> stored = new ArrayList<>();
            for (Event e : events) {
                ItemMeta m = ix.meta(e.item());
                stored.add(new HistoryItem(
                        e.item(),
                        m == null ? null : m.title(),
                        m == null ? List.of() : m.categories(),
                        null,
                        e.timestamp(),
                        e.type(),
                        e.hasRating() ? e.rating() : null,
                        s.items().get(e.item()).isPresent()));
            }
            long storedCount = events.size() < limit
                    ? events.size()
                    : store.eventsFor(user).size();
            Api.json(
                    ctx,
                    new UserEvents(user, s.name(), dense.isPresent(), train.length, storedCount, training, stored));
        }
    }

    // ---- GET /v1/models/{name}/users/{id}/recommendations -------------------------------------------

    record SideItem(String item, Float score, String title) {}

    record SideRecommendations(String user, String model, int historyLength, List<SideItem> items) {}

    /**
     * A user's recommendations from any model of the registry, the active one or another loaded
     * beside it, to put two models side by side. The history is the model's training sequence of
     * the user followed by the stored events, as for the active model.
     */
    void modelRecommendations(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        String user = Json.checkId(ctx.pathParam("id"), "user id");
        int k = Query.integer(ctx, "k", 10, 1, config.maxK());
        ModelRegistry.Lease lease;
        try {
            lease = models.leaseAny(name);
        } catch (io.attnrec.serve.model.UnknownModelException e) {
            throw ApiException.notFound("unknown_model", e.getMessage());
        } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
            throw new ApiException(
                    409, "model_unavailable", "model '" + name + "' could not be loaded: " + e.getMessage());
        }
        try (lease) {
            ActiveModel m = lease.model();
            ServedModel s = m.served();
            CatalogIndex ix = index(s);
            OptionalInt dense = s.users().get(user);
            List<Event> events = store.eventsFor(user, config.maxHistory());
            if (dense.isEmpty() && events.isEmpty()) {
                throw ApiException.notFound(
                        "unknown_user",
                        "user '" + user + "' has no training history in model '" + s.name() + "' and no stored events");
            }
            int[] train = dense.isPresent() ? s.histories()[dense.getAsInt()] : new int[0];
            int[] all = java.util.Arrays.copyOf(train, train.length + events.size());
            int n = train.length;
            for (Event e : events) {
                OptionalInt i = s.items().get(e.item());
                if (i.isPresent()) {
                    all[n++] = i.getAsInt();
                }
            }
            int[] history = java.util.Arrays.copyOfRange(all, Math.max(0, n - config.maxHistory()), n);
            BitSet seen = new BitSet();
            for (int i : history) {
                seen.set(i);
            }
            ActiveModel.Recommendation r = m.recommend(dense.orElse(-1), history, k, seen, 0);
            List<SideItem> out = new ArrayList<>();
            for (int i = 0; i < r.ranked().size(); i++) {
                String id = s.items().external(r.ranked().items()[i]);
                ItemMeta meta = ix.meta(id);
                float score = r.ranked().scores()[i];
                out.add(new SideItem(id, Float.isFinite(score) ? score : null, meta == null ? null : meta.title()));
            }
            Api.json(ctx, new SideRecommendations(user, s.name(), history.length, out));
        }
    }

    // ---- GET /v1/models/{name} ----------------------------------------------------------------------

    void model(Context ctx) {
        String name = ctx.pathParam("name");
        ModelRegistry.Entry entry = models.list().stream()
                .filter(e -> e.name().equals(name))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("unknown_model", "no model named '" + name + "'"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", entry.name());
        out.put("type", entry.type());
        out.put("active", entry.active());
        out.put("data", entry.dataName() == null ? null : Map.of("name", entry.dataName()));
        out.put("metrics", entry.metrics());
        Path dir = models.artifact(name).orElse(null);
        if (dir != null) {
            Map<String, Object> manifest = readJson(dir.resolve("manifest.json"));
            if (manifest != null) {
                manifest.remove("checksum");
                manifest.remove("model");
                out.putAll(manifest);
            }
            out.put("curve", curve(dir, manifest));
        }
        Api.json(ctx, out);
    }

    /**
     * The training curve ({@code curve.json} written by the trainer): inside the artifact, or in
     * the folder its {@code output_dir} option named (absolute, or relative to the server's
     * working directory or to the artifact's folder).
     */
    private static Object curve(Path dir, Map<String, Object> manifest) {
        List<Path> candidates = new ArrayList<>();
        candidates.add(dir.resolve("curve.json"));
        if (manifest != null
                && manifest.get("options") instanceof Map<?, ?> options
                && options.get("output_dir") != null) {
            Path out = Path.of(String.valueOf(options.get("output_dir")));
            candidates.add(out.resolve("curve.json"));
            if (!out.isAbsolute()) {
                Path parent = dir.toAbsolutePath().getParent();
                if (parent != null) {
                    candidates.add(parent.resolve(out).resolve("curve.json"));
                }
            }
        }
        for (Path p : candidates) {
            Map<String, Object> c = readJson(p);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), LinkedHashMap.class);
        } catch (IOException e) {
            return null; // unreadable: shown as absent, the model itself still serves
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** Stored events (of one item, or all) counted over time in at most 60 round-width buckets. */
    private Volume volume(String item) {
        EventStore.Span span = store.span(item);
        if (span.count() == 0) {
            return new Volume(0, null, null, null, null, new long[0]);
        }
        long range = span.last() - span.first();
        long width = WIDTHS[WIDTHS.length - 1];
        for (long w : WIDTHS) {
            if (range / w < VOLUME_BUCKETS) {
                width = w;
                break;
            }
        }
        long from = Math.floorDiv(span.first(), width) * width;
        int buckets = (int) Math.min(VOLUME_BUCKETS, (span.last() - from) / width + 1);
        return new Volume(
                span.count(), span.first(), span.last(), width, from, store.histogram(item, from, width, buckets));
    }

    /** The index of a served model, rebuilt when the model or the stored item metadata changed. */
    private CatalogIndex index(ServedModel s) {
        long version = store.itemsVersion();
        if (version != overlayVersion) {
            synchronized (this) {
                if (version != overlayVersion) {
                    Map<String, ItemMeta> m = new HashMap<>();
                    for (ItemMeta meta : store.items()) {
                        m.put(meta.itemId(), meta);
                    }
                    overlay = Map.copyOf(m);
                    overlayVersion = version;
                }
            }
        }
        CatalogIndex ix = find(s);
        if (ix == null) {
            synchronized (this) {
                ix = find(s);
                if (ix == null) {
                    ix = new CatalogIndex(s, overlay, overlayVersion);
                    // The two most recent: the active model and one beside it (side-by-side reads).
                    indexes = indexes.isEmpty() ? List.of(ix) : List.of(ix, indexes.get(0));
                }
            }
        }
        return ix;
    }

    private CatalogIndex find(ServedModel s) {
        for (CatalogIndex ix : indexes) {
            if (ix.served == s && ix.metaVersion == overlayVersion) {
                return ix;
            }
        }
        return null;
    }

    private static String queryText(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return "";
        }
        if (v.length() > 200) {
            throw ApiException.badRequest("'" + name + "' must be at most 200 characters");
        }
        return v.trim();
    }
}
