package io.attnrec.serve;

import io.attnrec.core.data.Event;
import io.attnrec.serve.store.EventStore;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each user's stored events, read from the store once and kept until that user sends a new
 * event. The writer invalidates only after its transaction committed, and {@link
 * ConcurrentHashMap#computeIfAbsent} makes a concurrent load either finish before the
 * invalidation (and be removed by it) or start after the commit (and see the new events), so a
 * 2xx on {@code POST /v1/events} is always visible to the next request.
 *
 * <p>Bounded crudely: when full, the whole cache is dropped (a burst of reloads is cheaper than
 * per-entry bookkeeping on every hit). The cache is per process: with several servers on one
 * PostgreSQL database, route each user to one server or set the size to 0.
 */
final class UserEventCache {

    private final EventStore store;
    private final int maxUsers;
    private final int perUser;
    private final ConcurrentHashMap<String, List<Event>> cache = new ConcurrentHashMap<>();

    /** @param perUser newest events kept per user (older ones could not be scored anyway) */
    UserEventCache(EventStore store, int maxUsers, int perUser) {
        this.store = store;
        this.maxUsers = maxUsers;
        this.perUser = perUser;
    }

    /** The user's newest stored events in time order (empty if none). */
    List<Event> get(String user) {
        if (maxUsers == 0) {
            return store.eventsFor(user, perUser);
        }
        List<Event> hit = cache.get(user);
        if (hit != null) {
            return hit;
        }
        if (cache.size() >= maxUsers) {
            cache.clear();
        }
        return cache.computeIfAbsent(user, u -> List.copyOf(store.eventsFor(u, perUser)));
    }

    /** Forgets the cached events of {@code users}; call after their new events are committed. */
    void invalidate(Collection<String> users) {
        for (String u : users) {
            cache.remove(u);
        }
    }

    int size() {
        return cache.size();
    }
}
