package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.attnrec.core.data.Event;
import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.retrieval.RetrievalConfig;
import io.attnrec.serve.store.EventStore;
import io.attnrec.serve.store.StoreSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL server is stopped while the attnrec server runs and a client keeps posting
 * batches with event ids, retrying each batch (same ids) until it is acknowledged (issue 14,
 * "what to show" 2): while the database is down writes get 503 within the connect timeout and
 * {@code /health} answers 503 within a second; after it returns writes succeed again, and every
 * acknowledged event is stored exactly once.
 *
 * <p>Needs {@code ATTNREC_TEST_PG_URL} and the {@code pg_ctl -D DIR} command that controls that
 * server, from {@code ATTNREC_TEST_PG_CTL} or the {@code target-pg-ctl} file that {@code
 * .ci/postgres.sh} writes at the repository root; skipped (saying why) otherwise. Stopping the
 * database disturbs anything else using it, so the tests of one build must not run in parallel
 * (Surefire's default).
 */
class DatabaseOutageTest {

    private static final long CONNECT_TIMEOUT_MS = 1000;

    @Test
    void writesFailFastDuringAnOutageAndRetriesStoreEveryEventOnce() throws Exception {
        String url = System.getenv("ATTNREC_TEST_PG_URL");
        assumeTrue(
                url != null && url.startsWith("jdbc:postgresql:"),
                "set ATTNREC_TEST_PG_URL (bash .ci/postgres.sh prints it) to run the database-outage test");
        String pgCtl = pgCtl();
        assumeTrue(
                pgCtl != null,
                "no pg_ctl command known for the test PostgreSQL: set ATTNREC_TEST_PG_CTL='pg_ctl -D DIR'"
                        + " or run .ci/postgres.sh from the repository root (it writes target-pg-ctl)");
        Matcher port = Pattern.compile("//[^:/]+:(\\d+)/").matcher(url);
        assumeTrue(port.find(), "ATTNREC_TEST_PG_URL names no port: " + url);
        String dataDir = pgCtl.replaceFirst(".*-D\\s+(\\S+).*", "$1");
        String start = pgCtl + " -w -t 30 -l " + dataDir + "/server.log -o '-k " + dataDir + " -h 127.0.0.1 -p "
                + port.group(1) + "' start";
        String stop = pgCtl + " -w -t 30 -m fast stop";

        ServerConfig config = ServerConfig.builder()
                .port(0)
                .database(url)
                .store(new StoreSettings(4, Duration.ofMillis(CONNECT_TIMEOUT_MS), Duration.ofSeconds(2)))
                .build();
        String prefix = "outage" + Long.toHexString(System.nanoTime());
        Map<String, List<Event>> acknowledged = new ConcurrentHashMap<>();
        List<Long> failedWriteMs = Collections.synchronizedList(new ArrayList<>());
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger retries = new AtomicInteger();
        AtomicBoolean stopClient = new AtomicBoolean();
        boolean databaseStopped = false;
        try (AttnrecServer server = new AttnrecServer(
                        config, ModelRegistry.of(List.of(TestWorld.served("world")), RetrievalConfig.defaults()))
                .start()) {
            Http http = new Http(server.port());
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            Thread poster = new Thread(() -> {
                for (int n = 0; !stopClient.get(); n++) {
                    String user = prefix + "-" + n;
                    List<Event> events = new ArrayList<>();
                    StringBuilder body = new StringBuilder("[");
                    for (int j = 0; j < 5; j++) {
                        Event e = new Event(user, "i" + (1 + (n + j) % TestWorld.NUM_ITEMS), 1000 + j, Float.NaN, null);
                        events.add(e);
                        body.append(j == 0 ? "" : ",")
                                .append("{\"user\":\"")
                                .append(user)
                                .append("\",\"item\":\"")
                                .append(e.item())
                                .append("\",\"timestamp\":")
                                .append(e.timestamp())
                                .append(",\"event_id\":\"")
                                .append(user)
                                .append('.')
                                .append(j)
                                .append("\"}");
                    }
                    HttpRequest request = HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + server.port() + "/v1/events"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    body.append(']').toString()))
                            .build();
                    // The same batch, same ids, until it is acknowledged (a client's retry loop).
                    for (int attempt = 0; ; attempt++) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 201) {
                                acknowledged.put(user, events);
                                break;
                            }
                            if (r.statusCode() == 503) {
                                failedWriteMs.add((System.nanoTime() - t0) / 1_000_000);
                            } else {
                                unexpected.add(r.statusCode() + " " + r.body());
                                return;
                            }
                        } catch (IOException e) {
                            unexpected.add("no answer: " + e);
                            return;
                        } catch (InterruptedException e) {
                            return;
                        }
                        retries.incrementAndGet();
                        if (stopClient.get() && attempt > 200) {
                            return;
                        }
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
            poster.start();
            awaitAcks(acknowledged, 20);

            run(stop);
            databaseStopped = true;
            Thread.sleep(1500); // the probe notices, writes start failing
            long t0 = System.nanoTime();
            Http.Resp health = http.get("/health");
            long healthMs = (System.nanoTime() - t0) / 1_000_000;
            Http.Resp ready = http.get("/ready");
            int acksWhileDown = acknowledged.size();
            Thread.sleep(2000);
            int acksLater = acknowledged.size();

            run(start);
            databaseStopped = false;
            int acksBack = acknowledged.size();
            awaitAcks(acknowledged, acksBack + 20);
            stopClient.set(true);
            poster.join(60_000);
            // /health reads a background probe: it turns 200 at the probe's next round, not at
            // the first successful write
            Http.Resp healthAfter = http.get("/health");
            for (long end = System.nanoTime() + 10_000_000_000L;
                    healthAfter.status() != 200 && System.nanoTime() < end; ) {
                Thread.sleep(100);
                healthAfter = http.get("/health");
            }

            System.out.printf(
                    "database outage: /health answered %d in %d ms while PostgreSQL was down (/ready %d);"
                            + " %d writes answered 503 (slowest %d ms, connect timeout %d ms), %d retries;"
                            + " %d batches (%d events) acknowledged; /health afterwards %d%n",
                    health.status(),
                    healthMs,
                    ready.status(),
                    failedWriteMs.size(),
                    failedWriteMs.stream().mapToLong(Long::longValue).max().orElse(0),
                    CONNECT_TIMEOUT_MS,
                    retries.get(),
                    acknowledged.size(),
                    acknowledged.size() * 5,
                    healthAfter.status());
            assertThat(unexpected).as("answers other than 201/503").isEmpty();
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.at("/store").asText()).isEqualTo("unavailable");
            assertThat(healthMs).isLessThan(1000);
            assertThat(ready.status()).isEqualTo(503);
            assertThat(acksLater)
                    .as("nothing acknowledged while the database was down")
                    .isEqualTo(acksWhileDown);
            assertThat(failedWriteMs).as("writes refused during the outage").isNotEmpty();
            assertThat(failedWriteMs.stream().mapToLong(Long::longValue).max().orElse(0))
                    .as("a refused write waits at most about the connect timeout")
                    .isLessThan(CONNECT_TIMEOUT_MS + 2000);
            assertThat(healthAfter.status()).isEqualTo(200);
        } finally {
            stopClient.set(true);
            if (databaseStopped) {
                run(start);
            }
        }

        // Every acknowledged batch is stored exactly once, retries included.
        try (EventStore store = EventStore.open(url)) {
            for (Map.Entry<String, List<Event>> e : acknowledged.entrySet()) {
                assertThat(store.eventsFor(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    private static void awaitAcks(Map<String, ?> acknowledged, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(acknowledged.size()).as("acknowledged batches").isGreaterThanOrEqualTo(n);
    }

    /** {@code pg_ctl -D DIR} from the environment or the file {@code .ci/postgres.sh} writes. */
    private static String pgCtl() throws IOException {
        String env = System.getenv("ATTNREC_TEST_PG_CTL");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        for (Path p : List.of(Path.of("target-pg-ctl"), Path.of("..", "target-pg-ctl"))) {
            if (Files.isRegularFile(p)) {
                String s = Files.readString(p).trim();
                return s.isEmpty() ? null : s;
            }
        }
        return null;
    }

    /** Runs a pg_ctl command as the postgres user when we are root (PostgreSQL refuses root). */
    private static void run(String command) throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        ProcessBuilder pb = root
                ? new ProcessBuilder("su", "postgres", "-s", "/bin/bash", "-c", command)
                : new ProcessBuilder("/bin/bash", "-c", command);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(command + ":\n" + out).isZero();
    }
}
