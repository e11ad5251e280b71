package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.experiment.UseCases;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.split.Split;
import io.attnrec.core.synth.SynthConfig;
import io.attnrec.core.synth.SyntheticWorld;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 2, with a neural content model: SASRec trained with {@code content=true} on a
 * synthetic world of single-topic users serves an item it has never seen, sent by {@code PUT},
 * from the next request on, in the top 10 of a user of its topic, and far above the same words
 * under a topic the user never had. Over real HTTP.
 */
class NeuralNewItemServingTest {

    @TempDir
    Path dir;

    @Test
    void aNewItemOfTheUsersTopicIsRecommendedFromItsContent() throws Exception {
        SyntheticWorld world = SyntheticWorld.generate(SynthConfig.defaults()
                .withUsers(400)
                .withItems(200)
                .withTopics(8)
                .withInterests(1)
                .withSeed(7));
        world.writeTo(dir.resolve("world"));
        Dataset data = Experiments.load(DataSpec.of(dir.resolve("world")), s -> {});
        Split split = Experiments.split(data, "loo", 42);
        UseCases.trainAndSave(
                data,
                split,
                ModelSpec.parse("sasrec:content=true:content_id_dropout=0.3:dim=32:blocks=1:heads=1:max_len=50"
                        + ":epochs=8:progress=false"),
                42,
                EvalConfig.defaults(),
                Map.of(),
                dir.resolve("models").resolve("sasrec-content"));

        try (AttnrecServer server = new AttnrecServer(ServerConfig.builder()
                        .port(0)
                        .database("sqlite:" + dir.resolve("events.db"))
                        .models(dir.resolve("models"))
                        .build())
                .start()) {
            Http http = new Http(server.port());
            String user = world.users().get(0).userId();
            String topic = world.users().get(0).interests().get(0);
            Http.Resp put = http.send(
                    "PUT",
                    "/v1/items/brand-new",
                    "{\"title\": \"" + topic + " Velvet Nocturne\", \"categories\": [\"" + topic + "\"]}",
                    null);
            assertThat(put.at("/known_to_model").asBoolean()).isFalse();

            Http.Resp r = http.get("/v1/users/" + user + "/recommendations?k=10");
            assertThat(r.status()).isEqualTo(200);
            // in the top 10 from content alone (5th with these seeds, behind two gardening and two
            // running items of the model's own)
            int at = -1;
            JsonNode items = r.at("/items");
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).get("item").asText().equals("brand-new")) {
                    at = i;
                }
            }
            assertThat(at).as("brand-new in %s", items).isGreaterThanOrEqualTo(0);
            assertThat(items.get(at).get("source").asText()).isEqualTo("content");
            // the same words under a topic the user never had: content, not novelty, put it there
            String other = world.topics().stream()
                    .filter(t -> !t.equals(topic))
                    .findFirst()
                    .orElseThrow();
            http.send(
                    "PUT",
                    "/v1/items/brand-new-other",
                    "{\"title\": \"" + other + " Velvet Nocturne\", \"categories\": [\"" + other + "\"]}",
                    null);
            Http.Resp all = http.get("/v1/users/" + user + "/recommendations?k=200");
            float mine = Float.NaN;
            float theirs = Float.NaN;
            for (JsonNode n : all.at("/items")) {
                if (n.get("item").asText().equals("brand-new")) {
                    mine = n.get("score").floatValue();
                } else if (n.get("item").asText().equals("brand-new-other")) {
                    theirs = n.get("score").floatValue();
                }
            }
            assertThat(mine).isGreaterThan(theirs);
            assertThat(http.get("/v1/users/" + user + "/recommendations?k=10").body())
                    .contains("\"brand-new\"")
                    .doesNotContain("brand-new-other");
        }
    }
}
