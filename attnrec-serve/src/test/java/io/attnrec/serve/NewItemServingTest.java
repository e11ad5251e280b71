package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnrec.core.content.ContentConfig;
import io.attnrec.core.content.ContentKnn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 2: an item sent with {@code PUT /v1/items/{id}} is recommendable by the next
 * request, before any training: scored from its content by a content model ({@code content-knn}
 * on {@link TestWorld}), placed by the category fallback by a model without content (the
 * co-occurrence model). Over real HTTP.
 */
class NewItemServingTest {

    @TempDir
    static Path dir;

    static AttnrecServer content;
    static AttnrecServer cooc;
    static Http contentHttp;
    static Http coocHttp;

    @BeforeAll
    static void start() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("content-models"));
        TestWorld.writeArtifact(folder.resolve("ck"), ContentKnn.train(TestWorld.data(), ContentConfig.defaults()));
        content = new AttnrecServer(ServerConfig.builder()
                        .port(0)
                        .database("sqlite:" + dir.resolve("content.db"))
                        .models(folder)
                        .build())
                .start();
        contentHttp = new Http(content.port());
        cooc = new AttnrecServer(ServerConfig.builder()
                        .port(0)
                        .database("sqlite:" + dir.resolve("cooc.db"))
                        .models(TestWorld.modelsFolder(dir.resolve("cooc")))
                        .build())
                .start();
        coocHttp = new Http(cooc.port());
    }

    @AfterAll
    static void stop() {
        content.close();
        cooc.close();
    }

    private static List<String> ids(Http.Resp r) {
        List<String> out = new ArrayList<>();
        r.json().get("items").forEach(n -> out.add(n.get("item").asText()));
        return out;
    }

    @Test
    void aNewItemWithContentIsRecommendedToAMatchingUserAtOnce() {
        Http.Resp before = contentHttp.get("/v1/users/u10/recommendations?k=3");
        assertThat(before.status()).isEqualTo(200);
        // u10 saw i1, i2 (category x): i3 shares all its content, the y items only the word "item"
        assertThat(ids(before)).startsWith("i3");

        Instant put = Instant.now();
        Http.Resp stored = contentHttp.send("PUT", "/v1/items/fresh-x", "{\"categories\": [\"x\"]}", null);
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.at("/known_to_model").asBoolean()).isFalse();

        Http.Resp after = contentHttp.get("/v1/users/u10/recommendations?k=3&explain=true");
        Instant answered = Instant.now();
        assertThat(after.status()).isEqualTo(200);
        assertThat(Duration.between(put, answered)).isLessThan(Duration.ofMinutes(1));
        // cosine with the x profile: i3 1.0, fresh-x (category only) 0.84, the y items 0.29
        assertThat(ids(after)).containsExactly("i3", "fresh-x", ids(before).get(1));
        JsonNode fresh = after.at("/items/1");
        assertThat(fresh.get("source").asText()).isEqualTo("content");
        assertThat(fresh.get("score").floatValue())
                .isLessThan(after.at("/items/0/score").floatValue())
                .isGreaterThan(after.at("/items/2/score").floatValue());
        // the model's own items keep their scores, and carry no source
        assertThat(after.at("/items/0/score").floatValue())
                .isEqualTo(before.at("/items/0/score").floatValue());
        assertThat(after.at("/items/0").has("source")).isFalse();
        assertThat(fresh.get("explanation").get("history")).isEmpty();

        // a y user does not get it above the y items; the ad-hoc endpoint merges it too
        Http.Resp y = contentHttp.post("/v1/recommendations", "{\"history\": [\"i4\", \"i5\"], \"k\": 2}");
        assertThat(ids(y)).doesNotContain("fresh-x");
        Http.Resp x = contentHttp.post("/v1/recommendations", "{\"history\": [\"i1\"], \"k\": 3}");
        assertThat(ids(x)).contains("fresh-x");
    }

    @Test
    void eventsOnANewItemAreStoredCountedAndItIsNotRecommendedBack() {
        // the content of a y item exactly ("Item 7" tokenises as the y items' titles): for u5, who saw
        // every y item, it is the best item; elsewhere it ties the y items and yields to them
        contentHttp.send("PUT", "/v1/items/fresh-y", "{\"title\": \"Item 7\", \"categories\": [\"y\"]}", null);
        Http.Resp r0 = contentHttp.get("/v1/users/u5/recommendations?k=3");
        assertThat(ids(r0).get(0)).isEqualTo("fresh-y");
        assertThat(r0.at("/items/0/score").floatValue()).isEqualTo(1f);

        Http.Resp ev = contentHttp.post("/v1/events", "{\"user\": \"u5\", \"item\": \"fresh-y\"}");
        assertThat(ev.status()).isEqualTo(201);
        assertThat(ev.at("/stored").asInt()).isEqualTo(1);
        assertThat(ev.at("/unknown_items").get(0).asText()).isEqualTo("fresh-y");

        Http.Resp r1 = contentHttp.get("/v1/users/u5/recommendations?k=10");
        assertThat(ids(r1)).doesNotContain("fresh-y");
        Http.Resp all = contentHttp.get("/v1/users/u5/recommendations?k=10&exclude_seen=false");
        assertThat(ids(all)).contains("fresh-y");

        String metrics = contentHttp.get("/metrics").body();
        assertThat(metrics).containsPattern("attnrec_events_new_items_total(\\{[^}]*\\})? [1-9]");
        assertThat(metrics)
                .containsPattern("attnrec_new_item_recommendations_total\\{[^}]*source=\"content\"[^}]*\\} [1-9]");
        assertThat(metrics).containsPattern("attnrec_new_items(\\{[^}]*\\})? [1-9]");
    }

    @Test
    void withoutContentANewItemInTheUsersTopCategoryTakesTheThirdPlace() {
        Http.Resp before = coocHttp.get("/v1/users/u10/recommendations?k=5");
        coocHttp.send("PUT", "/v1/items/fresh-cx", "{\"title\": \"Fresh\", \"categories\": [\"x\", \"z\"]}", null);
        Http.Resp after = coocHttp.get("/v1/users/u10/recommendations?k=5");

        List<String> expected = new ArrayList<>(ids(before));
        expected.add(2, "fresh-cx");
        assertThat(ids(after)).containsExactlyElementsOf(expected.subList(0, 5));
        assertThat(after.at("/items/2/source").asText()).isEqualTo("fallback");
        assertThat(after.at("/items/2/title").asText()).isEqualTo("Fresh");
        // it takes the score of the item it displaced, so the list stays ordered
        assertThat(after.at("/items/2/score").floatValue())
                .isEqualTo(after.at("/items/3/score").floatValue());
        // u5's history is all y: no place for an x item; k=2 has no third place
        assertThat(ids(coocHttp.get("/v1/users/u5/recommendations?k=5"))).doesNotContain("fresh-cx");
        assertThat(ids(coocHttp.get("/v1/users/u10/recommendations?k=2"))).doesNotContain("fresh-cx");
        assertThat(coocHttp.get("/metrics").body())
                .containsPattern("attnrec_new_item_recommendations_total\\{[^}]*source=\"fallback\"[^}]*\\} [1-9]");
    }

    @Test
    void fallbackItemsTakeEveryThirdPlaceNewestFirstAtMostTwo() {
        Http.Resp before = coocHttp.get("/v1/users/u5/recommendations?k=10&exclude_seen=false");
        for (String id : new String[] {"fresh-y1", "fresh-y2", "fresh-y3"}) {
            coocHttp.send("PUT", "/v1/items/" + id, "{\"categories\": [\"y\"]}", null);
        }
        Http.Resp after = coocHttp.get("/v1/users/u5/recommendations?k=10&exclude_seen=false");

        // u5's history is all y: the two newest y items at ranks 3 and 6, the model's six around them
        List<String> expected = new ArrayList<>(ids(before));
        expected.add(2, "fresh-y3");
        expected.add(5, "fresh-y2");
        assertThat(ids(after)).containsExactlyElementsOf(expected);
        assertThat(after.at("/items/5/source").asText()).isEqualTo("fallback");
        float previous = Float.POSITIVE_INFINITY;
        for (JsonNode n : after.at("/items")) {
            assertThat(n.get("score").floatValue()).isLessThanOrEqualTo(previous);
            previous = n.get("score").floatValue();
        }
    }

    @Test
    void malformedItemBodiesAreRefusedWithJson() {
        for (String body : new String[] {"{\"title\": \"a\", \"colour\": \"red\"}", "{\"categories\": [", "\"x\""}) {
            Http.Resp r = contentHttp.send("PUT", "/v1/items/bad", body, null);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.at("/error").asText()).isIn("bad_request", "invalid_json");
            assertThat(r.at("/message").asText()).isNotBlank();
        }
        assertThat(ids(contentHttp.get("/v1/users/u10/recommendations?k=6"))).doesNotContain("bad");
    }
}
