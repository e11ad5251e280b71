package io.attnrec.serve;

import io.attnrec.core.data.ItemMeta;
import io.attnrec.serve.model.ServedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the read API needs to know about one served model's catalogue, computed once per model
 * (and per version of the metadata sent with {@code PUT /v1/items}): each item's searchable text,
 * its training popularity, the items in popularity order, and the data set's summary statistics.
 *
 * <p>Search is a scan over lower-cased strings in popularity order: on a catalogue of Amazon
 * Beauty's size (54,542 items) it takes about 15 ms on a busy 2-core machine ({@code
 * CatalogIndexTest}), so no text index is needed; only the requested page becomes objects.
 */
final class CatalogIndex {

    /** Upper bounds of the length and popularity histogram bins (the last bin is open). */
    private static final long[] BINS = {1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000};

    final ServedModel served;
    final long metaVersion;
    private final Map<String, ItemMeta> overlay;
    /** Items sent with PUT that the model does not know, in the order stored. */
    private final List<ItemMeta> extra;
    /** Lower-cased "title id categories" by dense id; index 0 unused. */
    private final String[] text;
    /** Lower-cased id and title (null when none) by dense id. */
    private final String[] lowerId;

    private final String[] lowerTitle;
    /** Training interactions by dense id. */
    final int[] popularity;
    /** Dense ids, most popular first (ties by id). */
    private final int[] byPopularity;
    /** 1-based popularity rank by dense id. */
    private final int[] rank;

    final long interactions;

    CatalogIndex(ServedModel served, Map<String, ItemMeta> overlay, long metaVersion) {
        this.served = served;
        this.metaVersion = metaVersion;
        this.overlay = overlay;
        int n = served.numItems();
        popularity = new int[n + 1];
        long total = 0;
        for (int[] h : served.histories()) {
            for (int i : h) {
                if (i > 0 && i <= n) {
                    popularity[i]++;
                }
            }
            total += h.length;
        }
        interactions = total;
        text = new String[n + 1];
        lowerId = new String[n + 1];
        lowerTitle = new String[n + 1];
        for (int i = 1; i <= n; i++) {
            String id = served.items().external(i);
            ItemMeta m = meta(id);
            text[i] = searchText(m, id);
            lowerId[i] = id.toLowerCase(Locale.ROOT);
            lowerTitle[i] = m == null || m.title() == null ? null : m.title().toLowerCase(Locale.ROOT);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i + 1;
        }
        Arrays.sort(
                order, Comparator.comparingInt((Integer i) -> -popularity[i]).thenComparingInt(i -> i));
        byPopularity = new int[n];
        rank = new int[n + 1];
        for (int r = 0; r < n; r++) {
            byPopularity[r] = order[r];
            rank[order[r]] = r + 1;
        }
        extra = new ArrayList<>();
        for (ItemMeta m : overlay.values()) {
            if (served.items().get(m.itemId()).isEmpty()) {
                extra.add(m);
            }
        }
    }

    /** The metadata of {@code item}: sent with PUT if it was, else the model's catalogue; or null. */
    ItemMeta meta(String item) {
        ItemMeta m = overlay.get(item);
        return m != null ? m : served.catalog().get(item).orElse(null);
    }

    int rank(int dense) {
        return rank[dense];
    }

