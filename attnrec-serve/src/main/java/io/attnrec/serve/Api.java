package io.attnrec.serve;

import io.attnrec.core.data.Event;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.Explanation;
import io.attnrec.serve.model.ActiveModel;
import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.model.NewItemStage;
import io.attnrec.serve.model.NewItems;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The request handlers of the REST API (SPEC section 3). Each reads and checks its input
 * completely before touching the store or the model, so bad input is a 4xx and nothing is
 * half-written.
 */
final class Api {

    /** Most unknown ids echoed back in one response (the rest are counted, not listed). */
    private static final int MAX_REPORTED_UNKNOWN = 100;

    private final ServerConfig config;
    private final EventStore store;
    private final ModelRegistry models;
    private final ServiceMetrics metrics;
    private final UserEventCache userEvents;
    private final StoreProbe storeProbe;
    private final java.util.function.BooleanSupplier draining;
    /** Item metadata given to the server: titles of renamed items, and items no model has seen. */
    private final NewItems catalogue;

    Api(
            ServerConfig config,
            EventStore store,
            ModelRegistry models,
            ServiceMetrics metrics,
            UserEventCache cache,
            StoreProbe storeProbe,
            java.util.function.BooleanSupplier draining,
            NewItems catalogue) {
        this.config = config;
        this.catalogue = catalogue;
        this.storeProbe = storeProbe;
        this.draining = draining;
        this.store = store;
        this.models = models;
        this.metrics = metrics;
        this.userEvents = cache;
        for (ItemMeta m : store.items()) {
            catalogue.put(m);
        }
    }

    // ---- POST /v1/events -------------------------------------------------------------------

