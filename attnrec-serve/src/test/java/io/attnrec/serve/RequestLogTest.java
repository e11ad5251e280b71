package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnrec.serve.model.ModelRegistry;
import io.attnrec.serve.retrieval.RetrievalConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request ids and the access log in JSON form (issue 14 item 12). */
class RequestLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyRequestGetsAnIdAndExactlyOneJsonAccessLine() throws Exception {
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .database("sqlite:" + dir.resolve("events.db"))
                .readKeys(Set.of("r"))
                .logFormat(LogFormat.JSON)
                .build();
        List<String> lines = new CopyOnWriteArrayList<>();
        AttnrecServer server = new AttnrecServer(
                config, ModelRegistry.of(List.of(TestWorld.served("world")), RetrievalConfig.defaults()));
        server.jsonLogSink(lines::add);
        try (server) {
            server.start();
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();

            HttpResponse<String> given = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/health"))
                            .header("X-Request-Id", "client-42")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> generated = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/users/u1/recommendations?k=2"))
                            .header("Authorization", "Bearer r")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            // An id that could break a log line is replaced, not echoed.
            HttpResponse<String> unsafe = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/users/secret-user/recommendations"))
                            .header("X-Request-Id", "x\"}, {\"forged\": 1")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(given.headers().firstValue("X-Request-Id")).contains("client-42");
            String generatedId = generated.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(generatedId).matches("[0-9a-f]{32}");
            String unsafeId = unsafe.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(unsafeId).matches("[0-9a-f]{32}");
            assertThat(unsafe.statusCode()).isEqualTo(401);

            long deadline = System.nanoTime() + 5_000_000_000L;
            while (lines.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            List<JsonNode> access = new ArrayList<>();
            for (String line : lines) {
                JsonNode n = JSON.readTree(line);
                if (n.path("log").asText().equals("access")) {
                    access.add(n);
                }
            }
            assertThat(access).hasSize(3);
            JsonNode first = access.get(0);
            assertThat(first.get("request_id").asText()).isEqualTo("client-42");
            assertThat(first.get("method").asText()).isEqualTo("GET");
            assertThat(first.get("route").asText()).isEqualTo("/health");
            assertThat(first.get("status").asInt()).isEqualTo(200);
            assertThat(first.get("duration_ms").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(Instant.parse(first.get("ts").asText())).isBeforeOrEqualTo(Instant.now());
            JsonNode second = access.get(1);
            assertThat(second.get("request_id").asText()).isEqualTo(generatedId);
            assertThat(second.get("route").asText()).isEqualTo("/v1/users/{id}/recommendations");
            JsonNode third = access.get(2);
            assertThat(third.get("request_id").asText()).isEqualTo(unsafeId);
            assertThat(third.get("status").asInt()).isEqualTo(401);
            // Routes, never paths: a user id does not end up in the access log.
            assertThat(lines).noneMatch(l -> l.contains("secret-user") || l.contains("forged"));
        }
    }

    @Test
    void theTextAccessLineReadsAsBefore() {
        java.time.Instant t = java.time.Instant.parse("2026-12-05T05:06:39.770Z");
        for (long nanos : new long[] {0, 999, 1_000, 54_024_000, 513_923_456, 7_000_500, 12_345_678_901L}) {
            String before = String.format(
                    java.util.Locale.ROOT, "%s %s %s %s %d %.3f ms", t, "ab12", "GET", "/v1/x", 200, nanos / 1e6);
            assertThat(RequestLog.textLine(t, "ab12", "GET", "/v1/x", 200, nanos))
                    .isEqualTo(before);
        }
    }
}
