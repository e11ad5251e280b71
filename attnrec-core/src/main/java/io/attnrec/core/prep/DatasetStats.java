package io.attnrec.core.prep;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Summary statistics of a prepared data set, for {@code attnrec data stats} and the JSON report.
 *
 * @param name data set name
 * @param users number of users
 * @param items number of items
 * @param interactions number of events
 * @param density interactions / (users x items)
 * @param seqLenMin shortest user sequence
 * @param seqLenMedian median sequence length (mean of the two middle values for an even count)
 * @param seqLenMean mean sequence length
 * @param seqLenP90 90th percentile of sequence length (nearest rank)
 * @param seqLenMax longest user sequence
 * @param popMin fewest events of an item
 * @param popMedian median events per item
 * @param popMean mean events per item
 * @param popMax most events of an item
 * @param headShare share of all events that fall on the 10% most popular items (at least one item)
 * @param gini Gini coefficient of item popularity: 0 = every item equally popular, towards 1 = a few
 *     items take everything
 * @param hasRatings whether the events carry explicit ratings
 * @param ratingMin lowest rating, or NaN without ratings
 * @param ratingMax highest rating, or NaN without ratings
 */
public record DatasetStats(
        String name,
        int users,
        int items,
        long interactions,
        double density,
        int seqLenMin,
        double seqLenMedian,
        double seqLenMean,
        int seqLenP90,
        int seqLenMax,
        int popMin,
        double popMedian,
        double popMean,
        int popMax,
        double headShare,
        double gini,
        boolean hasRatings,
        double ratingMin,
        double ratingMax) {

    /** Computes the statistics of {@code d}. */
    public static DatasetStats of(Dataset d) {
        int users = d.numUsers();
        int items = d.numItems();
        int[] lengths = new int[d.sequences().length];
        int[] pop = new int[items];
        long total = 0;
        for (int u = 0; u < lengths.length; u++) {
            int[] s = d.sequences()[u];
            lengths[u] = s.length;
            total += s.length;
            for (int i : s) {
                pop[i - 1]++;
            }
        }
        Arrays.sort(lengths);
        Arrays.sort(pop);

        double ratingMin = Double.NaN;
        double ratingMax = Double.NaN;
        if (d.hasRatings()) {
            for (float[] rs : d.ratings()) {
                for (float r : rs) {
                    if (!Float.isNaN(r)) {
                        ratingMin = Double.isNaN(ratingMin) ? r : Math.min(ratingMin, r);
                        ratingMax = Double.isNaN(ratingMax) ? r : Math.max(ratingMax, r);
                    }
                }
            }
        }

        int head = (int) Math.ceil(items * 0.1);
        long headEvents = 0;
        for (int k = 0; k < head; k++) {
            headEvents += pop[items - 1 - k];
        }
        return new DatasetStats(
                d.name(),
                users,
                items,
                total,
                users == 0 || items == 0 ? 0 : total / ((double) users * items),
                min(lengths),
                median(lengths),
                mean(lengths),
                lengths.length == 0 ? 0 : lengths[(int) Math.ceil(0.9 * lengths.length) - 1],
                max(lengths),
                min(pop),
                median(pop),
                mean(pop),
                max(pop),
                total == 0 ? 0 : headEvents / (double) total,
                gini(pop),
                !Double.isNaN(ratingMin),
                ratingMin,
                ratingMax);
    }

    private static int min(int[] sorted) {
        return sorted.length == 0 ? 0 : sorted[0];
    }

    private static int max(int[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    private static double median(int[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return 0;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2;
    }

    private static double mean(int[] values) {
        if (values.length == 0) {
            return 0;
        }
        long sum = 0;
        for (int v : values) {
            sum += v;
        }
        return sum / (double) values.length;
    }

    /** Gini of ascending {@code sorted}: sum over i of (2i - n - 1) x_i / (n sum x), i from 1. */
    static double gini(int[] sorted) {
        int n = sorted.length;
        long sum = 0;
        double weighted = 0;
        for (int i = 0; i < n; i++) {
            sum += sorted[i];
            weighted += (2.0 * (i + 1) - n - 1) * sorted[i];
        }
        return n == 0 || sum == 0 ? 0 : weighted / (n * (double) sum);
    }

    /** The statistics with lower_snake keys, for the JSON report; absent ratings give nulls. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("users", users);
        m.put("items", items);
        m.put("interactions", interactions);
        m.put("density", density);
        m.put("seq_len_min", seqLenMin);
        m.put("seq_len_median", seqLenMedian);
        m.put("seq_len_mean", seqLenMean);
        m.put("seq_len_p90", seqLenP90);
        m.put("seq_len_max", seqLenMax);
        m.put("item_pop_min", popMin);
        m.put("item_pop_median", popMedian);
        m.put("item_pop_mean", popMean);
        m.put("item_pop_max", popMax);
        m.put("head_share", headShare);
        m.put("gini", gini);
        m.put("has_ratings", hasRatings);
        m.put("rating_min", hasRatings ? ratingMin : null);
        m.put("rating_max", hasRatings ? ratingMax : null);
        return m;
    }

    /** A readable block with aligned labels, for the terminal. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        line(b, "data set", name);
        line(b, "users", String.format(Locale.ROOT, "%,d", users));
        line(b, "items", String.format(Locale.ROOT, "%,d", items));
        line(b, "interactions", String.format(Locale.ROOT, "%,d", interactions));
        line(b, "density", String.format(Locale.ROOT, "%.4f%%", density * 100));
        line(
                b,
                "sequence length",
                String.format(
                        Locale.ROOT,
                        "min %d, median %s, mean %.2f, p90 %d, max %d",
                        seqLenMin,
                        number(seqLenMedian),
                        seqLenMean,
                        seqLenP90,
                        seqLenMax));
        line(
                b,
                "item popularity",
                String.format(
                        Locale.ROOT,
                        "min %d, median %s, mean %.2f, max %d",
                        popMin,
                        number(popMedian),
                        popMean,
                        popMax));
        line(
                b,
                "head share",
                String.format(Locale.ROOT, "%.1f%% of interactions on the top 10%% items", headShare * 100));
        line(b, "gini", String.format(Locale.ROOT, "%.4f", gini));
        line(b, "ratings", hasRatings ? number(ratingMin) + " to " + number(ratingMax) : "none (implicit feedback)");
        return b.toString();
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format(Locale.ROOT, "%-17s%s", label, value)).append('\n');
    }

    /** Whole numbers without decimals, others with up to two. */
    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
