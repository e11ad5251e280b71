package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read keys, write keys, Origin and Content-Type checks over real HTTP (issue 14, items 1-2). */
class AccessControlTest {

    static final String WRITE = "w-key-1";
    static final String READ = "r-key-1";

    @TempDir
    static Path dir;

    static AttnrecServer server;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .database("sqlite:" + dir.resolve("events.db"))
                .models(TestWorld.modelsFolder(dir))
                .apiKeys(Set.of(WRITE))
                .readKeys(Set.of(READ))
                .allowedOrigins(Set.of("https://recs.example.com"))
                .build();
        server = new AttnrecServer(config).start();
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Http.Resp get(String path, String key) {
        return http.send("GET", path, null, key);
    }

    @Test
    void userKeyedReadsMetricsAndTheModelListNeedAReadOrWriteKey() {
        for (String path :
                new String[] {"/v1/users/u0/recommendations", "/v1/users/u0/interests", "/v1/models", "/metrics"}) {
            Http.Resp none = get(path, null);
            assertThat(none.status()).as(path).isEqualTo(401);
            assertThat(none.at("/error").asText()).isEqualTo("unauthorized");
            assertThat(get(path, "not-a-key").status()).as(path).isEqualTo(401);
            assertThat(get(path, READ).status()).as(path).isEqualTo(200);
            assertThat(get(path, WRITE).status())
                    .as("a write key also reads " + path)
                    .isEqualTo(200);
        }
    }

    @Test
    void everyPathUnderV1IsProtectedByDefaultEvenRoutesThatDoNotExistYet() {
        // A route another engineer adds later under /v1/ is protected without asking: the check is
        // by path, before routing, so an unknown path is 401 rather than 404 for a caller without a key.
        assertThat(get("/v1/dashboard/users", null).status()).isEqualTo(401);
        assertThat(get("/v1/dashboard/users", READ).status()).isEqualTo(404);
        // Spellings of the same path cannot slip past the prefix check.
        for (String path : new String[] {
            "//v1/users/u0/recommendations", "/v1//users/u0/recommendations", "/v1/users/u0/recommendations/",
            "/V1/users/u0/recommendations", "/v1/users/u0/./recommendations", "/v1/items/../users/u0/recommendations",
            "/v1/users/u0/recommendations;x=1", "/v1/users/u0/recommendations%2F"
        }) {
            int status = get(path, null).status();
            assertThat(status).as(path).isNotEqualTo(200).isBetween(400, 499);
        }
    }

