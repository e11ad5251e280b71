package io.attnrec.nn.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.content.NewItemScorer;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16: a never-seen item is scored from its metadata exactly as the model scores a cold item
 * of its own catalogue (content projection alone), for SASRec and a multi-interest model.
 */
class ContentProjectionScorerTest {

    private static final TopicWorld WORLD = new TopicWorld(5, 6, 40, 3L);

    private static Recommender train(String name, boolean content) {
        Map<String, String> m = new java.util.HashMap<>(Map.of(
                "dim", "16",
                "max_len", "12",
                "epochs", "3",
                "batch_size", "32",
                "lr", "0.01",
                "progress", "false"));
        if (name.equals("comirec-sa")) {
            m.put("interests", "2");
            m.put("negatives", "20");
        } else {
            m.put("blocks", "1");
            m.put("heads", "1");
        }
        if (content) {
            m.put("content", "true");
            m.put("content_buckets", "256");
        }
        return Models.require(name).train(WORLD.data, new ModelOptions(m), 5L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sasrec", "comirec-sa"})
    @SuppressWarnings("unchecked")
    void aNewItemScoresAsTheModelsOwnColdItemWithTheSameMetadata(String name) throws Exception {
        Recommender model = train(name, true);
        try {
            NewItemScorer<Object> scorer =
                    (NewItemScorer<Object>) NewItemScorer.of(model).orElseThrow();
            List<Object> cold = new ArrayList<>();
            for (int t = 0; t < WORLD.topics; t++) {
                ItemMeta m = WORLD.data
                        .catalog()
                        .get(WORLD.data.items().external(WORLD.coldItem(t)))
                        .orElseThrow();
                // the same metadata under a new id: the id plays no part
                cold.add(scorer.encode(new ItemMeta("brand-new-" + t, m.title(), m.categories(), m.attributes()))
                        .orElseThrow());
            }
            float[] own = new float[WORLD.numItems + 1];
            float[] out = new float[WORLD.topics];
            for (int u : new int[] {0, 1, 7, 33}) {
                int[] h = WORLD.data.sequences()[u];
                model.score(u, h, own);
                scorer.score(u, h, cold, out);
                for (int t = 0; t < WORLD.topics; t++) {
                    assertThat(out[t])
                            .as("%s user %d topic %d", name, u, t)
                            .isCloseTo(
                                    own[WORLD.coldItem(t)], within(1e-4f + 1e-4f * Math.abs(own[WORLD.coldItem(t)])));
                }
            }
            // no metadata, nothing to project (with 256 buckets almost any word shares a learned one)
            assertThat(scorer.encode(new ItemMeta("x", null, List.of(), Map.of())))
                    .isEmpty();
        } finally {
            ((AutoCloseable) model).close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sasrec"})
    void aModelWithoutContentHasNoScorer(String name) throws Exception {
        Recommender model = train(name, false);
        try {
            assertThat(NewItemScorer.of(model)).isEmpty();
        } finally {
            ((AutoCloseable) model).close();
        }
    }
}
