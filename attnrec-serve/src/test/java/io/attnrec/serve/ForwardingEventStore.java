package io.attnrec.serve;

import io.attnrec.core.data.Event;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.serve.store.EventStore;
import java.util.List;

/**
 * An event store that passes every call to another one: tests that slow down, hang or break one
 * operation extend it and override only that operation.
 */
abstract class ForwardingEventStore implements EventStore {

    protected final EventStore inner;

    ForwardingEventStore(EventStore inner) {
        this.inner = inner;
    }

    @Override
    public int append(List<Event> events, List<String> eventIds) {
        return inner.append(events, eventIds);
    }

    @Override
    public List<Event> eventsFor(String user, int limit) {
        return inner.eventsFor(user, limit);
    }

    @Override
    public io.attnrec.core.experiment.UseCases.StoredEvents storedAfter(long after) {
        return inner.storedAfter(after);
    }

    @Override
    public long count() {
        return inner.count();
    }

    @Override
    public void putItem(ItemMeta meta) {
        inner.putItem(meta);
    }

    @Override
    public List<ItemMeta> items() {
        return inner.items();
    }

    @Override
    public Span span(String item) {
        return inner.span(item);
    }

    @Override
    public long[] histogram(String item, long from, long width, int buckets) {
        return inner.histogram(item, from, width, buckets);
    }

    @Override
    public long userCount() {
        return inner.userCount();
    }

    @Override
    public List<UserCount> users(String query, int offset, int limit) {
        return inner.users(query, offset, limit);
    }

    @Override
    public long itemsVersion() {
        return inner.itemsVersion();
    }

    @Override
    public boolean healthy() {
        return inner.healthy();
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return inner.toString();
    }
}