    private static String searchText(ItemMeta m, String id) {
        StringBuilder b = new StringBuilder();
        if (m != null && m.title() != null) {
            b.append(m.title()).append(' ');
        }
        b.append(id);
        if (m != null) {
            for (String c : m.categories()) {
                b.append(' ').append(c);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    /** One search hit: an item id, its dense id in the model (0 if unknown to it). */
    record Hit(String item, int dense) {}

    /** A page of hits and how many there are in all. */
    record Page(List<Hit> hits, int total) {}

    /**
     * Items whose title, id or categories contain every word of {@code query} (case-insensitive),
     * optionally only those of {@code category}: the item whose id equals the query first, then
     * titles starting with it, then the rest, each group most popular first.
     */
    Page search(String query, String category, int offset, int limit) {
        String q = query.trim().toLowerCase(Locale.ROOT);
        String[] words = q.isEmpty() ? new String[0] : q.split("\\s+");
        // Matching dense ids by group, as plain ints: one search may match most of the catalogue,
        // and only the requested page becomes objects.
        int n = byPopularity.length;
        int[] exact = new int[1];
        int exactCount = 0;
        int[] prefix = new int[n];
        int prefixCount = 0;
        int[] rest = new int[n];
        int restCount = 0;
        boolean anyCategory = category == null || category.isEmpty();
        for (int dense : byPopularity) {
            if (!matches(text[dense], words)
                    || (!anyCategory && !inCategory(meta(served.items().external(dense)), category))) {
                continue;
            }
            if (q.isEmpty()) {
                rest[restCount++] = dense;
            } else if (exactCount == 0 && lowerId[dense].equals(q)) {
                exact[exactCount++] = dense;
            } else if (lowerTitle[dense] != null && lowerTitle[dense].startsWith(q)) {
                prefix[prefixCount++] = dense;
            } else {
                rest[restCount++] = dense;
            }
        }
        List<Hit> extraHits = new ArrayList<>();
        for (ItemMeta m : extra) {
            if (matches(searchText(m, m.itemId()), words) && inCategory(m, category)) {
                extraHits.add(new Hit(m.itemId(), 0));
            }
        }
        int total = exactCount + prefixCount + restCount + extraHits.size();
        List<Hit> page = new ArrayList<>();
        for (int i = offset; i < total && page.size() < limit; i++) {
            int j = i;
            if (j < exactCount) {
                page.add(hit(exact[j]));
                continue;
            }
            j -= exactCount;
            if (j < prefixCount) {
                page.add(hit(prefix[j]));
                continue;
            }
            j -= prefixCount;
            if (j < restCount) {
                page.add(hit(rest[j]));
                continue;
            }
            page.add(extraHits.get(j - restCount));
        }
        return new Page(List.copyOf(page), total);
    }

    private Hit hit(int dense) {
        return new Hit(served.items().external(dense), dense);
    }

    private static boolean matches(String text, String[] words) {
        for (String w : words) {
            if (!text.contains(w)) {
                return false;
            }
        }
        return true;
    }

    private static boolean inCategory(ItemMeta m, String category) {
        return category == null
                || category.isEmpty()
                || (m != null && m.categories().contains(category));
    }

    // ---- data overview ------------------------------------------------------------------------

    record Bin(long from, Long to, long count) {}

    record Count(String name, long count) {}

    record TopItem(String item, String title, long count) {}

    record Lengths(int min, int max, double mean, double median, List<Bin> histogram) {}

    record Popularity(
            long itemsNeverSeen,
            double top1PercentShare,
            double top10PercentShare,
            double gini,
            List<Bin> histogram,
            List<TopItem> top) {}

    record DataStats(
            String name,
            int users,
            int items,
            long interactions,
            int catalogItems,
            int categories,
            Lengths length,
            Popularity popularity,
            List<Count> topCategories) {}

    DataStats dataStats() {
        int[][] h = served.histories();
        int[] lengths = new int[h.length];
        for (int u = 0; u < h.length; u++) {
            lengths[u] = h[u].length;
        }
        Arrays.sort(lengths);
        Lengths len = lengths.length == 0
                ? new Lengths(0, 0, 0, 0, List.of())
                : new Lengths(
                        lengths[0],
                        lengths[lengths.length - 1],
                        interactions / (double) lengths.length,
                        lengths.length % 2 == 1
                                ? lengths[lengths.length / 2]
                                : (lengths[lengths.length / 2 - 1] + lengths[lengths.length / 2]) / 2.0,
                        histogram(lengths, false));
        int n = served.numItems();
        int[] pop = Arrays.copyOfRange(popularity, 1, n + 1);
        Arrays.sort(pop);
        long never = Arrays.stream(pop).filter(c -> c == 0).count();
        List<TopItem> top = new ArrayList<>();
        for (int r = 0; r < Math.min(10, n); r++) {
            int d = byPopularity[r];
            String id = served.items().external(d);
            ItemMeta m = meta(id);
            top.add(new TopItem(id, m == null ? null : m.title(), popularity[d]));
        }
        Popularity p =
                new Popularity(never, headShare(pop, 0.01), headShare(pop, 0.10), gini(pop), histogram(pop, true), top);
        Map<String, Long> cats = new HashMap<>();
        for (ItemMeta m : served.catalog().items()) {
            for (String c : m.categories()) {
                cats.merge(c, 1L, Long::sum);
            }
        }
        List<Count> topCats = cats.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(12)
                .map(e -> new Count(e.getKey(), e.getValue()))
                .toList();
        return new DataStats(
                served.info() == null ? null : served.info().dataName(),
                h.length,
                n,
                interactions,
                served.catalog().size(),
                cats.size(),
                len,
                p,
                topCats);
    }

    /** Share of all interactions that fall on the most popular {@code fraction} of items. */
    private double headShare(int[] sortedAscending, double fraction) {
        if (interactions == 0 || sortedAscending.length == 0) {
            return 0;
        }
        int head = Math.max(1, (int) Math.round(sortedAscending.length * fraction));
        long sum = 0;
        for (int i = sortedAscending.length - head; i < sortedAscending.length; i++) {
            sum += sortedAscending[i];
        }
        long all = Arrays.stream(sortedAscending).asLongStream().sum();
        return all == 0 ? 0 : sum / (double) all;
    }

    private static double gini(int[] sortedAscending) {
        int n = sortedAscending.length;
        long total = Arrays.stream(sortedAscending).asLongStream().sum();
        if (n == 0 || total == 0) {
            return 0;
        }
        double weighted = 0;
        for (int i = 0; i < n; i++) {
            weighted += (i + 1) * (double) sortedAscending[i];
        }
        return (2 * weighted) / (n * (double) total) - (n + 1) / (double) n;
    }

    /** Counts of values in the bins (…,1], (1,2], (2,3], (3,5], …; zeros get their own bin if asked. */
    private static List<Bin> histogram(int[] values, boolean zeroBin) {
        Map<Integer, Long> counts = new LinkedHashMap<>();
        long zeros = 0;
        for (int v : values) {
            if (v == 0 && zeroBin) {
                zeros++;
                continue;
            }
            int b = 0;
            while (b < BINS.length && v > BINS[b]) {
                b++;
            }
            counts.merge(b, 1L, Long::sum);
        }
        int last = counts.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        List<Bin> out = new ArrayList<>();
        if (zeroBin && zeros > 0) {
            out.add(new Bin(0, 0L, zeros));
        }
        for (int b = 0; b <= last; b++) {
            long from = b == 0 ? (zeroBin ? 1 : 0) : BINS[b - 1] + 1;
            Long to = b < BINS.length ? BINS[b] : null;
            out.add(new Bin(from, to, counts.getOrDefault(b, 0L)));
        }
        return out;
    }
}
