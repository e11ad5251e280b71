package io.attnrec.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics:
 *
 * <pre>
 * attnrec_http_requests_seconds{method,route,status}  histogram (count, sum, buckets)
 * attnrec_events_stored_total                          events durably stored
 * attnrec_events_unknown_items_total                   stored events whose item the model lacks
 * attnrec_events_new_items_total                       of those, events on items given by PUT /v1/items/{id}
 * attnrec_new_items                                    catalogue items the active model has never seen
 * attnrec_new_item_recommendations_total{source}       new items recommended (source = content | fallback)
 * attnrec_updates_total{outcome}                       scheduled model updates: accepted | rejected | failed | skipped
 * attnrec_update_last_run_timestamp_seconds            end of the last scheduled update (Unix time)
 * attnrec_update_last_accepted_timestamp_seconds       end of the last accepted one (Unix time)
 * attnrec_update_last_duration_seconds                 duration of the last one
 * attnrec_model_active{model}                          1 for the model being served, else 0
 * attnrec_model_swaps_total                            activations since start
 * attnrec_users_cached                                 users whose events are cached
 * </pre>
 *
 * plus JVM memory, thread and CPU gauges. Routes are the templates ({@code
 * /v1/users/{id}/recommendations}), never raw paths, so the number of series stays bounded.
 */