    void postEvents(Context ctx) {
        Requests.Events request = Requests.events(Json.parse(readBody(ctx)), config.maxBatchEvents());
        List<Event> events = request.events();
        List<String> ids = request.eventIds();
        boolean anyId = ids != null;
        List<String> unknown;
        try (ModelRegistry.Lease lease = models.lease()) {
            ServedModel m = lease.model().served();
            unknown = events.stream()
                    .map(Event::item)
                    .filter(item -> m.items().get(item).isEmpty())
                    .toList();
        }
        // Events on items the model does not know are stored like any other: they are the
        // evidence the next (incremental) training learns those items from.
        int onCatalogue =
                (int) unknown.stream().filter(i -> catalogue.get(i) != null).count();
        Set<String> users = new LinkedHashSet<>();
        events.forEach(e -> users.add(e.user()));
        userEvents.expect(users);
        int stored = store.append(events, anyId ? ids : null);
        userEvents.invalidate(users);
        metrics.eventsStored(stored, unknown.size(), onCatalogue);
        ctx.status(201);
        json(ctx, new Responses.EventsStored(stored, anyId ? events.size() - stored : null, report(unknown)));
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
            json(ctx, recommend(m, user, h.user, h.items, h.unknown, k, explain, excludeSeen, diversity, null));
        }
    }

    // ---- POST /v1/recommendations -----------------------------------------------------------

    void adHocRecommendations(Context ctx) {
        Requests.AdHoc request = Requests.adHoc(Json.parse(readBody(ctx)), config.maxHistory(), config.maxK());
        List<String> ids = request.history();
        int k = request.k();
        boolean explain = request.explain();
        boolean excludeSeen = request.excludeSeen();
        double diversity = request.diversity();
        try (ModelRegistry.Lease lease = models.lease()) {
            ActiveModel m = lease.model();
            List<String> unknown = new ArrayList<>();
            int[] items = mapItems(m.served(), ids, unknown);
            json(
                    ctx,
                    recommend(
                            m,
                            null,
                            -1,
                            items,
                            new java.util.HashSet<>(unknown),
                            k,
                            explain,
                            excludeSeen,
                            diversity,
                            report(unknown)));
        }
    }

    private Responses.Recommendations recommend(
            ActiveModel m,
            String user,
            int denseUser,
            int[] history,
            Set<String> unknownHistory,
            int k,
            boolean explain,
            boolean excludeSeen,
            double diversity,
            List<String> unknown) {
        BitSet excluded = excludeSeen ? toBitSet(history) : null;
        // issue 16: catalogue items the model has never seen are merged into the model's ranking
        ActiveModel.Ranking rec = m.recommend(
                denseUser,
                history,
                k,
                excluded,
                diversity,
                catalogue,
                excludeSeen ? unknownHistory : Set.of(),
                config.newItemSlots());
        int[] modelItems = rec.modelItems();
        List<Explanation> explanations = null;
        String method = null;
        if (explain && modelItems.length > 0 && history.length > 0) {
            ActiveModel.Explanations ex = m.explain(denseUser, history, modelItems);
            explanations = ex.explanations();
            method = ex.method();
        }
        ServedModel s = m.served();
        List<Responses.Item> out = new ArrayList<>(rec.entries().size());
        int explained = 0;
        for (NewItemStage.Entry entry : rec.entries()) {
            if (entry.newItem() != null) {
                metrics.newItemRecommended(entry.source());
                out.add(new Responses.Item(
                        entry.newItem(),
                        Float.isFinite(entry.score()) ? entry.score() : null,
                        title(s, entry.newItem()),
                        explain ? new Responses.ExplanationOut(null, List.of()) : null,
                        entry.source()));
                continue;
            }
            Responses.ExplanationOut eo = null;
            if (explanations != null) {
                Explanation e = explanations.get(explained);
                eo = new Responses.ExplanationOut(
                        e.interest() >= 0 ? e.interest() : null, contributions(s, e.contributions()));
            } else if (explain) {
                eo = new Responses.ExplanationOut(null, List.of());
            }
            explained++;
            out.add(item(s, entry.item(), entry.score(), eo));
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
            ItemMeta meta = catalogue.get(item);
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
        ItemMeta meta = Requests.item(item, Json.parse(readBody(ctx)));
        store.putItem(meta);
        catalogue.put(meta); // recommendable from the next request on (issue 16)
        boolean known;
        try (ModelRegistry.Lease lease = models.lease()) {
            known = lease.model().served().items().get(item).isPresent();
        }
        json(ctx, new Responses.ItemStored(item, known));
    }

    // ---- models, health -----------------------------------------------------------------------

    void listModels(Context ctx) {
        List<Responses.Model> out = models.list().stream()
                .map(e -> new Responses.Model(
                        e.name(), e.type(), e.active(), e.dataName(), e.metrics(), e.parent(), e.lineage()))
                .toList();
        UpdateScheduler u = updates;
        json(ctx, new Responses.Models(models.activeName().orElse(null), out, u == null ? null : u.status()));
    }

    /** The scheduled updater, shown in the model list; set once at start. */
    private volatile UpdateScheduler updates;

    void updates(UpdateScheduler scheduler) {
        this.updates = scheduler;
    }

    /**
     * Serves model {@code name}: the one path of every hot swap, asked for over HTTP or by the
     * scheduled updater. On failure the previous model stays served.
     */
    void swapTo(String name) throws IOException {
        models.activate(name);
        metrics.modelActivated(name);
        if (config.gcAfterActivation()) {
            collectLoadGarbage();
        }
    }

    void activate(Context ctx) {
        String name = Json.checkId(ctx.pathParam("name"), "model name");
        String previous = models.activeName().orElse(null);
        try {
            swapTo(name);
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

    /**
     * A user's served sequence: training history then stored events, cut to the newest part, and
     * the items of their events that the model does not know (never recommended back to them).
     */
    private record UserHistory(int user, int[] items, Set<String> unknown) {}

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
        Set<String> unknown = new java.util.HashSet<>();
        for (Event e : events) {
            OptionalInt item = s.items().get(e.item());
            if (item.isPresent()) {
                all[n++] = item.getAsInt();
            } else {
                unknown.add(e.item());
            }
        }
        int from = Math.max(0, n - config.maxHistory());
        return new UserHistory(dense.orElse(-1), Arrays.copyOfRange(all, from, n), unknown);
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
        ItemMeta m = catalogue.get(item);
        if (m == null) {
            m = s.catalog().get(item).orElse(null);
        }
        return m == null ? null : m.title();
    }

    private Responses.Item item(ServedModel s, int dense, float score, Responses.ExplanationOut explanation) {
        String id = s.items().external(dense);
        return new Responses.Item(id, Float.isFinite(score) ? score : null, title(s, id), explanation, null);
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
