package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read endpoints the dashboard uses, over real HTTP on the hand-computable {@link TestWorld}. */
class ReadApiTest {

    static final String KEY = "read-test-key";

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
                .apiKeys(Set.of(KEY))
                .build();
        server = new AttnrecServer(config).start();
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<String> ids(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    @Test
    void statsDescribeTheTrainingDataAndTheActiveModel() {
        Http.Resp r = http.get("/v1/stats");

        assertThat(r.status()).isEqualTo(200);
        // 5 users x 3 + 5 users x 3 + 1 user x 2 = 32 interactions.
        assertThat(r.at("/data/users").asInt()).isEqualTo(11);
        assertThat(r.at("/data/items").asInt()).isEqualTo(6);
        assertThat(r.at("/data/interactions").asLong()).isEqualTo(32);
        assertThat(r.at("/data/length/min").asInt()).isEqualTo(2);
        assertThat(r.at("/data/length/max").asInt()).isEqualTo(3);
        // i1 and i2 were seen by 6 users, the others by 5: i1 (lowest id among the most popular) leads.
        assertThat(r.at("/data/popularity/top/0/item").asText()).isEqualTo("i1");
        assertThat(r.at("/data/popularity/top/0/count").asInt()).isEqualTo(6);
        assertThat(r.at("/data/top_categories/0/count").asInt()).isEqualTo(3);
        assertThat(r.at("/active/active").asText()).isEqualTo("m-a");
        assertThat(r.at("/active/explainable").asBoolean()).isTrue();
        assertThat(r.at("/server/routes").isArray()).isTrue();
    }

    @Test
    void itemSearchMatchesTitlesIdsAndCategoriesAndPages() {
        Http.Resp all = http.get("/v1/items?q=item&size=4");
        assertThat(all.at("/total").asInt()).isEqualTo(6);
        assertThat(ids(all.at("/items"), "item")).hasSize(4).startsWith("i1", "i2");

        Http.Resp second = http.get("/v1/items?q=item&size=4&page=1");
        assertThat(ids(second.at("/items"), "item")).hasSize(2);

        // The exact id first, then titles that start with the query.
        Http.Resp exact = http.get("/v1/items?q=i5");
        assertThat(ids(exact.at("/items"), "item")).containsExactly("i5");
        Http.Resp byCategory = http.get("/v1/items?category=y");
        assertThat(ids(byCategory.at("/items"), "item")).containsExactlyInAnyOrder("i4", "i5", "i6");
        Http.Resp words = http.get("/v1/items?q=ITEM%203");
        assertThat(ids(words.at("/items"), "item")).containsExactly("i3");
        assertThat(words.at("/items/0/popularity").asInt()).isEqualTo(5);
    }

    @Test
    void badPagingIsA400() {
        Http.Resp r = http.get("/v1/items?size=100000");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.at("/error").asText()).isEqualTo("bad_request");
        assertThat(http.get("/v1/users?page=-1").status()).isEqualTo(400);
    }

    @Test
    void itemDetailHasPopularityRankAndStoredEventsOverTime() {
        String user = "reader-" + System.nanoTime();
        Http.Resp stored = http.send(
                "POST",
                "/v1/events",
                "[{\"user\": \"" + user + "\", \"item\": \"i6\", \"timestamp\": 5000}," + "{\"user\": \"" + user
                        + "\", \"item\": \"i6\", \"timestamp\": 5300}]",
                KEY);
        assertThat(stored.status()).isEqualTo(201);

        Http.Resp r = http.get("/v1/items/i6");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.at("/title").asText()).isEqualTo("Item 6");
        assertThat(r.at("/categories/0").asText()).isEqualTo("y");
        assertThat(r.at("/known_to_model").asBoolean()).isTrue();
        assertThat(r.at("/popularity").asInt()).isEqualTo(5);
        assertThat(r.at("/popularity_rank").asInt()).isEqualTo(6);
        assertThat(r.at("/events/count").asLong()).isGreaterThanOrEqualTo(2);
        long sum = 0;
        for (JsonNode c : r.at("/events/counts")) {
            sum += c.asLong();
        }
        assertThat(sum).isEqualTo(r.at("/events/count").asLong());

