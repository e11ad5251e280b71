package io.attnrec.core.multi;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ItemCategoriesTest {

    @Test
    void catalogCategoriesWithASharedNoneCategory() {
        IdMap items = IdMap.of(true, List.of("a", "b", "c", "d"));
        ItemCatalog catalog = new ItemCatalog(Map.of(
                "a", meta("a", "jazz", "live"),
                "b", meta("b", "rock"),
                "c", meta("c", "jazz")));
        int[] cats = ItemCategories.fromCatalog(items, catalog).orElseThrow();
        assertThat(cats[0]).isEqualTo(-1);
        assertThat(cats[1]).isEqualTo(cats[3]); // both jazz (first category)
        assertThat(cats[1]).isNotEqualTo(cats[2]);
        assertThat(cats[4]).isNotIn(cats[1], cats[2]); // d has no metadata: "none"
    }

    @Test
    void tooFewCategorisedItemsMeansNoCategories() {
        IdMap items = IdMap.of(true, List.of("a", "b", "c"));
        ItemCatalog catalog = new ItemCatalog(Map.of("a", meta("a", "jazz")));
        assertThat(ItemCategories.fromCatalog(items, catalog)).isEmpty();
        assertThat(ItemCategories.fromCatalog(items, ItemCatalog.empty())).isEmpty();
    }

    @Test
    void kMeansFindsThreeDirectionsAndIsSeeded() {
        // 60 items around three axes of R^4, with noise; scale does not matter (cosine)
        SplittableRandom rng = new SplittableRandom(5);
        float[][] table = new float[61][4];
        for (int i = 1; i <= 60; i++) {
            int axis = i % 3;
            for (int d = 0; d < 4; d++) {
                table[i][d] = (float) (0.1 * rng.nextGaussian());
            }
            table[i][axis] += (float) (1 + 4 * rng.nextDouble());
        }
        int[] a = ItemCategories.fromEmbeddings(table, 3, 20, 7L);
        assertThat(a[0]).isEqualTo(-1);
        for (int i = 1; i <= 60; i++) {
            for (int j = 1; j <= 60; j++) {
                assertThat(a[i] == a[j]).isEqualTo(i % 3 == j % 3);
            }
        }
        assertThat(ItemCategories.fromEmbeddings(table, 3, 20, 7L)).containsExactly(a);
        // more clusters than items: every item may be its own cluster, never an error
        int[] tiny = ItemCategories.fromEmbeddings(new float[][] {{0, 0}, {1, 0}, {0, 1}}, 10, 5, 1L);
        assertThat(tiny[1]).isNotEqualTo(tiny[2]);
    }

    private static ItemMeta meta(String id, String... categories) {
        return new ItemMeta(id, id, List.of(categories), Map.of());
    }
}
