package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.core.data.Event;
import io.attnrec.serve.store.EventStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user-event cache: bounded by events, never holding ids nobody knows (issue 14 item 4). */
class UserEventCacheTest {

    @TempDir
    Path dir;

    EventStore store;

    @BeforeEach
    void open() {
        store = EventStore.open("sqlite:" + dir.resolve("events.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void storeEvents(String user, int n) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new Event(user, "i" + (i % 6 + 1), 1000 + i, Float.NaN, null));
        }
        store.append(events);
    }

    @Test
    void aFloodOfUnknownIdsCachesNothing() {
        storeEvents("known", 5);
        UserEventCache cache = new UserEventCache(store, 10_000, 100);
        assertThat(cache.get("known", false)).hasSize(5);

        for (int i = 0; i < 5_000; i++) {
            assertThat(cache.get("nobody-" + i, false)).isEmpty();
        }
        cache.cleanUp();

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.weight()).isEqualTo(6); // 5 events + 1 for the entry
        assertThat(cache.get("known", false)).hasSize(5);
    }

    @Test
    void aUserTheModelKnowsIsCachedEvenWithoutStoredEvents() {
        // A store that cannot list its users (no filter): the empty answer is cached. With the
        // filter (next test) such a user is not read from the store at all, nor cached.
        CountingStore counting = new CountingStore(store, false);
        UserEventCache cache = new UserEventCache(counting, 10_000, 100);

        assertThat(cache.get("u-trained", true)).isEmpty();
        assertThat(cache.get("u-trained", true)).isEmpty();

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.weight()).isEqualTo(1);
        assertThat(counting.reads.get()).isEqualTo(1);
    }

    @Test
    void theTotalNumberOfCachedEventsStaysWithinTheBound() {
        for (int u = 0; u < 40; u++) {
            storeEvents("heavy-" + u, 50);
        }
        UserEventCache cache = new UserEventCache(store, 500, 100);

        for (int round = 0; round < 3; round++) {
            for (int u = 0; u < 40; u++) {
                assertThat(cache.get("heavy-" + u, false)).hasSize(50);
            }
        }
        cache.cleanUp();

        // 40 users x 51 would be 2,040; evicted entry by entry, not dropped wholesale.
        assertThat(cache.weight()).isLessThanOrEqualTo(500).isGreaterThan(0);
        assertThat(cache.size()).isBetween(1L, 9L);
    }

    @Test
    void newEventsAreVisibleAfterInvalidation() {
        storeEvents("u", 2);
        UserEventCache cache = new UserEventCache(store, 1_000, 100);
        assertThat(cache.get("u", false)).hasSize(2);

        storeEvents("u", 1);
        cache.invalidate(Set.of("u"));

        assertThat(cache.get("u", false)).hasSize(3);
    }

    @Test
    void sizeZeroReadsTheStoreEveryTime() {
        storeEvents("u", 2);
        UserEventCache cache = new UserEventCache(store, 0, 100);

        assertThat(cache.get("u", false)).hasSize(2);
        storeEvents("u", 1);

        assertThat(cache.get("u", false)).hasSize(3);
        assertThat(cache.size()).isZero();
    }

    /** Counts the store's reads of single users; lists the users only when {@code lists}. */
    static final class CountingStore extends ForwardingEventStore {
        final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        final boolean lists;

        CountingStore(EventStore inner, boolean lists) {
            super(inner);
            this.lists = lists;
        }

        @Override
        public List<Event> eventsFor(String user, int limit) {
            reads.incrementAndGet();
            return super.eventsFor(user, limit);
        }

        @Override
        public boolean usersWithEvents(java.util.function.Consumer<String> user) {
            return lists && inner.usersWithEvents(user);
        }
    }

    @Test
    void usersWithoutStoredEventsAreNotReadFromTheStore() {
        storeEvents("has-events", 3);
        CountingStore counting = new CountingStore(store, true);
        UserEventCache cache = new UserEventCache(counting, 10_000, 100);

        for (int i = 0; i < 1_000; i++) {
            assertThat(cache.get("trained-" + i, true)).isEmpty();
        }
        assertThat(counting.reads.get())
                .as("store reads for 1,000 users without events")
                .isLessThan(3);
        assertThat(cache.get("has-events", true)).hasSize(3);
        assertThat(counting.reads.get()).isLessThan(4);
    }

    @Test
    void eventsWrittenAfterStartAreSeenThroughTheFilter() {
        CountingStore counting = new CountingStore(store, true);
        UserEventCache cache = new UserEventCache(counting, 10_000, 100);
        assertThat(cache.get("late", true)).isEmpty();

        // what POST /v1/events does: expect, write, invalidate
        cache.expect(Set.of("late", "never-asked"));
        storeEvents("late", 2);
        storeEvents("never-asked", 1);
        cache.invalidate(Set.of("late", "never-asked"));

        assertThat(cache.get("late", true)).hasSize(2);
        assertThat(cache.get("never-asked", false)).hasSize(1);
    }

    @Test
    void aStoreThatCannotListUsersIsReadForEveryUncachedUser() {
        CountingStore counting = new CountingStore(store, false);
        UserEventCache cache = new UserEventCache(counting, 10_000, 100);

        for (int i = 0; i < 10; i++) {
            assertThat(cache.get("unknown-" + i, false)).isEmpty();
        }
        assertThat(counting.reads.get()).isEqualTo(10);
        storeEvents("unknown-3", 1); // written behind the cache's back, never asked before
        assertThat(cache.get("unknown-3", false)).hasSize(1);
    }

    @Test
    void theFilterHasNoFalseNegatives() {
        var f = UserEventCache.newUserFilter();
        for (int i = 0; i < 50_000; i++) {
            f.put("user-" + i);
        }
        int falsePositives = 0;
        for (int i = 0; i < 50_000; i++) {
            assertThat(f.mightContain("user-" + i)).isTrue();
            falsePositives += f.mightContain("other-" + i) ? 1 : 0;
        }
        assertThat(falsePositives).isLessThan(50);
    }
}
