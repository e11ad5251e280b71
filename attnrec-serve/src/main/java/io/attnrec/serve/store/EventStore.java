package io.attnrec.serve.store;

import io.attnrec.core.data.Event;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.experiment.UseCases.StoredEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Durable storage of interaction events and item metadata sent to the server.
 *
 * <p>Every write is one transaction that is committed (and, for SQLite, synced to disk) before
 * the method returns: when {@link #append} returns, the events survive a crash or restart; when
 * it throws, none of them was stored. The HTTP layer answers 2xx only after a write returned.
 * Implementations are thread-safe.
 */
public interface EventStore extends AutoCloseable {

    /**
     * Opens the store named by {@code url}: {@code sqlite:FILE} (or {@code jdbc:sqlite:FILE}) for an
     * embedded SQLite file, {@code jdbc:postgresql://...} for PostgreSQL. Creates the tables if
     * missing.
     *
     * @throws IllegalArgumentException for a URL of any other kind
     * @throws EventStoreException when the database cannot be opened
     */
    static EventStore open(String url) {
        return open(url, StoreSettings.defaults());
    }

    /** As {@link #open(String)}, with the connection settings of a PostgreSQL store. */
    static EventStore open(String url, StoreSettings settings) {
        if (url.startsWith("sqlite:")) {
            return new SqliteEventStore(url.substring("sqlite:".length()));
        }
        if (url.startsWith("jdbc:sqlite:")) {
            return new SqliteEventStore(url.substring("jdbc:sqlite:".length()));
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return new JdbcEventStore(url, settings);
        }
        throw unsupported(url);
    }

    /**
     * Opens the store named by {@code url} (as {@link #open(String)}) for reading only, as {@code
     * attnrec update} does beside a running server: it creates no table, runs no migration and
     * writes nothing (a SQLite file is opened read-only; writes throw {@link
     * EventStoreException}). Statements may run up to an hour: reading every event since a model
     * can take long on a large store, and nothing waits on it.
     *
     * @throws IllegalArgumentException for a URL of any other kind, or a SQLite file that does not
     *     exist
     * @throws EventStoreException when a PostgreSQL database cannot be reached
     */
    static EventStore openReadOnly(String url) {
        if (url.startsWith("sqlite:") || url.startsWith("jdbc:sqlite:")) {
            String file = url.substring(url.indexOf("sqlite:") + "sqlite:".length());
            if (!Files.isRegularFile(Path.of(file))) {
                throw new IllegalArgumentException("no event store at " + file);
            }
            return SqliteEventStore.readOnly(file);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return JdbcEventStore.readOnly(url, new StoreSettings(1, Duration.ofSeconds(10), Duration.ofHours(1)));
        }
        throw unsupported(url);
    }

    private static IllegalArgumentException unsupported(String url) {
        return new IllegalArgumentException(
                "database '" + url + "' is not supported; use sqlite:FILE or jdbc:postgresql://HOST/DB");
    }

    /**
     * Stores all {@code events} in one transaction: all or nothing. Events whose rating is NaN are
     * stored without a rating.
     */
    default void append(List<Event> events) {
        append(events, null);
    }

    /**
     * Stores {@code events} in one transaction (all or nothing), each with the client's event id
     * at the same index of {@code eventIds} ({@code null} list or entry: no id). An event whose id
     * is already stored is skipped, so a retried batch is stored once: ids are unique over the
     * whole store (a unique index), and the first event stored under an id wins.
     *
     * @return the number of events newly stored (the others' ids were stored before)
     * @throws IllegalArgumentException when {@code eventIds} is not as long as {@code events}
     */
    int append(List<Event> events, List<String> eventIds);

    /** The events of {@code user} in time order (ties in arrival order); empty if none. */
    default List<Event> eventsFor(String user) {
        return eventsFor(user, Integer.MAX_VALUE);
    }

    /**
     * The newest {@code limit} events of {@code user}, returned in time order (ties in arrival
     * order).
     */
    List<Event> eventsFor(String user, int limit);

    /**
     * What {@code attnrec update} reads: the events stored after store position {@code after}
     * (the events' sequence numbers) in the order they were stored, with the position of the last
     * ({@code after} when there is none), and all item metadata (none in a store written before
     * item metadata was kept).
     */
    StoredEvents storedAfter(long after);

    /** Number of stored events. */
    long count();

    /**
     * Passes every user with at least one stored event to {@code user}, once each, in no
     * particular order, and returns true; false (passing nothing) when this store cannot list
     * them. What a server reads at start to skip the store for users it has no events of.
     */
    default boolean usersWithEvents(java.util.function.Consumer<String> user) {
        return false;
    }

    /** Stores or replaces the metadata of one item, durably. */
    void putItem(ItemMeta meta);

    /** All stored item metadata, in the order first stored. */
    List<ItemMeta> items();

    /**
     * Count and time span of the stored events of {@code item}, or of all events when {@code item}
     * is {@code null} (for the dashboard's volume charts).
     */
    Span span(String item);

    /**
     * Stored events of {@code item} (all events when {@code null}) counted in {@code buckets}
     * consecutive windows of {@code width} seconds starting at {@code from}; events outside are
     * not counted.
     */
    long[] histogram(String item, long from, long width, int buckets);

    /** Number of distinct users with stored events. */
    long userCount();

    /**
     * Users with stored events whose id contains {@code query} (all when empty), most events
     * first, skipping {@code offset} and returning at most {@code limit}.
     */
    List<UserCount> users(String query, int offset, int limit);

    /**
     * A number that changes whenever item metadata is stored (so readers can reload their copy
     * only when it changed).
     */
    long itemsVersion();

    /** Count, first and last timestamp (0 when there is none) of a set of events. */
    record Span(long count, long first, long last) {}

    /** A user id and how many events are stored for it. */
    record UserCount(String user, long events) {}

    /**
     * True when the database answers within about a second. May block that long: servers call
     * it from a background prober, never on a request thread.
     */
    boolean healthy();

    @Override
    void close();
}
