package io.attnrec.serve;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
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
 *
 * <p>Users without stored events (issue 20): at start the cache reads which users have events
 * into a Bloom filter ({@link EventStore#usersWithEvents}), and every writer adds its users before
 * it writes ({@link #expect}); a user the filter has never seen has no stored events, so the store
 * is not asked (a request for a trained user without new events cost a database query on every
 * cache miss: 18% of the request threads' time in the serving benchmark, whose users have no
 * stored events). The filter says "maybe" for the others (and for about 0.1% of the rest at a
 * million users with events), who are read as before. Same per-process rule as the cache: events written by another
 * process for a user this one has not seen stay invisible here until a restart; with size 0
 * there is no filter either.
 */
final class UserEventCache {

    private final EventStore store;
    private final int perUser;
    private final Cache<String, List<Event>> cache;
    /** Users that may have stored events, or null: ask the store for everyone. */
    private final BloomFilter<CharSequence> maybeStored;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UserEventCache.class);

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
        this.maybeStored = maxEvents == 0 ? null : readUsers(store);
    }

    private static BloomFilter<CharSequence> readUsers(EventStore store) {
        BloomFilter<CharSequence> f = newUserFilter();
        try {
            return store.usersWithEvents(f::put) ? f : null;
        } catch (RuntimeException e) {
            // e.g. the database is down at start: read every user from the store, as before
            LOG.warn(
                    "could not list the users with stored events ({}); every uncached user is read from the store",
                    e.toString());
            return null;
        }
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
        if (maybeStored != null && !maybeStored.mightContain(user)) {
            return List.of();
        }
        List<Event> events = cache.get(user, u -> {
            List<Event> loaded = List.copyOf(store.eventsFor(u, perUser));
            return loaded.isEmpty() && !knownToModel ? null : loaded; // null: not cached
        });
        return events == null ? List.of() : events;
    }

    /**
     * Notes that {@code users} are about to get stored events; call before writing them (a
     * write that fails after its commit still leaves them readable).
     */
    void expect(Collection<String> users) {
        if (maybeStored != null) {
            users.forEach(maybeStored::put);
        }
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

    /**
     * A Bloom filter of user ids (Guava's: thread-safe and lock-free, no false negatives) sized for
     * a million users with events at 0.1% false positives (a needless store read), about 1.8 MB;
     * beyond that the false-positive rate rises gradually, never a false negative.
     */
    static BloomFilter<CharSequence> newUserFilter() {
        return BloomFilter.create(Funnels.unencodedCharsFunnel(), 1_000_000, 0.001);
    }
}
