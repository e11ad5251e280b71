package io.attnrec.core.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.baselines.TestData;
import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Content-based scoring, including items that never occur in training. */
class ContentKnnTest {

    /** Items 1-3 jazz, 4-6 rock; only items 1, 2, 4, 5 occur in training. */
    private static TrainingData data() {
        Map<String, ItemMeta> m = new LinkedHashMap<>();
        String[] names = {"a", "b", "c", "d", "e", "f"};
        for (int i = 0; i < 6; i++) {
            String genre = i < 3 ? "jazz" : "rock";
            m.put(names[i], new ItemMeta(names[i], genre + " record " + names[i], List.of(genre), Map.of()));
        }
        TrainingData d = TestData.of(6, new int[] {1, 2}, new int[] {4, 5}, new int[] {1, 4});
        return new TrainingData(
                d.numUsers(),
                d.numItems(),
                d.sequences(),
                d.timestamps(),
                null,
                IdMap.of(true, List.of(names)),
                new ItemCatalog(m),
                List.of());
    }

    @Test
    void unseenItemsAreScoredFromTheirContent() {
        Recommender m = Models.require("content-knn").train(data(), ModelOptions.empty(), 1L);
        float[] s = new float[7];
        m.score(-1, new int[] {1, 2}, s);
        // Item 3 never occurs in training, yet a jazz listener gets it above every rock item.
        assertThat(s[3]).isGreaterThan(s[4]).isGreaterThan(0f);
        assertThat(s[3]).isGreaterThan(s[6]);
        assertThat(s[6]).isEqualTo(s[4]);
        m.score(-1, new int[] {4}, s);
        assertThat(s[6]).isGreaterThan(s[3]);
        m.score(-1, new int[0], s);
        assertThat(s).containsOnly(0f);
    }

    @Test
    void explanationRanksHistoryItemsByContentSimilarity() {
        ContentKnn m = (ContentKnn) Models.require("content-knn").train(data(), ModelOptions.empty(), 1L);
        Explanation e = m.explain(0, new int[] {4, 1, 2}, 3);
        // The jazz items share genre and title word with the target, the rock item only "record".
        assertThat(e.contributions()).extracting(Explanation.Contribution::item).containsExactly(1, 2, 4);
        assertThat(e.contributions().get(0).weight())
                .isEqualTo(e.contributions().get(1).weight());
        assertThat(e.contributions().get(1).weight())
                .isGreaterThan(e.contributions().get(2).weight());
        assertThat(e.contributions().get(2).weight()).isGreaterThan(0);
        assertThat(e.contributions().get(0).position()).isEqualTo(1);
    }

    @Test
    void saveThenLoadScoresBitIdentically(@TempDir Path dir) throws IOException {
        ContentKnn m = (ContentKnn)
                Models.require("content-knn").train(data(), ModelOptions.parsePairs("dim=256,weighting=binary"), 1L);
        m.save(dir);
        Recommender back = Models.require("content-knn").load(dir);
        float[] a = new float[7];
        float[] b = new float[7];
        for (int[] h : new int[][] {{1}, {4, 5}, {1, 6}}) {
            m.score(0, h, a);
            back.score(0, h, b);
            assertThat(b).containsExactly(a);
        }
    }

    @Test
    void dataWithoutMetadataOrUnknownOptionIsAClearError() {
        assertThatThrownBy(() ->
                        Models.require("content-knn").train(TestData.of(3, new int[] {1, 2}), ModelOptions.empty(), 1L))
                .hasMessageContaining("metadata");
        assertThatThrownBy(() -> Models.require("content-knn").train(data(), ModelOptions.parsePairs("dimm=3"), 1L))
                .hasMessageContaining("dimm");
    }
}