    @Test
    void healthAndOpenReadsNeedNoKey() {
        assertThat(get("/health", null).status()).isEqualTo(200);
        assertThat(get("/v1/items/i1/similar?k=2", null).status()).isEqualTo(200);
        assertThat(http.send("POST", "/v1/recommendations", "{\"history\": [\"i1\"], \"k\": 2}", null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void writesNeedAWriteKeyAndAReadKeyIsForbidden() {
        String event = "{\"user\": \"acc-1\", \"item\": \"i1\"}";
        assertThat(http.send("POST", "/v1/events", event, null).status()).isEqualTo(401);
        Http.Resp withRead = http.send("POST", "/v1/events", event, READ);
        assertThat(withRead.status()).isEqualTo(403);
        assertThat(withRead.at("/error").asText()).isEqualTo("forbidden");
        assertThat(http.send("POST", "/v1/models/m-a/activate", null, READ).status())
                .isEqualTo(403);
        assertThat(http.send("POST", "/v1/events", event, WRITE).status()).isEqualTo(201);
    }

    @Test
    void writesNeedAJsonContentType() {
        String event = "{\"user\": \"acc-2\", \"item\": \"i1\"}";
        for (String[] headers : new String[][] {
            {"Authorization", "Bearer " + WRITE},
            {"Authorization", "Bearer " + WRITE, "Content-Type", "text/plain"},
            {"Authorization", "Bearer " + WRITE, "Content-Type", "application/x-www-form-urlencoded"},
            {"Authorization", "Bearer " + WRITE, "Content-Type", "multipart/form-data; boundary=x"}
        }) {
            Http.Resp r = http.sendWithHeaders("POST", "/v1/events", event, headers);
            assertThat(r.status()).isEqualTo(415);
            assertThat(r.at("/error").asText()).isEqualTo("unsupported_media_type");
        }
        Http.Resp ok = http.sendWithHeaders(
                "POST",
                "/v1/events",
                event,
                "Authorization",
                "Bearer " + WRITE,
                "Content-Type",
                "Application/JSON; charset=utf-8");
        assertThat(ok.status()).isEqualTo(201);
        // Nothing of the refused requests was stored: one event, from the accepted request.
        assertThat(get("/v1/users/acc-2/recommendations", READ)
                        .at("/history_length")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void aForeignOriginIsRefusedAndTheServersOwnOriginAllowed() {
        int port = server.port();
        String event = "{\"user\": \"acc-3\", \"item\": \"i1\"}";
        for (String origin : new String[] {
            "https://evil.example", "http://evil.example:" + port, "null", "http://127.0.0.1:" + (port + 1)
        }) {
            Http.Resp r = http.sendWithHeaders(
                    "POST",
                    "/v1/events",
                    event,
                    "Authorization",
                    "Bearer " + WRITE,
                    "Content-Type",
                    "application/json",
                    "Origin",
                    origin);
            assertThat(r.status()).as(origin).isEqualTo(403);
            assertThat(r.at("/error").asText()).isEqualTo("forbidden_origin");
        }
        for (String origin :
                new String[] {"http://127.0.0.1:" + port, "http://localhost:" + port, "https://recs.example.com"}) {
            Http.Resp r = http.sendWithHeaders(
                    "POST",
                    "/v1/events",
                    event,
                    "Authorization",
                    "Bearer " + WRITE,
                    "Content-Type",
                    "application/json",
                    "Origin",
                    origin);
            assertThat(r.status()).as(origin).isEqualTo(201);
        }
        assertThat(get("/v1/users/acc-3/recommendations", READ)
                        .at("/history_length")
                        .asInt())
                .isEqualTo(3);
    }

    @Test
    void aNonLoopbackBindWithoutKeysIsRefusedUnlessAllowed() {
        ServerConfig.Builder open = ServerConfig.builder().host("0.0.0.0");
        assertThatThrownBy(open::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusing to listen on 0.0.0.0")
                .hasMessageContaining("--allow-open");
        assertThatThrownBy(() -> ServerConfig.builder()
                        .host("10.1.2.3")
                        .apiKeys(Set.of(WRITE))
                        .build())
                .hasMessageContaining("without read keys");
        assertThat(open.allowOpen(true).build().allowOpen()).isTrue();
        assertThat(ServerConfig.builder()
                        .host("0.0.0.0")
                        .apiKeys(Set.of(WRITE))
                        .readKeys(Set.of(READ))
                        .build()
                        .host())
                .isEqualTo("0.0.0.0");
        // Loopback needs no keys.
        for (String host : new String[] {"127.0.0.1", "localhost", "::1", "127.0.0.2"}) {
            assertThat(ServerConfig.builder().host(host).build().host()).isEqualTo(host);
        }
        assertThat(ServerConfig.isLoopback("example.com")).isFalse();
        assertThat(ServerConfig.isLoopback("192.168.0.1")).isFalse();
    }

    @Test
    void aBlankKeyListIsAnErrorNotAnOpenServer() throws Exception {
        assertThatThrownBy(() -> ServerConfig.parseKeys("", ServerConfig.READ_KEYS_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ATTNREC_READ_KEYS is set but holds no key");
        assertThatThrownBy(() -> ServerConfig.parseApiKeys(" , ,"))
                .hasMessageContaining("ATTNREC_API_KEYS is set but holds no key");
        assertThat(ServerConfig.parseApiKeys(null)).isEmpty();
        assertThat(ServerConfig.parseApiKeys("a, b")).containsExactly("a", "b");
        Path empty = Files.writeString(dir.resolve("empty.keys"), "# no keys yet\n\n   \n");
        assertThatThrownBy(() -> ServerConfig.readApiKeys(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no key");
    }
}
