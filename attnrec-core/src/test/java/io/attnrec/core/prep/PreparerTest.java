package io.attnrec.core.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.data.Event;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.RawData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PreparerTest {

    private static final PrepConfig NONE = PrepConfig.none();

    private static Event ev(String user, String item, long time) {
        return new Event(user, item, time, Float.NaN, null);
    }

    private static Event rated(String user, String item, long time, float rating) {
        return new Event(user, item, time, rating, null);
    }

    private static RawData raw(Event... events) {
        return new RawData("toy", "test", List.of(events), ItemCatalog.empty(), 0);
    }

    @Test
    void chronologicalOrderWithStableTieBreakAndFirstAppearanceIds() {
        Dataset d = Preparer.prepare(
                raw(ev("A", "x", 5), ev("B", "y", 3), ev("A", "z", 5), ev("A", "y", 1), ev("B", "x", 3)), NONE);

        // Sorted: A-y@1, B-y@3, B-x@3, A-x@5, A-z@5 (equal times keep file order).
        assertThat(d.users().externalIds()).containsExactly("A", "B");
        assertThat(d.users().offset()).isZero();
        assertThat(d.items().externalIds()).containsExactly("y", "x", "z");
        assertThat(d.items().offset()).isEqualTo(1);
        assertThat(d.sequences()).isDeepEqualTo(new int[][] {{1, 2, 3}, {1, 2}});
        assertThat(d.timestamps()).isDeepEqualTo(new long[][] {{1, 5, 5}, {3, 3}});
        assertThat(d.ratings()).isNull();
        assertThat(d.name()).isEqualTo("toy");
    }

    @Test
    void dedupKeepsTheOldestOccurrence() {
        RawData r = raw(ev("A", "x", 3), ev("A", "y", 2), ev("A", "x", 1), ev("A", "z", 4), ev("A", "y", 5));

        Dataset dedup = Preparer.prepare(r, new PrepConfig(true, Double.NaN, 0, 0, 0));
        Dataset all = Preparer.prepare(r, NONE);

        // Time order: x@1 y@2 x@3 z@4 y@5.
        assertThat(dedup.sequences()[0]).containsExactly(1, 2, 3);
        assertThat(dedup.timestamps()[0]).containsExactly(1, 2, 4);
        assertThat(all.sequences()[0]).containsExactly(1, 2, 1, 3, 2);
    }

    @Test
    void ratingThresholdDropsLowRatingsButKeepsRatings() {
        RawData r = raw(rated("A", "x", 1, 5), rated("A", "y", 2, 2), rated("B", "y", 3, 4), ev("B", "z", 4));

        Dataset d = Preparer.prepare(r, new PrepConfig(false, 4.0, 0, 0, 0));

        assertThat(d.items().externalIds()).containsExactly("x", "y", "z");
        assertThat(d.sequences()).isDeepEqualTo(new int[][] {{1}, {2, 3}});
        assertThat(d.ratings()[0]).containsExactly(5f);
        assertThat(d.ratings()[1][0]).isEqualTo(4f);
        assertThat(d.ratings()[1][1]).isNaN(); // the unrated event is kept, without a rating
        assertThat(Preparer.prepare(r, NONE).numInteractions()).isEqualTo(4);
    }

    @Test
    void kCoreIteratesUntilStable() {
        // k = 2. Pass 1 drops U4 (1 event); then c has 1 event, so U3-c goes; then U3 has 1 event,
        // so U3-a goes. Only U1 and U2 with a, b remain.
        RawData r = raw(
                ev("U1", "a", 1),
                ev("U1", "b", 2),
                ev("U2", "a", 3),
                ev("U2", "b", 4),
                ev("U3", "a", 5),
                ev("U3", "c", 6),
                ev("U4", "c", 7));

        Dataset d = Preparer.prepare(r, new PrepConfig(false, Double.NaN, 2, 0, 0));

        assertThat(d.users().externalIds()).containsExactly("U1", "U2");
        assertThat(d.items().externalIds()).containsExactly("a", "b");
        assertThat(d.sequences()).isDeepEqualTo(new int[][] {{1, 2}, {1, 2}});
        // With k = 1 nothing is dropped.
        assertThat(Preparer.prepare(r, new PrepConfig(false, Double.NaN, 1, 0, 0))
                        .numInteractions())
                .isEqualTo(7);
    }

    @Test
    void minLengthDropsShortUsers() {
        RawData r = raw(ev("A", "x", 1), ev("A", "y", 2), ev("A", "z", 3), ev("B", "x", 4), ev("B", "w", 5));

        Dataset d = Preparer.prepare(r, new PrepConfig(false, Double.NaN, 0, 3, 0));

        assertThat(d.users().externalIds()).containsExactly("A");
        assertThat(d.items().externalIds()).containsExactly("x", "y", "z");
    }

    @Test
    void maxLengthKeepsTheMostRecentEvents() {
        RawData r = raw(ev("A", "v", 5), ev("A", "w", 1), ev("A", "x", 2), ev("A", "y", 3), ev("B", "z", 4));

        Dataset d = Preparer.prepare(r, new PrepConfig(false, Double.NaN, 0, 0, 2));

        // A in time order: w x y v; the two most recent are y, v. Item w and x get no id.
        assertThat(d.items().externalIds()).containsExactly("y", "z", "v");
        assertThat(d.sequences()).isDeepEqualTo(new int[][] {{1, 3}, {2}});
        assertThat(d.timestamps()[0]).containsExactly(3, 5);
    }

    @Test
    void nothingLeftIsAClearError() {
        RawData r = raw(ev("A", "x", 1), ev("B", "y", 2));
        assertThatThrownBy(() -> Preparer.prepare(r, new PrepConfig(false, Double.NaN, 2, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no interactions are left in toy after preparation");
    }

    @Test
    void sameInputGivesSameOutput() {
        Random rnd = new Random(7);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            events.add(rated("u" + rnd.nextInt(50), "i" + rnd.nextInt(80), rnd.nextInt(300), 1 + rnd.nextInt(5)));
        }
        RawData r = new RawData("rnd", "test", events, ItemCatalog.empty(), 0);
        PrepConfig c = new PrepConfig(true, 2.0, 3, 4, 20);

        Dataset a = Preparer.prepare(r, c);
        Dataset b = Preparer.prepare(r, c);

        assertThat(a.users().externalIds()).isEqualTo(b.users().externalIds());
        assertThat(a.items().externalIds()).isEqualTo(b.items().externalIds());
        assertThat(Arrays.deepEquals(a.sequences(), b.sequences())).isTrue();
        assertThat(Arrays.deepEquals(a.timestamps(), b.timestamps())).isTrue();
        assertThat(Arrays.deepEquals(a.ratings(), b.ratings())).isTrue();
        for (int[] s : a.sequences()) {
            assertThat(s.length).isBetween(4, 20);
        }
    }

    @Test
    void stableSortMatchesAReferenceStableSort() {
        Random rnd = new Random(11);
        int n = 5000;
        long[] time = new long[n];
        for (int i = 0; i < n; i++) {
            time[i] = rnd.nextInt(100); // many ties
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(i);
        }
        expected.sort(Comparator.comparingLong(i -> time[i])); // List.sort is stable

        Preparer.stableSortByTime(idx, time);

        assertThat(idx)
                .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
    }
}