final class ServiceMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter eventsStored;
    private final Counter unknownItems;
    private final Counter newItemEvents;
    private final Map<String, Counter> newItemRecommendations = new ConcurrentHashMap<>();
    private final Counter swaps;
    private final Set<String> modelGauges = ConcurrentHashMap.newKeySet();
    /**
     * Timers by (method, route, status): building and registering one looks it up in the
     * registry by its full id, which costs more than recording. Bounded like the series.
     */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private final Supplier<String> activeModel;

    ServiceMetrics(Supplier<String> activeModel, Supplier<Number> cachedUsers, Supplier<Number> cachedEvents) {
        this.activeModel = activeModel;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        eventsStored = Counter.builder("attnrec.events.stored")
                .description("events durably stored")
                .register(registry);
        unknownItems = Counter.builder("attnrec.events.unknown.items")
                .description("stored events whose item the active model does not know")
                .register(registry);
        newItemEvents = Counter.builder("attnrec.events.new.items")
                .description("stored events on catalogue items (PUT /v1/items) that the active model has never seen")
                .register(registry);
        swaps = Counter.builder("attnrec.model.swaps")
                .description("model activations")
                .register(registry);
        Gauge.builder("attnrec.users.cached", cachedUsers)
                .description("users whose stored events are cached")
                .register(registry);
        Gauge.builder("attnrec.events.cached", cachedEvents)
                .description("stored events held in the user cache (plus one per user; bounded by --cache-events)")
                .register(registry);
    }

    private record TimerKey(String method, String route, int status) {}

    void request(String method, String route, int status, long nanos) {
        timers.computeIfAbsent(
                        new TimerKey(method, route, status),
                        k -> Timer.builder("attnrec.http.requests")
                                .description("HTTP requests by route and status")
                                .tags("method", k.method(), "route", k.route(), "status", Integer.toString(k.status()))
                                .publishPercentileHistogram()
                                .minimumExpectedValue(Duration.ofNanos(50_000))
                                .maximumExpectedValue(Duration.ofSeconds(10))
                                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void eventsStored(int n, int unknown, int onNewItems) {
        eventsStored.increment(n);
        unknownItems.increment(unknown);
        newItemEvents.increment(onNewItems);
    }

    /** Counts a never-seen item placed in a list, by rule ("content" or "fallback"). */
    void newItemRecommended(String source) {
        newItemRecommendations
                .computeIfAbsent(
                        source,
                        s -> Counter.builder("attnrec.new.item.recommendations")
                                .description(
                                        "catalogue items the model has never seen, placed in a recommendation list")
                                .tag("source", s)
                                .register(registry))
                .increment();
    }

    private final Map<String, Counter> updates = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicReference<double[]> lastUpdate =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** Counts one scheduled update by outcome and records its time and duration. */
    void update(String outcome, double seconds) {
        if (lastUpdate.get() == null
                && lastUpdate.compareAndSet(null, new double[] {Double.NaN, Double.NaN, Double.NaN})) {
            Gauge.builder("attnrec.update.last.run.timestamp", () -> lastUpdate.get()[0])
                    .description("end of the last scheduled model update, Unix time")
                    .baseUnit("seconds")
                    .register(registry);
            Gauge.builder(
                            "attnrec.update.last.accepted.timestamp",
                            () -> lastUpdate.get()[1])
                    .description("end of the last accepted scheduled model update, Unix time")
                    .baseUnit("seconds")
                    .register(registry);
            Gauge.builder("attnrec.update.last.duration", () -> lastUpdate.get()[2])
                    .description("duration of the last scheduled model update")
                    .baseUnit("seconds")
                    .register(registry);
        }
        double now = System.currentTimeMillis() / 1000.0;
        lastUpdate.updateAndGet(old -> new double[] {now, outcome.equals("accepted") ? now : old[1], seconds});
        updates.computeIfAbsent(
                        outcome,
                        o -> Counter.builder("attnrec.updates")
                                .description("scheduled model updates by outcome")
                                .tag("outcome", o)
                                .register(registry))
                .increment();
    }

    /** Registers the gauge of catalogue items the active model has never seen. */
    void newItems(Supplier<Number> count) {
        Gauge.builder("attnrec.new.items", count)
                .description("catalogue items the active model has never seen")
                .register(registry);
    }

    void modelActivated(String name) {
        swaps.increment();
        if (modelGauges.add(name)) {
            Gauge.builder("attnrec.model.active", () -> name.equals(activeModel.get()) ? 1 : 0)
                    .description("1 for the model being served")
                    .tag("model", name)
                    .register(registry);
        }
    }

    /**
     * Requests so far of one route (all statuses together), with latency percentiles read from
     * the timers' histogram buckets (upper bucket bounds, so slightly pessimistic).
     */
    record RouteStats(
            String method,
            String route,
            long count,
            long errors,
            double meanMs,
            double p50Ms,
            double p95Ms,
            double p99Ms,
            double maxMs) {}

    /** Per-route request counts and latencies since start (for the dashboard), busiest first. */
    java.util.List<RouteStats> routeStats() {
        Map<String, java.util.List<Map.Entry<TimerKey, Timer>>> byRoute = new java.util.TreeMap<>();
        timers.entrySet()
                .forEach(e -> byRoute.computeIfAbsent(
                                e.getKey().method() + " " + e.getKey().route(), x -> new java.util.ArrayList<>())
                        .add(e));
        java.util.List<RouteStats> out = new java.util.ArrayList<>();
        byRoute.forEach((name, list) -> {
            long count = 0;
            long errors = 0;
            double totalMs = 0;
            double maxMs = 0;
            java.util.TreeMap<Double, Double> buckets = new java.util.TreeMap<>();
            for (Map.Entry<TimerKey, Timer> e : list) {
                io.micrometer.core.instrument.distribution.HistogramSnapshot h =
                        e.getValue().takeSnapshot();
                count += h.count();
                if (e.getKey().status() >= 400) {
                    errors += h.count();
                }
                totalMs += h.total(TimeUnit.MILLISECONDS);
                maxMs = Math.max(maxMs, h.max(TimeUnit.MILLISECONDS));
                for (io.micrometer.core.instrument.distribution.CountAtBucket c : h.histogramCounts()) {
                    buckets.merge(c.bucket(TimeUnit.MILLISECONDS), c.count(), Double::sum);
                }
            }
            TimerKey k = list.get(0).getKey();
            out.add(new RouteStats(
                    k.method(),
                    k.route(),
                    count,
                    errors,
                    count == 0 ? 0 : totalMs / count,
                    percentile(buckets, count, 0.50, maxMs),
                    percentile(buckets, count, 0.95, maxMs),
                    percentile(buckets, count, 0.99, maxMs),
                    maxMs));
        });
        out.sort(java.util.Comparator.comparingLong(RouteStats::count).reversed());
        return out;
    }

    /** Bucket counts are cumulative (Prometheus "le" buckets): the first bound holding q of all. */
    private static double percentile(java.util.TreeMap<Double, Double> cumulative, long count, double q, double max) {
        if (count == 0) {
            return 0;
        }
        double want = q * count;
        for (Map.Entry<Double, Double> b : cumulative.entrySet()) {
            if (b.getValue() >= want) {
                return Math.min(b.getKey(), max);
            }
        }
        return max;
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }

    void close() {
        registry.close();
    }
}
