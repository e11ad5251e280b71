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
        UserEventCache cache = new UserEventCache(store, 10_000, 100);

        assertThat(cache.get("u-trained", true)).isEmpty();

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.weight()).isEqualTo(1);
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
}
