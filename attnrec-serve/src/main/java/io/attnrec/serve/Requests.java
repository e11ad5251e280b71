package io.attnrec.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnrec.core.data.Event;
import io.attnrec.core.data.ItemMeta;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request bodies of the API as typed records, bound and validated in one place: a field of
 * the wrong kind, out of its bounds or unknown is a 400 that names it (and, in a batch, the event's
 * index), never a 500. The routes in {@link Api} receive these records only.
 */
final class Requests {

    static final Set<String> EVENT_FIELDS = Set.of("user", "item", "timestamp", "type", "rating", "event_id");
    static final Set<String> RECOMMEND_FIELDS = Set.of("history", "k", "explain", "exclude_seen", "diversity");
    static final Set<String> ITEM_FIELDS = Set.of("title", "categories", "attributes");

    private Requests() {}

    /**
     * {@code POST /v1/events}: one event or an array of them.
     *
     * @param eventIds the clients' event ids, one per event (null where an event has none), or
     *     null when no event has one
     */
    record Events(List<Event> events, List<String> eventIds) {}

    /** {@code POST /v1/recommendations}: an anonymous history and how to answer. */
    record AdHoc(List<String> history, int k, boolean explain, boolean excludeSeen, double diversity) {}

    /** Binds and checks the body of {@code POST /v1/events}. */
    static Events events(JsonNode body, int maxEvents) {
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
        if (raw.size() > maxEvents) {
            throw ApiException.badRequest("too many events in one request: " + raw.size() + " > " + maxEvents);
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
        return new Events(events, anyId ? ids : null);
    }

    static Event parseEvent(JsonNode e, long now) {
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

    /** Binds and checks the body of {@code POST /v1/recommendations}. */
    static AdHoc adHoc(JsonNode body, int maxHistory, int maxK) {
        if (!body.isObject()) {
            throw ApiException.badRequest("body must be an object like {\"history\": [...], \"k\": 10}");
        }
        Json.onlyFields(body, RECOMMEND_FIELDS, "the request");
        JsonNode hist = body.get("history");
        if (hist == null || !hist.isArray()) {
            throw ApiException.badRequest("'history' must be an array of item ids, got " + Json.describe(hist));
        }
        if (hist.size() > maxHistory) {
            throw ApiException.badRequest(
                    "'history' has " + hist.size() + " items; at most " + maxHistory + " are accepted");
        }
        List<String> ids = new ArrayList<>(hist.size());
        for (int i = 0; i < hist.size(); i++) {
            ids.add(Json.id(hist.get(i), "history[" + i + "]"));
        }
        int k = Json.intField(body, "k", 10, 1, maxK);
        boolean explain = Json.boolField(body, "explain", false);
        boolean excludeSeen = Json.boolField(body, "exclude_seen", true);
        double diversity = Json.doubleField(body, "diversity", 0.0, 0.0, 1.0);
        return new AdHoc(ids, k, explain, excludeSeen, diversity);
    }

    /** Binds and checks the body of {@code PUT /v1/items/{id}}: the item's metadata. */
    static ItemMeta item(String item, JsonNode body) {
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
        return new ItemMeta(item, title, categories, attributes);
    }
}
