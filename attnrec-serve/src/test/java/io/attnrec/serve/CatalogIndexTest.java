package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.Recommender;
import io.attnrec.serve.model.ServedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Item search on a catalogue of Amazon Beauty's size (54,542 items), server-side and paged. */
class CatalogIndexTest {

    static final int ITEMS = 54_542;
    static final String[] WORDS = {"lipstick", "mascara", "shampoo", "serum", "nail", "polish", "cream", "brush"};

    static ServedModel beautySized() {
        List<String> ids = new ArrayList<>();
        Map<String, ItemMeta> meta = new LinkedHashMap<>();
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 1; i <= ITEMS; i++) {
            String id = "B" + String.format(Locale.ROOT, "%08d", i);
            ids.add(id);
            String title = WORDS[r.nextInt(WORDS.length)] + " " + WORDS[r.nextInt(WORDS.length)] + " no. " + i;
            meta.put(id, new ItemMeta(id, title, List.of("cat" + (i % 50)), Map.of()));
        }
        // Item i is in i % 7 histories, so popularity is known: items 6, 13, 20, ... lead.
        List<int[]> histories = new ArrayList<>();
        for (int u = 0; u < 6; u++) {
            int[] h = new int[ITEMS / 7 * (6 - u) / 6];
            int n = 0;
            for (int i = 1; i <= ITEMS && n < h.length; i++) {
                if (i % 7 > u) {
                    h[n++] = i;
                }
            }
            histories.add(Arrays.copyOf(h, n));
        }
        List<String> users = new ArrayList<>();
        for (int u = 0; u < histories.size(); u++) {
            users.add("u" + u);
        }
        Recommender model = new Recommender() {
            @Override
            public String name() {
                return "flat";
            }

            @Override
            public int numItems() {
                return ITEMS;
            }

            @Override
            public void score(int user, int[] history, float[] scores) {
                Arrays.fill(scores, 0f);
            }
        };
        return new ServedModel(
                "beauty-sized",
                model,
                IdMap.of(false, users),
                IdMap.of(true, ids),
                histories.toArray(new int[0][]),
                new ItemCatalog(meta),
                null);
    }

    @Test
    void searchIsPagedAndOrderedOnALargeCatalogue() {
        CatalogIndex ix = new CatalogIndex(beautySized(), Map.of(), 0);

        CatalogIndex.Page exact = ix.search("B00000042", "", 0, 10);
        assertThat(exact.hits()).extracting(CatalogIndex.Hit::item).first().isEqualTo("B00000042");

        CatalogIndex.Page first = ix.search("serum cream", "", 0, 20);
        CatalogIndex.Page second = ix.search("serum cream", "", 20, 20);
        assertThat(first.total()).isEqualTo(second.total()).isGreaterThan(100);
        assertThat(first.hits()).hasSize(20).doesNotContainAnyElementsOf(second.hits());
        // Every word matches; titles starting with the query come before the rest.
        for (CatalogIndex.Hit h : first.hits()) {
            String title = ix.meta(h.item()).title();
            assertThat(title).contains("serum").contains("cream");
        }
        assertThat(ix.search("cat7", "cat7", 0, 5).total()).isGreaterThan(0);

        // Median time of 20 searches after 30 to warm up, printed for the record (not asserted:
        // machines differ).
        for (int i = 0; i < 30; i++) {
            ix.search(WORDS[i % WORDS.length], "", 0, 20);
        }
        double[] ms = new double[20];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            ix.search(WORDS[i % WORDS.length], "", 5 * i, 20);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(
                Locale.ROOT,
                "item search on %,d items: median %.1f ms (20 one-word searches after 30 to warm up)%n",
                ITEMS,
                ms[10]);
    }
}
