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

    void eventsStored(int n, int unknown) {
        eventsStored.increment(n);
        unknownItems.increment(unknown);
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

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }

    void close() {
        registry.close();
    }
}
