package io.attnrec.core.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetStatsTest {

    private static Dataset dataset(int[][] seqs, float[][] ratings, int numItems) {
        IdMap users = new IdMap(false);
        for (int u = 0; u < seqs.length; u++) {
            users.add("u" + u);
        }
        IdMap items = new IdMap(true);
        for (int i = 1; i <= numItems; i++) {
            items.add("i" + i);
        }
        long[][] ts = new long[seqs.length][];
        for (int u = 0; u < seqs.length; u++) {
            ts[u] = new long[seqs[u].length];
        }
        return new Dataset("toy", users, items, seqs, ts, ratings, ItemCatalog.empty());
    }

    @Test
    void knownAnswer() {
        // Lengths 4, 2, 1, 1; item counts: 1 -> 4, 2 -> 2, 3 -> 1, 4 -> 1.
        int[][] seqs = {{1, 2, 1, 3}, {1, 2}, {1}, {4}};
        float[][] ratings = {{5, 3, 4, 1}, {2, 2}, {3}, {4}};

        DatasetStats s = DatasetStats.of(dataset(seqs, ratings, 4));

        assertThat(s.users()).isEqualTo(4);
        assertThat(s.items()).isEqualTo(4);
        assertThat(s.interactions()).isEqualTo(8);
        assertThat(s.density()).isEqualTo(0.5);
        assertThat(s.seqLenMin()).isEqualTo(1);
        assertThat(s.seqLenMedian()).isEqualTo(1.5);
        assertThat(s.seqLenMean()).isEqualTo(2.0);
        assertThat(s.seqLenP90()).isEqualTo(4); // nearest rank: ceil(0.9 * 4) = 4th smallest
        assertThat(s.seqLenMax()).isEqualTo(4);
        assertThat(s.popMin()).isEqualTo(1);
        assertThat(s.popMedian()).isEqualTo(1.5);
        assertThat(s.popMean()).isEqualTo(2.0);
        assertThat(s.popMax()).isEqualTo(4);
        assertThat(s.headShare()).isEqualTo(0.5); // top ceil(0.4) = 1 item holds 4 of 8
        // Ascending 1,1,2,4: (-3*1 - 1*1 + 1*2 + 3*4) / (4 * 8) = 10 / 32.
        assertThat(s.gini()).isCloseTo(0.3125, within(1e-12));
        assertThat(s.hasRatings()).isTrue();
        assertThat(s.ratingMin()).isEqualTo(1.0);
        assertThat(s.ratingMax()).isEqualTo(5.0);
    }

    @Test
    void giniExtremes() {
        assertThat(DatasetStats.gini(new int[] {3, 3, 3, 3})).isZero();
        assertThat(DatasetStats.gini(new int[] {0, 0, 0, 8})).isCloseTo(0.75, within(1e-12)); // (n-1)/n
        assertThat(DatasetStats.gini(new int[0])).isZero();
    }

    @Test
    void mapHasSnakeCaseKeysAndNullRatingsWhenImplicit() {
        DatasetStats s = DatasetStats.of(dataset(new int[][] {{1, 2, 3}}, null, 3));

        Map<String, Object> m = s.toMap();

        assertThat(m.keySet())
                .containsExactly(
                        "name",
                        "users",
                        "items",
                        "interactions",
                        "density",
                        "seq_len_min",
                        "seq_len_median",
                        "seq_len_mean",
                        "seq_len_p90",
                        "seq_len_max",
                        "item_pop_min",
                        "item_pop_median",
                        "item_pop_mean",
                        "item_pop_max",
                        "head_share",
                        "gini",
                        "has_ratings",
                        "rating_min",
                        "rating_max");
        assertThat(m)
                .containsEntry("users", 1)
                .containsEntry("interactions", 3L)
                .containsEntry("has_ratings", false);
        assertThat(m.get("rating_min")).isNull();
        assertThat(m.get("density")).isEqualTo(1.0);
    }

    @Test
    void textIsAlignedAndReadable() {
        int[][] seqs = {{1, 2, 1, 3}, {1, 2}, {1}, {4}};
        String text = DatasetStats.of(dataset(seqs, null, 4)).toText();

        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(10);
        assertThat(lines.get(0)).isEqualTo("data set         toy");
        assertThat(lines)
                .contains(
                        "users            4",
                        "interactions     8",
                        "density          50.0000%",
                        "sequence length  min 1, median 1.50, mean 2.00, p90 4, max 4",
                        "head share       50.0% of interactions on the top 10% items",
                        "gini             0.3125",
                        "ratings          none (implicit feedback)");
        for (String line : lines) {
            assertThat(line.charAt(17)).as(line).isNotEqualTo(' ');
            assertThat(line.substring(0, 17)).as(line).endsWith(" ");
        }
    }
}
