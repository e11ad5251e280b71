package io.attnrec.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.core.baselines.TestData;
import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Items added after training, scored from their metadata on the model's own scale (issue 16). */
class NewItemScorerTest {

    private static final String[] NAMES = {"a", "b", "c", "d", "e", "f"};

    /** Items a-c jazz, d-f rock, each with its own title word too. */
    private static ItemMeta meta(int i) {
        String genre = i < 3 ? "jazz" : "rock";
        return new ItemMeta(NAMES[i], genre + " record " + NAMES[i] + "x", List.of(genre), Map.of("year", "199" + i));
    }

    private static TrainingData data() {
        Map<String, ItemMeta> m = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            m.put(NAMES[i], meta(i));
        }
        TrainingData d = TestData.of(6, new int[] {1, 2}, new int[] {4, 5}, new int[] {1, 4});
        return new TrainingData(
                d.numUsers(),
                d.numItems(),
                d.sequences(),
                d.timestamps(),
                null,
                IdMap.of(true, List.of(NAMES)),
                new ItemCatalog(m),
                List.of());
    }

    @Test
    void encodingABuiltItemsMetadataGivesExactlyItsRow() {
        ContentFeatures f = ContentFeatures.build(data().catalog(), data().items(), ContentConfig.defaults());
        for (int i = 1; i <= 6; i++) {
            ContentFeatures.Row row = f.encode(meta(i - 1));
            assertThat(row.columns()).containsExactly(f.columns(i));
            assertThat(row.values()).containsExactly(f.rowValues(i));
        }
    }

    @Test
    void contentKnnScoresANewItemAsItScoresItsOwnItems() {
        Recommender model = Models.require("content-knn").train(data(), ModelOptions.empty(), 1L);
        @SuppressWarnings("unchecked")
        NewItemScorer<Object> scorer =
                (NewItemScorer<Object>) NewItemScorer.of(model).orElseThrow();
        int[] history = {1, 2};
        float[] own = new float[7];
        model.score(-1, history, own);
        // the metadata of a built item, presented as a new one, gets that item's own score exactly
        List<Object> same = List.of(
                scorer.encode(meta(2)).orElseThrow(), scorer.encode(meta(5)).orElseThrow());
        float[] out = new float[2];
        scorer.score(-1, history, same, out);
        assertThat(out).containsExactly(own[3], own[6]);

        // a new jazz item ranks above the rock items for a jazz history
        Object newJazz = scorer.encode(new ItemMeta("g", "new jazz thing", List.of("jazz"), Map.of()))
                .orElseThrow();
        scorer.score(-1, history, List.of(newJazz), out);
        assertThat(out[0]).isGreaterThan(own[4]).isGreaterThan(0f);

        // nothing the model knows: no encoding, so the server falls back to other rules
        Optional<Object> unknown = scorer.encode(new ItemMeta("h", "zzz", List.of("polka"), Map.of()));
        assertThat(unknown).isEmpty();
    }

    @Test
    void modelsWithoutContentHaveNoScorer() {
        Recommender pop = Models.require("pop").train(data(), ModelOptions.empty(), 1L);
        assertThat(NewItemScorer.of(pop)).isEmpty();
    }
}
