package io.attnrec.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnrec.core.data.Event;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.Explanation;
import io.attnrec.serve.model.ActiveModel;
import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.model.ServedModel;
import io.attnrec.serve.model.UnknownModelException;
import io.attnrec.serve.retrieval.Ranked;
import io.attnrec.serve.store.EventStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request handlers of the REST API (SPEC section 3). Each reads and checks its input
 * completely before touching the store or the model, so bad input is a 4xx and nothing is
 * half-written.
 */
final class Api {

    /** Most unknown ids echoed back in one response (the rest are counted, not listed). */
    private static final int MAX_REPORTED_UNKNOWN = 100;

    private static final Set<String> EVENT_FIELDS = Set.of("user", "item", "timestamp", "type", "rating", "event_id");
    private static final Set<String> RECOMMEND_FIELDS = Set.of("history", "k", "explain", "exclude_seen", "diversity");
    private static final Set<String> ITEM_FIELDS = Set.of("title", "categories", "attributes");

    private final ServerConfig config;
    private final EventStore store;
    private final ModelRegistry models;
    private final ServiceMetrics metrics;
    private final UserEventCache userEvents;
    private final StoreProbe storeProbe;
    private final java.util.function.BooleanSupplier draining;
    private final Map<String, ItemMeta> itemOverlay = new ConcurrentHashMap<>();

    Api(
            ServerConfig config,
            EventStore store,
            ModelRegistry models,
            ServiceMetrics metrics,
            UserEventCache cache,
            StoreProbe storeProbe,
            java.util.function.BooleanSupplier draining) {
        this.config = config;
        this.storeProbe = storeProbe;
        this.draining = draining;
        this.store = store;
        this.models = models;
        this.metrics = metrics;
        this.userEvents = cache;
        for (ItemMeta m : store.items()) {
            itemOverlay.put(m.itemId(), m);
        }
    }

    // ---- POST /v1/events -------------------------------------------------------------------

    void postEvents(Context ctx) {
        JsonNode body = Json.parse(readBody(ctx));
        List<JsonNode> raw = new ArrayList<>();
        if (body.isObject()) {
            raw.add(body);
        } else if (body.isArray()) {
            body.forEach(raw::add);
        } else {
            throw ApiException.badRequest(
                    "body must be an event object or an array of them, got " + Json.describe(body));
        }
        if (raw.isEmpty()) {
            throw ApiException.badRequest("the event array is empty");
        }
        if (raw.size() > config.maxBatchEvents()) {
            throw ApiException.badRequest(
                    "too many events in one request: " + raw.size() + " > " + config.maxBatchEvents());
        }
        long now = System.currentTimeMillis() / 1000;
        List<Event> events = new ArrayList<>(raw.size());
        List<String> ids = new ArrayList<>(raw.size());
        Map<String, Integer> seenIds = new java.util.HashMap<>();
        boolean anyId = false;
        for (int i = 0; i < raw.size(); i++) {
            String where = raw.size() == 1 && body.isObject() ? "" : "event " + i + ": ";
            try {
                events.add(parseEvent(raw.get(i), now));
                JsonNode idNode = raw.get(i).get("event_id");
                String id = idNode == null || idNode.isNull() ? null : Json.id(idNode, "event_id");
                if (id != null) {
                    Integer first = seenIds.putIfAbsent(id, i);
                    if (first != null) {
                        throw ApiException.badRequest("'event_id' " + Json.shorten(id) + " is also the id of event "
                                + first + "; ids must be unique within a request");
                    }
                    anyId = true;
                }
                ids.add(id);
            } catch (ApiException e) {
                throw new ApiException(e.status(), e.code(), where + e.getMessage());
            }
        }
        List<String> unknown;
        try (ModelRegistry.Lease lease = models.lease()) {
            ServedModel m = lease.model().served();
            unknown = events.stream()
                    .map(Event::item)
                    .filter(item -> m.items().get(item).isEmpty())
                    .toList();
        }
        int stored = store.append(events, anyId ? ids : null);
        Set<String> users = new LinkedHashSet<>();
        events.forEach(e -> users.add(e.user()));
        userEvents.invalidate(users);
        metrics.eventsStored(stored, unknown.size());
        ctx.status(201);
        json(ctx, new Responses.EventsStored(stored, anyId ? events.size() - stored : null, report(unknown)));
    }

