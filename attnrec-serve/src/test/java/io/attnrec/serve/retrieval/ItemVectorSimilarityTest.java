package io.attnrec.serve.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemVectorSimilarityTest {

    @Test
    void categoryJaccard() {
        IdMap items = IdMap.of(true, List.of("a", "b", "c"));
        ItemCatalog catalog = new ItemCatalog(Map.of(
                "a", new ItemMeta("a", "A", List.of("x", "y"), Map.of()),
                "b", new ItemMeta("b", "B", List.of("y", "z", "w"), Map.of())));

        ItemVectorSimilarity sim = ItemVectorSimilarity.categories(items, catalog);

        assertThat(sim.similarity(1, 2)).isCloseTo(1.0 / 4, within(1e-12)); // {y} / {x,y,z,w}
        assertThat(sim.similarity(1, 1)).isEqualTo(1.0);
        assertThat(sim.similarity(1, 3)).isZero(); // c has no metadata
    }

    @Test
    void cooccurrenceCosine() {
        // Item 1 is seen by users 0,1,2; item 2 by users 1,2; item 3 by user 3 only.
        int[][] histories = {{1}, {1, 2, 2}, {2, 1}, {3}};

        ItemVectorSimilarity sim = ItemVectorSimilarity.cooccurrence(3, histories);

        assertThat(sim.similarity(1, 2)).isCloseTo(2 / Math.sqrt(3 * 2), within(1e-12));
        assertThat(sim.similarity(2, 1)).isEqualTo(sim.similarity(1, 2));
        assertThat(sim.similarity(1, 3)).isZero();
    }

    @Test
    void embeddingCosineClampedAtZero() {
        float[][] v = {{0, 0}, {1, 0}, {1, 1}, {-1, 0}};

        ItemVectorSimilarity sim = ItemVectorSimilarity.embedding(3, i -> v[i]);

        assertThat(sim.similarity(1, 2)).isCloseTo(Math.sqrt(0.5), within(1e-6));
        assertThat(sim.similarity(1, 3)).isZero(); // cosine -1 counts as unrelated
        assertThat(sim.similarity(2, 2)).isCloseTo(1.0, within(1e-6));
    }
}
