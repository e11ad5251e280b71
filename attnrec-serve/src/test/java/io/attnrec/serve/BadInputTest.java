package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of bad requests: every one must get a 4xx with a JSON {error, message} body, none a
 * 500, nothing may be half-written, and the server must stay healthy.
 */
class BadInputTest {

    static final String KEY = "k-123";
    static final String READ = "r-456";

    @TempDir
    static Path dir;

    static AttnrecServer server;
    static Http http;

    /**
     * One bad request and the status it must get; {@code headers} (name, value, ...) are sent
     * besides the key and, unless given, {@code Content-Type: application/json} on POST and PUT.
     */
    record Case(String method, String path, String body, String key, int status, String error, String... headers) {}

    @BeforeAll
    static void start() throws Exception {
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .database("sqlite:" + dir.resolve("events.db"))
                .models(TestWorld.modelsFolder(dir))
                .apiKeys(Set.of(KEY, "second-key"))
                .readKeys(Set.of(READ))
                .maxBodyBytes(4096)
                .maxHistory(50)
                .maxK(100)
                .maxBatchEvents(20)
                .build();
        server = new AttnrecServer(config).start();
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static final String OK_EVENT = "{\"user\": \"u\", \"item\": \"i1\"}";

    static List<Case> corpus() {
        String deep = "[".repeat(1500) + "]".repeat(1500); // deeper than Jackson allows, under 4096 bytes
        String big = "{\"history\": [" + "\"i1\",".repeat(1000) + "\"i1\"]}"; // > 4096 bytes
        String longHistory = "{\"history\": [" + "\"i1\",".repeat(60) + "\"i1\"]}";
        String manyEvents = "[" + (OK_EVENT + ",").repeat(20) + OK_EVENT + "]";
        return List.of(
                // malformed JSON and wrong shapes
                new Case("POST", "/v1/events", "{", KEY, 400, "invalid_json"),
                new Case("POST", "/v1/events", "", KEY, 400, "invalid_json"),
                new Case(
                        "POST", "/v1/events", "{\"user\": \"a\", \"item\": \"i1\"} trailing", KEY, 400, "invalid_json"),
                new Case(
                        "POST",
                        "/v1/events",
                        "{\"user\": \"a\", \"user\": \"b\", \"item\": \"i1\"}",
                        KEY,
                        400,
                        "invalid_json"),
                new Case("POST", "/v1/events", deep, KEY, 400, "invalid_json"),
                new Case("POST", "/v1/events", "[]", KEY, 400, "bad_request"),
                new Case("POST", "/v1/events", "\"just a string\"", KEY, 400, "bad_request"),
                new Case("POST", "/v1/events", "null", KEY, 400, "bad_request"),
                new Case("POST", "/v1/events", "42", KEY, 400, "bad_request"),
                new Case("POST", "/v1/events", manyEvents, KEY, 400, "bad_request"),
                // wrong field types
                new Case("POST", "/v1/events", "{\"user\": 5.5, \"item\": \"i1\"}", KEY, 400, "bad_request"),
                new Case("POST", "/v1/events", "{\"user\": \"u\", \"item\": [\"i1\"]}", KEY, 400, "bad_request"),
                new Case("POST", "/v1/events", "{\"user\": \"u\"}", KEY, 400, "bad_request"),
                new Case("POST", "/v1/events", "{\"user\": \"\", \"item\": \"i1\"}", KEY, 400, "bad_request"),
                new Case(
                        "POST",
                        "/v1/events",
                        "{\"user\": \"u\", \"item\": \"i1\", \"timestamp\": \"yesterday\"}",
                        KEY,
                        400,
                        "bad_request"),
                new Case(
                        "POST",
                        "/v1/events",
                        "{\"user\": \"u\", \"item\": \"i1\", \"timestamp\": -5}",
                        KEY,
                        400,
                        "bad_request"),
                new Case(
                        "POST",
                        "/v1/events",
                        "{\"user\": \"u\", \"item\": \"i1\", \"timestamp\": 1e30}",
                        KEY,
                        400,
                        "bad_request"),
                new Case(
                        "POST",
                        "/v1/events",
                        "{\"user\": \"u\", \"item\": \"i1\", \"rating\": \"high\"}",
                        KEY,
                        400,
                        "bad_request"),
                new Case(
                        "POST",
                        "/v1/events",
                        "{\"user\": \"u\", \"item\": \"i1\", \"type\": 3}",
                        KEY,
                        400,
                        "bad_request"),
                new Case(
                        "POST",
                        "/v1/events",
                        "{\"user\": \"u\", \"item\": \"i1\", \"extra\": 1}",
                        KEY,
                        400,
                        "bad_request"),
                new Case(
                        "POST",
                        "/v1/events",
                        "{\"user\": \"" + "x".repeat(300) + "\", \"item\": \"i1\"}",
                        KEY,
                        400,
                        "bad_request"),
                // ids: NUL, control characters, lone surrogates, long numeric ids (issue 14 item 3)
                new Case("POST", "/v1/events", "{\"user\": \"a\\u0000b\", \"item\": \"i1\"}", KEY, 400, "bad_request"),
                new Case(
                        "POST", "/v1/events", "{\"user\": \"u\", \"item\": \"i\\u001b[31m\"}", KEY, 400, "bad_request"),
                new Case("POST", "/v1/events", "{\"user\": \"u\\u0085\", \"item\": \"i1\"}", KEY, 400, "bad_request"),
                new Case("POST", "/v1/events", "{\"user\": \"u\\ud800\", \"item\": \"i1\"}", KEY, 400, "bad_request"),
                new Case("POST", "/v1/events", "{\"user\": \"\\udc00u\", \"item\": \"i1\"}", KEY, 400, "bad_request"),
                new Case(
                        "POST",
                        "/v1/events",
                        "{\"user\": \"u\", \"item\": \"i1\", \"type\": \"x\\u0000\"}",
                        KEY,
                        400,
                        "bad_request"),
                new Case(
                        "POST",
                        "/v1/events",
                        "{\"user\": " + "7".repeat(300) + ", \"item\": \"i1\"}",
                        KEY,
                        400,
                        "bad_request"),
                new Case(
                        "POST",
                        "/v1/recommendations",
                        "{\"history\": [" + "9".repeat(300) + "]}",
                        null,
                        400,
                        "bad_request"),
                new Case("POST", "/v1/recommendations", "{\"history\": [\"i1\\ud83d\"]}", null, 400, "bad_request"),
                new Case("PUT", "/v1/items/x", "{\"title\": \"a\\u0000\"}", KEY, 400, "bad_request"),
                new Case("PUT", "/v1/items/x", "{\"categories\": [\"\\udfff\"]}", KEY, 400, "bad_request"),
                new Case("GET", "/v1/users/a%00b/recommendations", null, READ, 400, "bad_request"),
                new Case("GET", "/v1/users/a%0Ab/interests", null, READ, 400, "bad_request"),
                new Case("GET", "/v1/items/%ED%A0%80/similar", null, READ, 400, "bad_request"),
                new Case("GET", "/v1/users/" + "1".repeat(300) + "/recommendations", null, READ, 400, "bad_request"),
                // event ids
                new Case(
                        "POST",
                        "/v1/events",
                        "[{\"user\": \"u\", \"item\": \"i1\", \"event_id\": \"e\"},"
                                + " {\"user\": \"u\", \"item\": \"i2\", \"event_id\": \"e\"}]",
                        KEY,
                        400,
                        "bad_request"),
                new Case(
                        "POST",
                        "/v1/events",
                        "{\"user\": \"u\", \"item\": \"i1\", \"event_id\": {}}",
                        KEY,
                        400,
                        "bad_request"),
                new Case(
                        "POST",
                        "/v1/events",
                        "{\"user\": \"u\", \"item\": \"i1\", \"event_id\": \"\"}",
                        KEY,
                        400,
                        "bad_request"),
                new Case(
                        "POST",
                        "/v1/events",
                        "{\"user\": \"u\", \"item\": \"i1\", \"event_id\": \"" + "e".repeat(300) + "\"}",
                        KEY,
                        400,
                        "bad_request"),
                // keys
                new Case("POST", "/v1/events", OK_EVENT, null, 401, "unauthorized"),
                new Case("POST", "/v1/events", OK_EVENT, "wrong", 401, "unauthorized"),
                new Case("PUT", "/v1/items/i1", "{\"title\": \"x\"}", null, 401, "unauthorized"),
                new Case("POST", "/v1/models/m-b/activate", null, null, 401, "unauthorized"),
                new Case("POST", "/v1/events", OK_EVENT, READ, 403, "forbidden"),
                new Case("PUT", "/v1/items/i1", "{\"title\": \"x\"}", READ, 403, "forbidden"),
                // missing read key: user-keyed reads, the model list, metrics, unknown /v1 paths
                new Case("GET", "/v1/users/u0/recommendations", null, null, 401, "unauthorized"),
                new Case("GET", "/v1/users/u0/recommendations?explain=true", null, "wrong", 401, "unauthorized"),
                new Case("GET", "/v1/users/u0/interests", null, null, 401, "unauthorized"),
                new Case("GET", "/v1/models", null, null, 401, "unauthorized"),
                new Case("GET", "/metrics", null, null, 401, "unauthorized"),
                new Case("GET", "/v1/not-yet-written", null, null, 401, "unauthorized"),
                // Content-Type and Origin (cross-site requests from a browser)
                new Case(
                        "POST",
                        "/v1/events",
                        OK_EVENT,
                        KEY,
                        415,
                        "unsupported_media_type",
                        "Content-Type",
                        "text/plain"),
                new Case(
                        "POST",
                        "/v1/events",
                        OK_EVENT,
                        KEY,
                        415,
                        "unsupported_media_type",
                        "Content-Type",
                        "application/x-www-form-urlencoded"),
                new Case(
                        "POST",
                        "/v1/models/m-b/activate",
                        null,
                        KEY,
                        415,
                        "unsupported_media_type",
                        "Content-Type",
                        "text/plain"),
                new Case(
                        "POST", "/v1/events", OK_EVENT, KEY, 403, "forbidden_origin", "Origin", "https://evil.example"),
                new Case("POST", "/v1/models/m-b/activate", null, KEY, 403, "forbidden_origin", "Origin", "null"),
                new Case(
                        "GET",
                        "/v1/users/u0/recommendations",
                        null,
                        READ,
                        403,
                        "forbidden_origin",
                        "Origin",
                        "http://evil.example:8080"),
                // sizes
                new Case("POST", "/v1/recommendations", big, null, 413, "payload_too_large"),
                new Case("POST", "/v1/recommendations", longHistory, null, 400, "bad_request"),
                // recommendation parameters
                new Case("GET", "/v1/users/u0/recommendations?k=100000", null, READ, 400, "bad_request"),
                new Case("GET", "/v1/users/u0/recommendations?k=0", null, READ, 400, "bad_request"),
                new Case("GET", "/v1/users/u0/recommendations?k=-3", null, READ, 400, "bad_request"),
                new Case("GET", "/v1/users/u0/recommendations?k=abc", null, READ, 400, "bad_request"),
                new Case("GET", "/v1/users/u0/recommendations?k=1.5", null, READ, 400, "bad_request"),
                new Case("GET", "/v1/users/u0/recommendations?k=99999999999999999999", null, READ, 400, "bad_request"),
                new Case("GET", "/v1/users/u0/recommendations?explain=maybe", null, READ, 400, "bad_request"),
                new Case("GET", "/v1/users/u0/recommendations?diversity=2", null, READ, 400, "bad_request"),
                new Case("GET", "/v1/users/u0/recommendations?diversity=NaN", null, READ, 400, "bad_request"),
                new Case("POST", "/v1/recommendations", "{\"history\": \"i1\"}", null, 400, "bad_request"),
                new Case("POST", "/v1/recommendations", "{\"history\": [1.5]}", null, 400, "bad_request"),
                new Case("POST", "/v1/recommendations", "{\"history\": [null]}", null, 400, "bad_request"),
                new Case(
                        "POST",
                        "/v1/recommendations",
                        "{\"history\": [\"i1\"], \"k\": \"ten\"}",
                        null,
                        400,
                        "bad_request"),
                new Case(
                        "POST",
                        "/v1/recommendations",
                        "{\"history\": [\"i1\"], \"k\": 1000000}",
                        null,
                        400,
                        "bad_request"),
                new Case(
                        "POST",
                        "/v1/recommendations",
                        "{\"history\": [\"i1\"], \"explain\": \"yes\"}",
                        null,
                        400,
                        "bad_request"),
                new Case(
                        "POST",
                        "/v1/recommendations",
                        "{\"history\": [\"i1\"], \"diversity\": -0.1}",
                        null,
                        400,
                        "bad_request"),
                new Case("POST", "/v1/recommendations", "{\"histroy\": [\"i1\"]}", null, 400, "bad_request"),
                new Case("POST", "/v1/recommendations", "[1, 2]", null, 400, "bad_request"),
                // unknown ids and routes
                new Case("GET", "/v1/users/nobody/recommendations", null, READ, 404, "unknown_user"),
                new Case("GET", "/v1/users/nobody/interests", null, READ, 404, "unknown_user"),
                new Case("GET", "/v1/items/nope/similar", null, READ, 404, "unknown_item"),
                new Case("GET", "/v1/items/i1/similar?k=0", null, READ, 400, "bad_request"),
                new Case("POST", "/v1/models/nope/activate", null, KEY, 404, "unknown_model"),
                new Case("GET", "/v1/nothing/here", null, READ, 404, "not_found"),
                new Case("DELETE", "/v1/events", null, KEY, 405, "method_not_allowed"),
                // item metadata
                new Case("PUT", "/v1/items/x", "{\"categories\": \"drama\"}", KEY, 400, "bad_request"),
                new Case("PUT", "/v1/items/x", "{\"categories\": [1]}", KEY, 400, "bad_request"),
                new Case("PUT", "/v1/items/x", "{\"attributes\": {\"a\": {\"b\": 1}}}", KEY, 400, "bad_request"),
                new Case("PUT", "/v1/items/x", "{\"title\": 5}", KEY, 400, "bad_request"),
                new Case("PUT", "/v1/items/x", "[]", KEY, 400, "bad_request"));
    }

    @Test
    void everyBadRequestGetsA4xxJsonError() {
        for (Case c : corpus()) {
            Http.Resp r = send(c);
            String what = c.method() + " " + shorten(c.path()) + " " + shorten(String.valueOf(c.body()));
            assertThat(r.status()).as(what + " -> " + r.body()).isEqualTo(c.status());
            assertThat(r.contentType()).as(what).startsWith("application/json");
            assertThat(r.json()).as(what + " body " + r.body()).isNotNull();
            assertThat(r.at("/error").asText()).as(what).isEqualTo(c.error());
            assertThat(r.at("/message").asText())
                    .as(what)
                    .isNotBlank()
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ");
        }
        assertThat(http.get("/health").status()).isEqualTo(200);
        // Nothing from the rejected event requests was stored.
        assertThat(http.send("GET", "/v1/users/u/recommendations", null, READ).status())
                .isEqualTo(404);
    }

    @Test
    void aBatchWithOneBadEventStoresNothing() {
        Http.Resp r = http.send(
                "POST",
                "/v1/events",
                "[{\"user\": \"partial\", \"item\": \"i1\"}, {\"user\": \"partial\", \"item\": \"i2\", \"rating\": true}]",
                KEY);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.at("/message").asText()).startsWith("event 1: 'rating'");
        assertThat(http.send("GET", "/v1/users/partial/recommendations", null, READ)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void invalidUtf8AndOversizedChunkedBodiesAreRejected() {
        Http.Resp utf =
                http.sendBytes("POST", "/v1/events", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, KEY);
        assertThat(utf.status()).isEqualTo(400);
        assertThat(utf.at("/error").asText()).isEqualTo("invalid_json");

        // No Content-Length: the limit must hold while reading the stream.
        byte[] chunk = ("{\"history\": [" + "\"i1\",".repeat(2000) + "\"i1\"]}").getBytes();
        HttpRequest req = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/v1/recommendations"))
                // a JSON Content-Type, as every request with a body now needs (AccessControl)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(chunk)))
                .build();
        Http.Resp r = http.send(req);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.at("/error").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void jettyLevelErrorsAreJsonToo() {
        HttpRequest req = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + server.port() + "/v1/users/" + "x".repeat(20_000) + "/recommendations"))
                .build();

        Http.Resp r = http.send(req);

        assertThat(r.status()).isBetween(400, 499);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().has("error")).isTrue();
        assertThat(http.get("/health").status()).isEqualTo(200);
    }

    @Test
    void aSecondConfiguredKeyWorks() {
        Http.Resp r = http.send("POST", "/v1/events", "{\"user\": \"keyed\", \"item\": \"i1\"}", "second-key");

        assertThat(r.status()).isEqualTo(201);
    }

    private static Http.Resp send(Case c) {
        if (c.headers().length == 0) {
            return http.send(c.method(), c.path(), c.body(), c.key());
        }
        List<String> h = new java.util.ArrayList<>(List.of(c.headers()));
        if (c.key() != null) {
            h.addAll(List.of("Authorization", "Bearer " + c.key()));
        }
        boolean typed = false;
        for (int i = 0; i < c.headers().length; i += 2) {
            typed |= c.headers()[i].equalsIgnoreCase("Content-Type");
        }
        if (!typed && (c.method().equals("POST") || c.method().equals("PUT"))) {
            h.addAll(List.of("Content-Type", "application/json"));
        }
        return http.sendWithHeaders(c.method(), c.path(), c.body(), h.toArray(String[]::new));
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