    private static Event parseEvent(JsonNode e, long now) {
        if (!e.isObject()) {
            throw ApiException.badRequest("an event must be an object, got " + Json.describe(e));
        }
        Json.onlyFields(e, EVENT_FIELDS, "an event");
        String user = Json.id(e.get("user"), "user");
        String item = Json.id(e.get("item"), "item");
        long ts = now;
        JsonNode t = e.get("timestamp");
        if (t != null && !t.isNull()) {
            if (!t.isIntegralNumber() || !t.canConvertToLong() || t.longValue() < 0) {
                throw ApiException.badRequest(
                        "'timestamp' must be a non-negative integer (seconds since 1970), got " + Json.describe(t));
            }
            ts = t.longValue();
        }
        String type = null;
        JsonNode ty = e.get("type");
        if (ty != null && !ty.isNull()) {
            if (!ty.isTextual() || ty.textValue().isEmpty() || ty.textValue().length() > 64) {
                throw ApiException.badRequest(
                        "'type' must be a string of 1 to 64 characters, got " + Json.describe(ty));
            }
            type = Json.checkText(ty.textValue(), "type", false);
        }
        float rating = Float.NaN;
        JsonNode r = e.get("rating");
        if (r != null && !r.isNull()) {
            if (!r.isNumber() || !Float.isFinite(r.floatValue())) {
                throw ApiException.badRequest("'rating' must be a finite number, got " + Json.describe(r));
            }
            rating = r.floatValue();
        }
        return new Event(user, item, ts, rating, type);
    }

    // ---- GET /v1/users/{id}/recommendations -------------------------------------------------

    void userRecommendations(Context ctx) {
        String user = Json.checkId(ctx.pathParam("id"), "user id");
        int k = Query.integer(ctx, "k", 10, 1, config.maxK());
        boolean explain = Query.bool(ctx, "explain", false);
        boolean excludeSeen = Query.bool(ctx, "exclude_seen", true);
        double diversity = Query.number(ctx, "diversity", 0.0, 0.0, 1.0);
        try (ModelRegistry.Lease lease = models.lease()) {
            ActiveModel m = lease.model();
            UserHistory h = userHistory(m.served(), user);
            json(ctx, recommend(m, user, h.user, h.items, k, explain, excludeSeen, diversity, null));
        }
    }

    // ---- POST /v1/recommendations -----------------------------------------------------------

    void adHocRecommendations(Context ctx) {
        JsonNode body = Json.parse(readBody(ctx));
        if (!body.isObject()) {
            throw ApiException.badRequest("body must be an object like {\"history\": [...], \"k\": 10}");
        }
        Json.onlyFields(body, RECOMMEND_FIELDS, "the request");
        JsonNode hist = body.get("history");
        if (hist == null || !hist.isArray()) {
            throw ApiException.badRequest("'history' must be an array of item ids, got " + Json.describe(hist));
        }
        if (hist.size() > config.maxHistory()) {
            throw ApiException.badRequest(
                    "'history' has " + hist.size() + " items; at most " + config.maxHistory() + " are accepted");
        }
        List<String> ids = new ArrayList<>(hist.size());
        for (int i = 0; i < hist.size(); i++) {
            ids.add(Json.id(hist.get(i), "history[" + i + "]"));
        }
        int k = Json.intField(body, "k", 10, 1, config.maxK());
        boolean explain = Json.boolField(body, "explain", false);
        boolean excludeSeen = Json.boolField(body, "exclude_seen", true);
        double diversity = Json.doubleField(body, "diversity", 0.0, 0.0, 1.0);
        try (ModelRegistry.Lease lease = models.lease()) {
            ActiveModel m = lease.model();
            List<String> unknown = new ArrayList<>();
            int[] items = mapItems(m.served(), ids, unknown);
            json(ctx, recommend(m, null, -1, items, k, explain, excludeSeen, diversity, report(unknown)));
        }
    }