        assertThat(http.get("/v1/items/nope").status()).isEqualTo(404);
    }

    @Test
    void userEventsListTheTrainingHistoryThenStoredEvents() {
        Http.Resp stored =
                http.send("POST", "/v1/events", "{\"user\": \"u4\", \"item\": \"i5\", \"timestamp\": 7000}", KEY);
        assertThat(stored.status()).isEqualTo(201);

        Http.Resp r = http.get("/v1/users/u4/events");
        assertThat(r.status()).isEqualTo(200);
        assertThat(ids(r.at("/training"), "item")).containsExactly("i1", "i2", "i3");
        assertThat(r.at("/training/0/title").asText()).isEqualTo("Item 1");
        assertThat(r.at("/training/0/categories/0").asText()).isEqualTo("x");
        assertThat(ids(r.at("/events"), "item")).containsExactly("i5");
        assertThat(r.at("/events/0/timestamp").asLong()).isEqualTo(7000);
        assertThat(r.at("/stored_events").asLong()).isEqualTo(1);

        assertThat(http.get("/v1/users/nobody/events").at("/error").asText()).isEqualTo("unknown_user");
    }

    @Test
    void userSearchFindsTrainingUsersAndUsersWithOnlyEvents() {
        Http.Resp r = http.get("/v1/users?q=u1");
        // u1 and u10 from training.
        assertThat(ids(r.at("/users"), "user")).contains("u1", "u10");
        assertThat(r.at("/users/0/history_length").asInt()).isGreaterThan(0);

        http.send("POST", "/v1/events", "{\"user\": \"brand-new-user\", \"item\": \"i1\"}", KEY);
        Http.Resp fresh = http.get("/v1/users?q=brand-new");
        assertThat(ids(fresh.at("/users"), "user")).containsExactly("brand-new-user");
        assertThat(fresh.at("/users/0/stored_events").asInt()).isEqualTo(1);
    }

    @Test
    void modelReportHasTheManifestAndNoChecksum() {
        Http.Resp r = http.get("/v1/models/m-b");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.at("/name").asText()).isEqualTo("m-b");
        assertThat(r.at("/metrics/ndcg@10").asDouble()).isEqualTo(0.5);
        assertThat(r.at("/seed").asLong()).isEqualTo(1);
        assertThat(r.at("/data/name").asText()).isEqualTo("test-world");
        assertThat(r.json().has("checksum")).isFalse();
        assertThat(http.get("/v1/models/nope").at("/error").asText()).isEqualTo("unknown_model");
    }

    @Test
    void anotherModelsListForAUserComesFromThatModelWithoutActivatingIt() {
        // m-b was trained on y-users only: for u10 (history i1, i2) it knows no x co-occurrence.
        Http.Resp other = http.get("/v1/models/m-b/users/u10/recommendations?k=3");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.at("/model").asText()).isEqualTo("m-b");
        assertThat(ids(other.at("/items"), "item")).hasSize(3).doesNotContain("i1", "i2");
        Http.Resp served = http.get("/v1/models/m-a/users/u10/recommendations?k=3");
        assertThat(ids(served.at("/items"), "item")).startsWith("i3");
        assertThat(http.get("/v1/models").at("/active").asText()).isEqualTo("m-a");
        assertThat(http.get("/v1/models/nope/users/u10/recommendations")
                        .at("/error")
                        .asText())
                .isEqualTo("unknown_model");
    }

    @Test
    void audienceListsUsersWhoseTopKHoldsTheItem() {
        // i3 is recommended first to u10 (history i1, i2) and to nobody who saw it already.
        Http.Resp r = http.get("/v1/items/i3/audience?k=1&sample=100");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.at("/sampled").asInt()).isEqualTo(11);
        assertThat(ids(r.at("/top"), "user")).containsExactly("u10");
        assertThat(r.at("/top/0/rank").asInt()).isEqualTo(1);
    }

    @Test
    void dashboardIsServedWithAContentSecurityPolicy() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + server.port() + "/"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(r.body()).contains("<script type=\"module\" src=\"/dashboard/app.js\">");
        // No inline script and no inline event handler in the page.
        assertThat(r.body()).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>");
        assertThat(r.body()).doesNotContainPattern("\\son[a-z]+\\s*=");

        assertThat(http.get("/dashboard/app.js").status()).isEqualTo(200);
        // The scripts never parse data as HTML: every title is written as text.
        for (String file : List.of(
                "app.js",
                "api.js",
                "dom.js",
                "charts.js",
                "recs.js",
                "page-overview.js",
                "page-models.js",
                "page-users.js",
                "page-playground.js",
                "page-items.js")) {
            Http.Resp js = http.get("/dashboard/" + file);
            assertThat(js.status()).as(file).isEqualTo(200);
            assertThat(js.contentType()).startsWith("text/javascript");
            assertThat(js.body())
                    .as(file)
                    .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
        }
        assertThat(http.get("/dashboard/..%2Fmanifest.json").status()).isEqualTo(404);
        assertThat(http.get("/dashboard/nothing.js").status()).isEqualTo(404);
    }
}
