package io.attnrec.core.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.ModelOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Tokens, hashing, TF-IDF weights and CSR layout on hand-checked items. */
class ContentFeaturesTest {

    private static final ItemMeta TOY =
            new ItemMeta("1", "Toy Story (1995)", List.of("Animation", "Children's", "Comedy"), Map.of("year", "1995"));
    private static final ItemMeta HEAT =
            new ItemMeta("2", "Heat (1995)", List.of("Action", "Crime"), Map.of("year", "1995"));
    private static final ItemMeta JUMANJI =
            new ItemMeta("3", "Jumanji", List.of("Adventure", "Children's"), Map.of("year", "1995"));

    private static ItemCatalog catalog() {
        Map<String, ItemMeta> m = new LinkedHashMap<>();
        for (ItemMeta x : List.of(TOY, HEAT, JUMANJI)) {
            m.put(x.itemId(), x);
        }
        return new ItemCatalog(m);
    }

    /** Items 1, 2, 3 plus item "4" without metadata. */
    private static IdMap items() {
        return IdMap.of(true, List.of("1", "2", "3", "4"));
    }

    @Test
    void tokensOfAMovieLensItem() {
        assertThat(ContentFeatures.tokens(TOY, ContentConfig.defaults()).keySet())
                .containsExactly(
                        "w:toy",
                        "w:story",
                        "c:animation",
                        "c:children's",
                        "c:comedy",
                        "a:year=1995",
                        "a:decade=1990",
                        "a:half=1995");
        ItemMeta stop =
                new ItemMeta("9", "The Usual Suspects, The (1995) a", List.of(" "), Map.of("tags", "Heist, twist"));
        assertThat(ContentFeatures.tokens(stop, ContentConfig.defaults()).keySet())
                .containsExactly("w:usual", "w:suspects", "t:heist", "t:twist");
        ContentConfig noTitles = new ContentConfig(64, ContentConfig.Weighting.BINARY, 0, 2, 1, true);
        Map<String, Double> t = ContentFeatures.tokens(TOY, noTitles);
        assertThat(t).doesNotContainKey("w:toy").containsEntry("c:comedy", 2.0).containsEntry("a:year=1995", 1.0);
    }

    @Test
    void hashingIsStableAndInRange() {
        assertThat(ContentFeatures.bucket("c:comedy", 4096)).isEqualTo(ContentFeatures.bucket("c:comedy", 4096));
        TreeSet<Integer> seen = new TreeSet<>();
        for (int k = 0; k < 2000; k++) {
            int b = ContentFeatures.bucket("w:token" + k, 64);
            assertThat(b).isBetween(0, 63);
            seen.add(b);
        }
        assertThat(seen).hasSize(64); // 2000 tokens reach every bucket
    }

    @Test
    void binaryRowsHoldOneForEachTokenBucket() {
        ContentConfig c = new ContentConfig(1 << 20, ContentConfig.Weighting.BINARY, 1, 1, 1, false);
        ContentFeatures f = ContentFeatures.build(catalog(), items(), c);
        assertThat(f.numItems()).isEqualTo(4);
        TreeSet<Integer> expected = new TreeSet<>();
        for (String tok : ContentFeatures.tokens(TOY, c).keySet()) {
            expected.add(ContentFeatures.bucket(tok, 1 << 20));
        }
        assertThat(f.columns(1))
                .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        assertThat(f.rowValues(1)).containsOnly(1f);
        assertThat(f.hasFeatures(4)).isFalse();
        assertThat(f.hasFeatures(0)).isFalse();
        // Toy Story and Jumanji share children's + three year tokens; Heat shares the year tokens.
        assertThat(f.dot(1, 3)).isEqualTo(4.0);
        assertThat(f.dot(1, 2)).isEqualTo(3.0);
        assertThat(f.rowPointers()).hasSize(6);
        assertThat(f.nonZeros()).isEqualTo(8 + 6 + 6);
    }

    @Test
    void tfidfDownweightsSharedTokensAndRowsHaveUnitLength() {
        ContentConfig c = new ContentConfig(1 << 20, ContentConfig.Weighting.TFIDF, 1, 1, 1, true);
        ContentFeatures f = ContentFeatures.build(catalog(), items(), c);
        // N = 3 items with features. df(children's) = 2, df(comedy) = 1, df(year) = 3.
        double idfComedy = Math.log(4.0 / 2) + 1;
        double idfChildren = Math.log(4.0 / 3) + 1;
        double idfYear = Math.log(4.0 / 4) + 1;
        double[] raw = {idfComedy, idfComedy, idfComedy, idfChildren, idfComedy, idfYear, idfYear, idfYear};
        // toy, story, animation, children's, comedy, three year tokens.
        double norm = Math.sqrt(java.util.Arrays.stream(raw).map(v -> v * v).sum());
        int comedy = ContentFeatures.bucket("c:comedy", 1 << 20);
        int children = ContentFeatures.bucket("c:children's", 1 << 20);
        int[] cols = f.columns(1);
        float[] vals = f.rowValues(1);
        for (int k = 0; k < cols.length; k++) {
            if (cols[k] == comedy) {
                assertThat(vals[k]).isCloseTo((float) (idfComedy / norm), within(1e-6f));
            }
            if (cols[k] == children) {
                assertThat(vals[k]).isCloseTo((float) (idfChildren / norm), within(1e-6f));
            }
        }
        for (int i = 1; i <= 3; i++) {
            assertThat(f.squaredNorm(i)).isCloseTo(1.0, within(1e-6));
        }
        assertThat(f.dot(1, 3)).isGreaterThan(f.dot(1, 2));
    }

    @Test
    void configIsReadFromOptionsAndValidated() {
        ModelOptions o = ModelOptions.parsePairs("dim=128,weighting=binary,title_weight=0.5,normalize=false");
        ContentConfig c = ContentConfig.from(o);
        o.requireAllUsed();
        assertThat(c).isEqualTo(new ContentConfig(128, ContentConfig.Weighting.BINARY, 0.5, 1, 1, false));
        assertThatThrownBy(() -> ContentConfig.from(ModelOptions.parsePairs("weighting=bm25")))
                .hasMessageContaining("tfidf or binary");
        assertThatThrownBy(() -> new ContentConfig(0, ContentConfig.Weighting.TFIDF, 1, 1, 1, true))
                .hasMessageContaining("dim");
        assertThatThrownBy(() -> ContentFeatures.build(catalog(), IdMap.of(false, List.of("1")), c))
                .hasMessageContaining("padding");
    }
}