    private Responses.Recommendations recommend(
            ActiveModel m,
            String user,
            int denseUser,
            int[] history,
            int k,
            boolean explain,
            boolean excludeSeen,
            double diversity,
            List<String> unknown) {
        BitSet excluded = excludeSeen ? toBitSet(history) : null;
        ActiveModel.Recommendation rec = m.recommend(denseUser, history, k, excluded, diversity);
        Ranked r = rec.ranked();
        List<Explanation> explanations = null;
        String method = null;
        if (explain && r.size() > 0 && history.length > 0) {
            ActiveModel.Explanations ex = m.explain(denseUser, history, r.items());
            explanations = ex.explanations();
            method = ex.method();
        }
        ServedModel s = m.served();
        List<Responses.Item> out = new ArrayList<>(r.size());
        for (int i = 0; i < r.size(); i++) {
            Responses.ExplanationOut eo = null;
            if (explanations != null) {
                Explanation e = explanations.get(i);
                eo = new Responses.ExplanationOut(
                        e.interest() >= 0 ? e.interest() : null, contributions(s, e.contributions()));
            } else if (explain) {
                eo = new Responses.ExplanationOut(null, List.of());
            }
            out.add(item(s, r.items()[i], r.scores()[i], eo));
        }
        return new Responses.Recommendations(
                user,
                s.name(),
                rec.source().name().toLowerCase(java.util.Locale.ROOT),
                history.length,
                out,
                explain ? (method == null ? "none" : method) : null,
                unknown);
    }

    // ---- GET /v1/users/{id}/interests -------------------------------------------------------

    void interests(Context ctx) {
        String user = Json.checkId(ctx.pathParam("id"), "user id");
        int k = Query.integer(ctx, "k", 10, 1, config.maxK());
        boolean excludeSeen = Query.bool(ctx, "exclude_seen", true);
        try (ModelRegistry.Lease lease = models.lease()) {
            ActiveModel m = lease.model();
            ServedModel s = m.served();
            UserHistory h = userHistory(s, user);
            List<Responses.Interest> out = new ArrayList<>();
            for (ActiveModel.Interest in : m.interests(h.user, h.items, k, excludeSeen ? toBitSet(h.items) : null)) {
                out.add(new Responses.Interest(
                        in.index(), in.weight(), items(s, in.items()), contributions(s, in.members())));
            }
            json(ctx, new Responses.Interests(user, s.name(), out));
        }
    }

    // ---- GET /v1/items/{id}/similar ---------------------------------------------------------

    void similarItems(Context ctx) {
        String item = Json.checkId(ctx.pathParam("id"), "item id");
        int k = Query.integer(ctx, "k", 10, 1, config.maxK());
        try (ModelRegistry.Lease lease = models.lease()) {
            ActiveModel m = lease.model();
            ServedModel s = m.served();
            OptionalInt dense = s.items().get(item);
            if (dense.isPresent()) {
                ActiveModel.Recommendation r = m.similarItems(dense.getAsInt(), k);
                String method = m.embedding() != null ? "embedding" : "model";
                json(ctx, new Responses.Similar(item, s.name(), method, items(s, r.ranked())));
                return;
            }
            ItemMeta meta = itemOverlay.get(item);
            if (meta == null || meta.categories().isEmpty()) {
                throw ApiException.notFound(
                        "unknown_item",
                        "item '" + item + "' is not known to model '" + s.name()
                                + "' and has no categories to compare (send them with PUT /v1/items/{id})");
            }
            json(ctx, new Responses.Similar(item, s.name(), "category", items(s, m.similarByCategories(meta, k))));
        }
    }

    // ---- PUT /v1/items/{id} -----------------------------------------------------------------

