package io.attnrec.core.baselines.categorypop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.baselines.TestData;
import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Popularity within the user's favourite categories, by hand-computed scores. */
class CategoryPopModelTest {

    /**
     * Items a..f: a, b, c jazz; d, e rock; f jazz+rock. Training: a three times, b once, d twice;
     * c, e and f never occur (cold).
     */
    private static TrainingData data() {
        Map<String, ItemMeta> m = new LinkedHashMap<>();
        String[] names = {"a", "b", "c", "d", "e", "f"};
        List<List<String>> cats = List.of(
                List.of("jazz"),
                List.of("jazz"),
                List.of("jazz"),
                List.of("rock"),
                List.of("rock"),
                List.of("jazz", "rock"));
        for (int i = 0; i < 6; i++) {
            m.put(names[i], new ItemMeta(names[i], null, cats.get(i), Map.of()));
        }
        TrainingData d = TestData.of(6, new int[] {1, 2}, new int[] {1, 4}, new int[] {1, 4});
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
    void knownAnswerScores() {
        Recommender m = Models.require("category-pop").train(data(), ModelOptions.empty(), 1L);
        float[] s = new float[7];
        // History: two jazz items (a, b) and one rock item (d).
        m.score(-1, new int[] {1, 2, 4}, s);
        // pop: a=3, b=1, d=2 (maxPop 3); catPop: jazz = 3+1 = 4, rock = 2; an item's category sum:
        // a, b, c = 4, d, e = 2, f = 6 (the maximum).
        assertThat(s[1]).isCloseTo(2 + 0.5f + 0.3f * 4 / 6 + 0.2f * h("a"), within(1e-6f));
        assertThat(s[2]).isCloseTo(2 + 0.5f / 3 + 0.3f * 4 / 6 + 0.2f * h("b"), within(1e-6f));
        assertThat(s[3]).isCloseTo(2 + 0.3f * 4 / 6 + 0.2f * h("c"), within(1e-6f)); // cold: category only
        assertThat(s[4]).isCloseTo(1 + 0.5f * 2 / 3 + 0.3f * 2 / 6 + 0.2f * h("d"), within(1e-6f));
        assertThat(s[5]).isCloseTo(1 + 0.3f * 2 / 6 + 0.2f * h("e"), within(1e-6f));
        assertThat(s[6]).isCloseTo(2 + 0.3f + 0.2f * h("f"), within(1e-6f)); // best category (jazz) counts
        assertThat(h("a")).isNotEqualTo(h("b")).isBetween(0f, 0.99f);
        // Every item of the favourite category outranks every item of the other.
        assertThat(Math.min(s[1], Math.min(s[2], s[3]))).isGreaterThan(Math.max(s[4], s[5]));
    }

    private static float h(String id) {
        return (float) CategoryPopModel.hash(id);
    }

    @Test
    void saveThenLoadScoresBitIdentically(@TempDir Path dir) throws IOException {
        Recommender m = Models.require("category-pop").train(data(), ModelOptions.empty(), 1L);
        ((Persistable) m).save(dir);
        Recommender back = Models.require("category-pop").load(dir);
        float[] a = new float[7];
        float[] b = new float[7];
        m.score(0, new int[] {4, 5}, a);
        back.score(0, new int[] {4, 5}, b);
        assertThat(b).containsExactly(a);
    }

    @Test
    void dataWithoutCategoriesOrWithOptionsIsAClearError() {
        assertThatThrownBy(() -> Models.require("category-pop")
                        .train(TestData.of(3, new int[] {1, 2}), ModelOptions.empty(), 1L))
                .hasMessageContaining("categories");
        assertThatThrownBy(() -> Models.require("category-pop").train(data(), ModelOptions.parsePairs("k=3"), 1L))
                .hasMessageContaining("k");
    }
}
