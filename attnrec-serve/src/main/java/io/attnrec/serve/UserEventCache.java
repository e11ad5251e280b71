package io.attnrec.serve;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.attnrec.core.data.Event;
import io.attnrec.serve.store.EventStore;
import java.util.Collection;
import java.util.List;

/**
 * Each user's stored events, read from the store once and kept until that user sends a new
 * event, in a Caffeine cache bounded by the total number of cached events (a user with many
 * events weighs more than one with few), evicting the least valuable entries one by one.
 *
 * <p>Users with no stored events are cached only when the model knows them (their answer is the
 * training history, read on every request otherwise); an id nobody knows is never cached, so a
 * flood of made-up ids cannot push real users out of memory.
 *
 * <p>Consistency: the writer invalidates only after its transaction committed. A load runs inside
 * the cache's per-key computation, and an invalidation of that key waits for it, so a concurrent
 * load either finishes before the invalidation (and is removed by it) or starts after the commit
 * (and sees the new events): a 2xx on {@code POST /v1/events} is always visible to the next
 * request. The cache is per process: with several servers on one PostgreSQL database, route each
 * user to one server or set the size to 0.
 */
final class UserEventCache {

    private final EventStore store;
    private final int perUser;
    private final Cache<String, List<Event>> cache;

    /**
     * @param maxEvents most events held in total (each user also counts one for the entry); 0
     *     disables the cache
     * @param perUser newest events kept per user (older ones could not be scored anyway)
     */
    UserEventCache(EventStore store, long maxEvents, int perUser) {
        this.store = store;
        this.perUser = perUser;
        this.cache = maxEvents == 0
                ? null
                : Caffeine.newBuilder()
                        .maximumWeight(maxEvents)
                        .weigher((String user, List<Event> events) -> events.size() + 1)
                        // Evict on the calling thread: no background thread, and the bound holds
                        // when the call returns.
                        .executor(Runnable::run)
                        .build();
    }

    /**
     * The user's newest stored events in time order (empty if none).
     *
     * @param knownToModel whether the active model knows the user: only then is an empty answer
     *     cached
     */
    List<Event> get(String user, boolean knownToModel) {
        if (cache == null) {
            return store.eventsFor(user, perUser);
        }
        List<Event> events = cache.get(user, u -> {
            List<Event> loaded = List.copyOf(store.eventsFor(u, perUser));
            return loaded.isEmpty() && !knownToModel ? null : loaded; // null: not cached
        });
        return events == null ? List.of() : events;
    }

    /** Forgets the cached events of {@code users}; call after their new events are committed. */
    void invalidate(Collection<String> users) {
        if (cache != null) {
            cache.invalidateAll(users);
        }
    }

    /** Users cached now (approximate). */
    long size() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    /** Events cached now, plus one per user: the quantity bounded by the configured maximum. */
    long weight() {
        return cache == null
                ? 0
                : cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** Runs pending evictions (tests read {@link #weight()} afterwards). */
    void cleanUp() {
        if (cache != null) {
            cache.cleanUp();
        }
    }
}
