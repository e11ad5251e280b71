package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.attnrec.core.data.Event;
import io.attnrec.serve.store.EventStore;
import java.io.IOException;
import java.net.ConnectException;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM under load (issue 14 item 9): the server runs in its own JVM with writes slowed down so
 * that requests are in flight when the signal arrives. Every request the server took on must be
 * answered (no request processed without its answer reaching the client), every acknowledged
 * event must be stored, and the process must exit on its own within the drain timeout.
 */
class GracefulShutdownTest {

    private static final int CLIENTS = 8;
    private static final long WRITE_DELAY_MS = 300;

    @TempDir
    Path dir;

    /** How one request ended. */
    enum Outcome {
        ACKNOWLEDGED,
        /** a JSON 503 answer: refused while shutting down, nothing written */
        REFUSED,
        /** no connection: the server had stopped listening */
        NOT_CONNECTED,
        /** the connection broke without an answer: must not have been processed */
        NO_ANSWER
    }

    @Test
    void sigtermDrainsRequestsInFlightAndLosesNoAcknowledgedEvent() throws Exception {
        String database = "sqlite:" + dir.resolve("events.db");
        Process server = startServer(database);
        int port = awaitPort(server);
        String prefix = "term" + Long.toHexString(System.nanoTime());
        Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        Map<String, List<Event>> sent = new ConcurrentHashMap<>();
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger acks = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
            int thread = t;
            Thread c = new Thread(() -> {
                for (int n = 0; !stop.get(); n++) {
                    String user = prefix + "-" + thread + "-" + n;
                    List<Event> events = List.of(
                            new Event(user, "i1", 1000, Float.NaN, null), new Event(user, "i2", 1001, Float.NaN, null));
                    sent.put(user, events);
                    String body = "[{\"user\":\"" + user + "\",\"item\":\"i1\",\"timestamp\":1000,\"event_id\":\""
                            + user + ".0\"},{\"user\":\"" + user + "\",\"item\":\"i2\",\"timestamp\":1001,"
                            + "\"event_id\":\"" + user + ".1\"}]";
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    try {
                        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 201) {
                            outcomes.put(user, Outcome.ACKNOWLEDGED);
                            acks.incrementAndGet();
                        } else if (r.statusCode() == 503 && r.body().contains("\"error\"")) {
                            outcomes.put(user, Outcome.REFUSED);
                        } else {
                            unexpected.add(r.statusCode() + " " + r.body());
                            outcomes.put(user, Outcome.NO_ANSWER);
                        }
                    } catch (ConnectException e) {
                        outcomes.put(user, Outcome.NOT_CONNECTED);
                        return; // the server is gone
                    } catch (IOException e) {
                        outcomes.put(user, Outcome.NO_ANSWER);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            c.start();
            clients.add(c);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acks.get() < 3 * CLIENTS && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(acks.get()).as("acknowledged before the signal").isGreaterThanOrEqualTo(3 * CLIENTS);
        int acksAtSignal = acks.get();

        server.destroy(); // SIGTERM on Linux: the shutdown hook runs AttnrecServer.close()
        long t0 = System.nanoTime();
        boolean exited = server.waitFor(30, TimeUnit.SECONDS);
        long exitMs = (System.nanoTime() - t0) / 1_000_000;
        stop.set(true);
        for (Thread c : clients) {
            c.join(30_000);
        }
        String log = Files.readString(dir.resolve("server.log"));
        assertThat(exited).as("exited after SIGTERM:\n" + log).isTrue();
        assertThat(server.exitValue()).as("exit status after SIGTERM").isEqualTo(128 + 15);

        Matcher inFlight = Pattern.compile("shutting down: /ready answers 503; (\\d+) requests in flight")
                .matcher(log);
        assertThat(inFlight.find()).as("shutdown announced in the log:\n" + log).isTrue();
        int inFlightAtSignal = Integer.parseInt(inFlight.group(1));
        assertThat(log).contains("requests drained, event store closed after its last commit");
        assertThat(unexpected).isEmpty();

        // Straight from the database: acknowledged = stored in full; no answer = not stored.
        int ackedAfterSignal = acks.get() - acksAtSignal;
        int lost = 0;
        try (EventStore store = EventStore.open(database)) {
            for (Map.Entry<String, Outcome> e : outcomes.entrySet()) {
                List<Event> stored = store.eventsFor(e.getKey());
                switch (e.getValue()) {
                    case ACKNOWLEDGED -> assertThat(stored).as(e.getKey()).isEqualTo(sent.get(e.getKey()));
                    case REFUSED, NOT_CONNECTED ->
                        assertThat(stored).as(e.getKey()).isEmpty();
                    case NO_ANSWER -> {
                        if (!stored.isEmpty()) {
                            lost++; // processed, but its answer never arrived: a failed in-flight request
                        }
                    }
                }
            }
        }
        long noAnswer =
                outcomes.values().stream().filter(o -> o == Outcome.NO_ANSWER).count();
        System.out.printf(
                "SIGTERM under load: %d requests in flight at the signal, %d acknowledged after it;"
                        + " exit %d ms after the signal; %d acknowledged in all, %d refused (503),"
                        + " %d not connected, %d without answer (none of them stored: %s)%n",
                inFlightAtSignal,
                ackedAfterSignal,
                exitMs,
                acks.get(),
                outcomes.values().stream().filter(o -> o == Outcome.REFUSED).count(),
                outcomes.values().stream()
                        .filter(o -> o == Outcome.NOT_CONNECTED)
                        .count(),
                noAnswer,
                lost == 0);
        assertThat(lost).as("requests processed whose answer was lost").isZero();
        assertThat(inFlightAtSignal).as("requests in flight at the signal").isPositive();
        assertThat(ackedAfterSignal)
                .as("requests in flight at the signal finished")
                .isPositive();
    }

    private Process startServer(String database) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classpath,
                CrashTestServer.class.getName(),
                database,
                dir.resolve("server.port").toString(),
                Long.toString(WRITE_DELAY_MS));
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("server.log").toFile());
        return pb.start();
    }

    private int awaitPort(Process server) throws Exception {
        Path portFile = dir.resolve("server.port");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                return Integer.parseInt(Files.readString(portFile).trim());
            }
            if (!server.isAlive()) {
                fail("the server exited with " + server.exitValue() + ":\n"
                        + Files.readString(dir.resolve("server.log")));
            }
            Thread.sleep(20);
        }
        server.destroyForcibly();
        return fail("the server did not start within 60 s");
    }
}
