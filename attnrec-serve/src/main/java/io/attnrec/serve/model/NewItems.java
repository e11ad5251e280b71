package io.attnrec.serve.model;

import io.attnrec.core.data.ItemMeta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The item metadata the server was given ({@code PUT /v1/items/{id}}, and the store's items at
 * start), whatever the model: items the active model knows (a rename) and items it has never
 * seen, which {@link ActiveModel#recommend(int, int[], int, java.util.BitSet, double, NewItems,
 * java.util.Set)} merges into its rankings until a training makes them known (issue 16).
 * Thread-safe; readers get immutable snapshots.
 */
public final class NewItems {

    /**
     * One catalogue item.
     *
     * @param meta its latest metadata
     * @param arrival order of its first {@code PUT} (larger = newer); the fallback rule prefers
     *     newer items
     */
    public record Entry(ItemMeta meta, long arrival) {}

    /** A snapshot, newest arrival first, with the version it was taken at. */
    record Snapshot(long version, List<Entry> entries) {}

    private final ConcurrentHashMap<String, Entry> items = new ConcurrentHashMap<>();
    private final AtomicLong arrivals = new AtomicLong();
    private final AtomicLong version = new AtomicLong();
    private volatile Snapshot snapshot = new Snapshot(0, List.of());

    /** Adds or replaces an item's metadata; a replaced item keeps its arrival. */
    public void put(ItemMeta meta) {
        items.compute(
                meta.itemId(), (id, old) -> new Entry(meta, old == null ? arrivals.incrementAndGet() : old.arrival()));
        version.incrementAndGet();
    }

    /** The item's metadata, or null. */
    public ItemMeta get(String item) {
        Entry e = items.get(item);
        return e == null ? null : e.meta();
    }

    /** True when no item was given. */
    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** Number of items given. */
    public int size() {
        return items.size();
    }

    /** Every item, newest arrival first (cached until the next {@link #put}). */
    Snapshot snapshot() {
        Snapshot s = snapshot;
        long v = version.get();
        if (s.version() == v) {
            return s;
        }
        List<Entry> all = new ArrayList<>(items.values());
        all.sort(Comparator.comparingLong(Entry::arrival).reversed());
        s = new Snapshot(v, List.copyOf(all));
        snapshot = s;
        return s;
    }
}
