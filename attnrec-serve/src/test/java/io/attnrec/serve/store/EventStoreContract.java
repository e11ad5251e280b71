package io.attnrec.serve.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.data.Event;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.experiment.UseCases.StoredEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link EventStore} must have; subclasses say how to open one. */
abstract class EventStoreContract {

    /** Unique per test so that a shared PostgreSQL database needs no cleaning. */
    String prefix;

    EventStore store;

    abstract EventStore open();

    /** The database of {@link #open()}, opened with {@link EventStore#openReadOnly}. */
    abstract EventStore openReadOnly();

    /** SQL of the version-1 schema (before event ids), as an older attnrec created it. */
    static final String LEGACY_EVENTS = "CREATE TABLE events (seq %s PRIMARY KEY,"
            + " user_id TEXT NOT NULL, item_id TEXT NOT NULL, ts BIGINT NOT NULL, type TEXT, rating REAL)";

    /**
     * A store opened on a fresh database that holds the version-1 schema (no {@code event_id})
     * with one event of user {@code prefix + "old"} in it.
     */
    abstract EventStore openLegacy() throws Exception;

    @BeforeEach
    void setUp() {
        prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
        store = open();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    Event ev(String user, String item, long ts) {
        return new Event(prefix + user, item, ts, Float.NaN, null);
    }

    @Test
    void eventsComeBackInTimeOrderWithTiesInArrivalOrder() {
        store.append(List.of(ev("u1", "c", 30), ev("u1", "a", 10), ev("u2", "x", 5)));
        store.append(List.of(ev("u1", "b", 10), ev("u1", "d", 20)));

        assertThat(store.eventsFor(prefix + "u1")).extracting(Event::item).containsExactly("a", "b", "d", "c");
        assertThat(store.eventsFor(prefix + "u2")).extracting(Event::item).containsExactly("x");
        assertThat(store.eventsFor(prefix + "nobody")).isEmpty();
        // A limit keeps the newest events, still returned oldest first.
        assertThat(store.eventsFor(prefix + "u1", 2)).extracting(Event::item).containsExactly("d", "c");
        assertThat(store.eventsFor(prefix + "u1", 3)).extracting(Event::item).containsExactly("b", "d", "c");
    }

    @Test
    void dashboardQueriesCountEventsOverTimeAndListUsers() {
        String item = prefix + "item";
        store.append(List.of(
                ev("a", item, 100), ev("a", item, 160), ev("b", item, 250), ev("b", "other", 130), ev("c", item, 90)));

        EventStore.Span span = store.span(item);
        assertThat(span.count()).isEqualTo(4);
        assertThat(span.first()).isEqualTo(90);
        assertThat(span.last()).isEqualTo(250);
        // Windows [100,160), [160,220), [220,280); the event at 90 is before the first.
        assertThat(store.histogram(item, 100, 60, 3)).containsExactly(1, 1, 1);
        assertThat(store.histogram(item, 0, 1000, 1)).containsExactly(4);
        assertThat(store.span(prefix + "never")).isEqualTo(new EventStore.Span(0, 0, 0));

        // Most events first, then by id; the query matches literally ('_' is no wildcard).
        assertThat(store.users(prefix, 0, 10))
                .containsExactly(
                        new EventStore.UserCount(prefix + "a", 2),
                        new EventStore.UserCount(prefix + "b", 2),
                        new EventStore.UserCount(prefix + "c", 1));
        assertThat(store.users(prefix, 1, 1))
                .extracting(EventStore.UserCount::user)
                .containsExactly(prefix + "b");
        assertThat(store.users(prefix + "_", 0, 10)).isEmpty();
        assertThat(store.userCount()).isGreaterThanOrEqualTo(3);

        long version = store.itemsVersion();
        store.putItem(new ItemMeta(prefix + "new-item", "t", List.of(), Map.of()));
        assertThat(store.itemsVersion()).isNotEqualTo(version);
    }

    @Test
    void ratingAndTypeRoundTrip() {
        store.append(List.of(
                new Event(prefix + "u", "i1", 1, 4.5f, "rate"), new Event(prefix + "u", "i2", 2, Float.NaN, null)));

        List<Event> back = store.eventsFor(prefix + "u");

        assertThat(back.get(0)).isEqualTo(new Event(prefix + "u", "i1", 1, 4.5f, "rate"));
        assertThat(back.get(1).hasRating()).isFalse();
        assertThat(back.get(1).type()).isNull();
        assertThat(back.get(1).timestamp()).isEqualTo(2);
    }

    @Test
    void aFailingBatchStoresNothing() {
        long before = store.count();
        // The third event breaks the NOT NULL constraint on user_id: the two before it must go too.
        List<Event> batch =
                List.of(ev("u", "a", 1), ev("u", "b", 2), new Event(null, "c", 3, Float.NaN, null), ev("u", "d", 4));

        // A constraint violation is the input's fault (SQLSTATE class 23): a 400, not "retry later".
        assertThatThrownBy(() -> store.append(batch)).isInstanceOf(RejectedInputException.class);

        assertThat(store.count()).isEqualTo(before);
        assertThat(store.eventsFor(prefix + "u")).isEmpty();
        // The store is still usable after the failure.
        store.append(List.of(ev("u", "e", 5)));
        assertThat(store.eventsFor(prefix + "u")).extracting(Event::item).containsExactly("e");
    }

    @Test
    void eventsSurviveReopening() {
        store.append(List.of(ev("u", "a", 1), ev("u", "b", 2)));
        store.close();

        store = open();

        assertThat(store.eventsFor(prefix + "u")).extracting(Event::item).containsExactly("a", "b");
    }

    @Test
    void itemMetadataIsUpserted() {
        String id = prefix + "item";
        store.putItem(new ItemMeta(id, "Old", List.of("x"), Map.of()));
        store.putItem(new ItemMeta(id, "New title", List.of("drama", "comedy"), Map.of("year", "1995")));

        List<ItemMeta> mine =
                store.items().stream().filter(m -> m.itemId().equals(id)).toList();

        assertThat(mine)
                .containsExactly(new ItemMeta(id, "New title", List.of("drama", "comedy"), Map.of("year", "1995")));
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        long before = store.count();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        store.append(List.of(ev("w" + thread, "i" + i, i), ev("w" + thread, "j" + i, i)));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(store.count() - before).isEqualTo(200);
        assertThat(store.eventsFor(prefix + "w2")).hasSize(50);
        assertThat(store.healthy()).isTrue();
    }

    @Test
    void aRetriedBatchWithEventIdsIsStoredOnce() {
        List<Event> batch = List.of(ev("idem", "a", 1), ev("idem", "b", 2), ev("idem", "c", 3));
        List<String> ids = List.of(prefix + "e1", prefix + "e2", prefix + "e3");

        assertThat(store.append(batch, ids)).isEqualTo(3);
        assertThat(store.append(batch, ids)).isEqualTo(0); // the retry after a lost answer
        // A later batch overlapping the first: only the new event is stored.
        assertThat(store.append(List.of(ev("idem", "c", 3), ev("idem", "d", 4)), List.of(prefix + "e3", prefix + "e4")))
                .isEqualTo(1);

        assertThat(store.eventsFor(prefix + "idem")).extracting(Event::item).containsExactly("a", "b", "c", "d");
    }

    @Test
    void eventsWithoutIdsAreNeverMerged() {
        List<Event> batch = List.of(ev("noid", "a", 1), ev("noid", "a", 1));
        List<String> ids = java.util.Arrays.asList(null, null);

        assertThat(store.append(batch, ids)).isEqualTo(2);
        store.append(batch);

        assertThat(store.eventsFor(prefix + "noid")).hasSize(4);
    }

    @Test
    void anOlderDatabaseIsMigratedInPlace() throws Exception {
        store.close();
        store = openLegacy();

        // The event stored by the old schema is still there, and ids now work on it.
        assertThat(store.eventsFor(prefix + "old")).extracting(Event::item).containsExactly("i1");
        assertThat(store.append(List.of(ev("old", "i2", 2)), List.of(prefix + "x")))
                .isEqualTo(1);
        assertThat(store.append(List.of(ev("old", "i2", 2)), List.of(prefix + "x")))
                .isEqualTo(0);
        assertThat(store.eventsFor(prefix + "old")).extracting(Event::item).containsExactly("i1", "i2");
        // Opening it again (already migrated) changes nothing.
        store.close();
        store = openLegacy();
        assertThat(store.eventsFor(prefix + "old")).hasSize(2);
    }

    @Test
    void aClosedStoreRefusesWork() {
        store.close();

        assertThat(store.healthy()).isFalse();
        assertThatThrownBy(() -> store.append(List.of(ev("u", "a", 1)))).isInstanceOf(EventStoreException.class);
        store = open();
    }

    @Test
    void aReadOnlyStoreReadsTheEventsAfterAPositionAndWritesNothing() {
        store.append(List.of(ev("u1", "b", 30), ev("u2", "a", 10)));
        store.putItem(new ItemMeta(prefix + "a", "A", List.of("x"), Map.of()));
        try (EventStore reader = openReadOnly()) {
            StoredEvents all = reader.storedAfter(0);
            // in the order stored, not by time; a shared database may hold other tests' events too
            assertThat(all.events())
                    .filteredOn(e -> e.user().startsWith(prefix))
                    .extracting(Event::item)
                    .containsExactly("b", "a");
            long first = all.lastSeq();
            assertThat(first).isPositive();

            store.append(List.of(ev("u1", "c", 1)));
            StoredEvents next = reader.storedAfter(first);
            assertThat(next.events())
                    .extracting(Event::user, Event::item)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(prefix + "u1", "c"));
            assertThat(next.lastSeq()).isGreaterThan(first);
            assertThat(next.items()).contains(new ItemMeta(prefix + "a", "A", List.of("x"), Map.of()));
            StoredEvents none = reader.storedAfter(next.lastSeq());
            assertThat(none.events()).isEmpty();
            assertThat(none.lastSeq()).isEqualTo(next.lastSeq());

            assertThatThrownBy(() -> reader.append(List.of(ev("u3", "z", 1))))
                    .isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("read-only");
            assertThatThrownBy(() -> reader.putItem(new ItemMeta(prefix + "z", "Z", List.of(), Map.of())))
                    .isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("read-only");
        }
        assertThat(store.eventsFor(prefix + "u3")).isEmpty();
    }
}