    void putItem(Context ctx) {
        String item = Json.checkId(ctx.pathParam("id"), "item id");
        JsonNode body = Json.parse(readBody(ctx));
        if (!body.isObject()) {
            throw ApiException.badRequest("body must be an object like {\"title\": ..., \"categories\": [...]}");
        }
        Json.onlyFields(body, ITEM_FIELDS, "item metadata");
        String title = null;
        JsonNode t = body.get("title");
        if (t != null && !t.isNull()) {
            if (!t.isTextual() || t.textValue().length() > 1000) {
                throw ApiException.badRequest("'title' must be a string of at most 1000 characters");
            }
            title = Json.checkText(t.textValue(), "title", true);
        }
        List<String> categories = new ArrayList<>();
        JsonNode c = body.get("categories");
        if (c != null && !c.isNull()) {
            if (!c.isArray() || c.size() > 100) {
                throw ApiException.badRequest("'categories' must be an array of at most 100 strings");
            }
            for (int i = 0; i < c.size(); i++) {
                JsonNode v = c.get(i);
                if (!v.isTextual() || v.textValue().isEmpty() || v.textValue().length() > 256) {
                    throw ApiException.badRequest("'categories[" + i + "]' must be a string of 1 to 256 characters");
                }
                categories.add(Json.checkText(v.textValue(), "categories[" + i + "]", false));
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode a = body.get("attributes");
        if (a != null && !a.isNull()) {
            if (!a.isObject() || a.size() > 100) {
                throw ApiException.badRequest("'attributes' must be an object with at most 100 entries");
            }
            Iterator<Map.Entry<String, JsonNode>> it = a.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode v = f.getValue();
                if (!(v.isTextual() || v.isNumber() || v.isBoolean())
                        || v.asText().length() > 1000) {
                    throw ApiException.badRequest("attribute '" + f.getKey()
                            + "' must be a string, number or boolean of at most 1000 characters");
                }
                Json.checkText(f.getKey(), "attributes", false);
                attributes.put(f.getKey(), Json.checkText(v.asText(), "attribute '" + f.getKey() + "'", true));
            }
        }
        ItemMeta meta = new ItemMeta(item, title, categories, attributes);
        store.putItem(meta);
        itemOverlay.put(item, meta);
        boolean known;
        try (ModelRegistry.Lease lease = models.lease()) {
            known = lease.model().served().items().get(item).isPresent();
        }
        json(ctx, new Responses.ItemStored(item, known));
    }

    // ---- models, health -----------------------------------------------------------------------

    void listModels(Context ctx) {
        List<Responses.Model> out = models.list().stream()
                .map(e -> new Responses.Model(e.name(), e.type(), e.active(), e.dataName(), e.metrics()))
                .toList();
        json(ctx, new Responses.Models(models.activeName().orElse(null), out));
    }

    void activate(Context ctx) {
        String name = Json.checkId(ctx.pathParam("name"), "model name");
        String previous = models.activeName().orElse(null);
        try {
            models.activate(name);
        } catch (UnknownModelException e) {
            throw ApiException.notFound("unknown_model", e.getMessage());
        } catch (IOException | RuntimeException e) {
            // Whatever went wrong in the artifact (missing file, bad manifest, a model that fails
            // to prepare), the previous model is still served: a conflict, not a server error.
            org.slf4j.LoggerFactory.getLogger(Api.class).warn("activation of model '{}' failed", name, e);
            String why = e.getMessage() == null || e.getMessage().isBlank()
                    ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("");
            throw new ApiException(
                    409,
                    "model_unavailable",
                    "model '" + name + "' could not be loaded (" + why + "); '" + previous + "' is still served");
        }
        metrics.modelActivated(name);
        if (config.gcAfterActivation()) {
            collectLoadGarbage();
        }
        json(ctx, new Responses.Activated(name, previous));
    }

    /**
     * Loading a model leaves tens of MB of direct buffers (weights on their way into the native
     * tensors) that only a collection of the old generation frees; between two activations the
     * heap rarely needs one, so resident memory grew by about 40 MiB per hot swap (1,463 MiB after
     * 50 swaps of SASRec on Beauty, from 384 after the first). One full collection per activation,
     * on a background thread after the answer, costs a pause of 0.1-0.4 s (measured on a loaded
     * 2-core machine) and keeps resident memory flat. Activations are rare operator actions.
     */
    private static void collectLoadGarbage() {
        Thread gc = new Thread(System::gc, "attnrec-gc-after-activation");
        gc.setDaemon(true);
        gc.start();
    }

    /** For people and monitoring: 503 "degraded" when the model or the store is missing. */
    void health(Context ctx) {
        boolean storeOk = storeProbe.reachable(); // never waits for the database
        String model = models.activeName().orElse(null);
        boolean ok = storeOk && model != null;
        ctx.status(ok ? 200 : 503);
        json(ctx, new Responses.Health(ok ? "ok" : "degraded", model, storeOk ? "ok" : "unavailable"));
    }

    /**
     * For load balancers: 200 only while requests can be answered in full (a model is active,
     * the store is reachable, the server is not shutting down).
     */
    void ready(Context ctx) {
        boolean storeOk = storeProbe.reachable();
        String model = models.activeName().orElse(null);
        String reason = draining.getAsBoolean()
                ? "shutting down"
                : model == null ? "no model is active" : !storeOk ? "the event store is unreachable" : null;
        ctx.status(reason == null ? 200 : 503);
        json(
                ctx,
                new Responses.Ready(
                        reason == null ? "ready" : "not_ready", model, storeOk ? "ok" : "unavailable", reason));
    }

    /** For liveness probes: the process answers HTTP (says nothing about the database). */
    void live(Context ctx) {
        json(ctx, new Responses.Live("alive"));
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** A user's served sequence: training history then stored events, cut to the newest part. */
    private record UserHistory(int user, int[] items) {}

    private UserHistory userHistory(ServedModel s, String user) {
        OptionalInt dense = s.users().get(user);
        List<Event> events = userEvents.get(user, dense.isPresent());
        if (dense.isEmpty() && events.isEmpty()) {
            throw ApiException.notFound(
                    "unknown_user",
                    "user '" + user + "' has no training history in model '" + s.name()
                            + "' and no stored events; send events first or use POST /v1/recommendations");
        }
        int[] train = dense.isPresent() ? s.histories()[dense.getAsInt()] : new int[0];
        int[] all = Arrays.copyOf(train, train.length + events.size());
        int n = train.length;
        for (Event e : events) {
            OptionalInt item = s.items().get(e.item());
            if (item.isPresent()) {
                all[n++] = item.getAsInt();
            }
        }
        int from = Math.max(0, n - config.maxHistory());
        return new UserHistory(dense.orElse(-1), Arrays.copyOfRange(all, from, n));
    }

    private static int[] mapItems(ServedModel s, List<String> ids, List<String> unknown) {
        int[] out = new int[ids.size()];
        int n = 0;
        for (String id : ids) {
            OptionalInt i = s.items().get(id);
            if (i.isPresent()) {
                out[n++] = i.getAsInt();
            } else {
                unknown.add(id);
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static BitSet toBitSet(int[] items) {
        BitSet b = new BitSet();
        for (int i : items) {
            b.set(i);
        }
        return b;
    }

    private static List<String> report(List<String> unknown) {
        return unknown.stream().distinct().limit(MAX_REPORTED_UNKNOWN).toList();
    }

    private String title(ServedModel s, String item) {
        ItemMeta m = itemOverlay.get(item);
        if (m == null) {
            m = s.catalog().get(item).orElse(null);
        }
        return m == null ? null : m.title();
    }

    private Responses.Item item(ServedModel s, int dense, float score, Responses.ExplanationOut explanation) {
        String id = s.items().external(dense);
        return new Responses.Item(id, Float.isFinite(score) ? score : null, title(s, id), explanation);
    }

    private List<Responses.Item> items(ServedModel s, Ranked r) {
        List<Responses.Item> out = new ArrayList<>(r.size());
        for (int i = 0; i < r.size(); i++) {
            out.add(item(s, r.items()[i], r.scores()[i], null));
        }
        return out;
    }

    private List<Responses.Contribution> contributions(ServedModel s, List<Explanation.Contribution> cs) {
        List<Responses.Contribution> out = new ArrayList<>(cs.size());
        for (Explanation.Contribution c : cs) {
            String id = s.items().external(c.item());
            out.add(new Responses.Contribution(id, title(s, id), c.position(), c.weight()));
        }
        return out;
    }

    private byte[] readBody(Context ctx) {
        long max = config.maxBodyBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw tooLarge(max);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw tooLarge(max);
            }
            return body;
        } catch (IOException e) {
            throw ApiException.badRequest("request body could not be read: " + e.getMessage());
        }
    }

    private static ApiException tooLarge(long max) {
        return new ApiException(413, "payload_too_large", "request body is larger than " + max + " bytes");
    }

    static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(Json.write(body));
    }
}
