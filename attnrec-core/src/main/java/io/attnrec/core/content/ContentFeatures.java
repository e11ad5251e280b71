package io.attnrec.core.content;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Item content as sparse feature rows (SPEC C9): title words, categories (genres, S3-Rec attribute
 * ids, synthetic topics) and attributes (year buckets, tags) become tokens, tokens are hashed into
 * {@link ContentConfig#dim()} buckets (the hashing trick: no vocabulary to store, new items need
 * nothing but their metadata), weighted binary or TF-IDF, and each row is scaled to unit length.
 *
 * <p>Tokens, all lower case: {@code w:word} for each title word of two or more letters or digits
 * that is not a stop word and not a four-digit year; {@code c:category}; {@code a:key=value} for
 * attributes, plus for a {@code year} attribute the buckets {@code a:decade=1990} and {@code
 * a:half=1995} (five years); a {@code tags} attribute is split into {@code t:word} tokens. A token
 * counts once per item. The hash is FNV-1a over the token's UTF-8 bytes, finished with a MurmurHash3
 * mix, so bucket assignment is the same on every machine and run.
 *
 * <p>Rows are indexed by dense item id ({@code 1..numItems}; row 0 is empty) and stored as CSR
 * arrays: row {@code i} holds columns {@code cols[rowPtr[i]..rowPtr[i+1])}, ascending. Items without
 * metadata have empty rows. Immutable.
 */
public final class ContentFeatures {

    private static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "by", "de", "for", "from", "in", "is", "it", "la", "le", "of",
            "on", "or", "the", "to", "with");

    private final ContentConfig config;
    private final int numItems;
    private final int[] rowPtr;
    private final int[] cols;
    private final float[] vals;
    /** Squared row lengths, computed once: scoring divides by them for every item. */
    private final double[] squaredNorms;
    /** Items per bucket (the IDF's document frequency), built on first {@link #encode}. */
    private volatile int[] documentFrequencies;

    private ContentFeatures(ContentConfig config, int numItems, int[] rowPtr, int[] cols, float[] vals) {
        this.config = config;
        this.numItems = numItems;
        this.rowPtr = rowPtr;
        this.cols = cols;
        this.vals = vals;
        this.squaredNorms = new double[numItems + 1];
        for (int i = 0; i <= numItems; i++) {
            double s = 0;
            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
                s += (double) vals[k] * vals[k];
            }
            squaredNorms[i] = s;
        }
    }

    /** Builds the rows of every item of {@code items} from its metadata in {@code catalog}. */
    public static ContentFeatures build(ItemCatalog catalog, IdMap items, ContentConfig config) {
        if (items.offset() != 1) {
            throw new IllegalArgumentException("content features need an item id map with padding (ids from 1)");
        }
        int n = items.size();
        // Per item: bucket -> summed field weight (TreeMap keeps columns ascending).
        List<TreeMap<Integer, Double>> rows = new ArrayList<>(n + 1);
        rows.add(new TreeMap<>());
        int[] df = new int[config.dim()];
        int withFeatures = 0;
        for (int i = 1; i <= n; i++) {
            TreeMap<Integer, Double> row = new TreeMap<>();
            ItemMeta meta = catalog.get(items.external(i)).orElse(null);
            if (meta != null) {
                for (Map.Entry<String, Double> t : tokens(meta, config).entrySet()) {
                    row.merge(bucket(t.getKey(), config.dim()), t.getValue(), Double::sum);
                }
            }
            for (int b : row.keySet()) {
                df[b]++;
            }
            withFeatures += row.isEmpty() ? 0 : 1;
            rows.add(row);
        }
        int[] rowPtr = new int[n + 2];
        int nnz = 0;
        for (int i = 0; i <= n; i++) {
            nnz += rows.get(i).size();
            rowPtr[i + 1] = nnz;
        }
        int[] cols = new int[nnz];
        float[] vals = new float[nnz];
        for (int i = 0; i <= n; i++) {
            int p = rowPtr[i];
            double norm = 0;
            for (Map.Entry<Integer, Double> e : rows.get(i).entrySet()) {
                double v = e.getValue();
                if (config.weighting() == ContentConfig.Weighting.TFIDF) {
                    v *= Math.log((1.0 + withFeatures) / (1.0 + df[e.getKey()])) + 1;
                }
                cols[p] = e.getKey();
                vals[p] = (float) v;
                norm += v * v;
                p++;
            }
            if (config.normalize() && norm > 0) {
                double inv = 1 / Math.sqrt(norm);
                for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
                    vals[k] = (float) (vals[k] * inv);
                }
            }
        }
        return new ContentFeatures(config, n, rowPtr, cols, vals);
    }

    /** Rebuilds features from stored CSR arrays (a saved model); the arrays are checked. */
    static ContentFeatures of(ContentConfig config, int numItems, int[] rowPtr, int[] cols, float[] vals) {
        checkRows("content features", numItems, config.dim(), rowPtr, cols, vals);
        return new ContentFeatures(config, numItems, rowPtr, cols, vals);
    }

    /**
     * Checks the CSR arrays of per-item sparse rows (item {@code i}'s entries are {@code
     * rowPtr[i]..rowPtr[i+1]}, rows 0..numItems): {@code rowPtr} of length {@code numItems + 2}
     * non-decreasing from 0 to {@code cols.length}, every column in {@code 0..width-1}. Also used by
     * the neural models' item content; {@code what} names the arrays in the one-line error.
     */
    public static void checkRows(String what, int numItems, int width, int[] rowPtr, int[] cols, float[] vals) {
        if (rowPtr.length != numItems + 2
                || rowPtr[0] != 0
                || rowPtr[numItems + 1] != cols.length
                || cols.length != vals.length) {
            throw new IllegalArgumentException(what + ": row pointers do not match " + numItems + " items");
        }
        for (int i = 0; i <= numItems; i++) {
            if (rowPtr[i + 1] < rowPtr[i]) {
                throw new IllegalArgumentException(what + ": row pointers decrease at item " + i);
            }
        }
        for (int c : cols) {
            if (c < 0 || c >= width) {
                throw new IllegalArgumentException(what + ": column " + c + " outside 0.." + (width - 1));
            }
        }
    }

    /**
     * One sparse feature row: columns ascending, values in column order.
     *
     * @param columns bucket indices
     * @param values feature values
     */
    public record Row(int[] columns, float[] values) {
        public Row {
            if (columns.length != values.length) {
                throw new IllegalArgumentException(columns.length + " columns but " + values.length + " values");
            }
        }

        /** True when the row has no feature. */
        public boolean isEmpty() {
            return columns.length == 0;
        }
    }

    /**
     * The row an item with metadata {@code meta} would have had if it had been in the catalogue
     * these features were built from: same tokens, buckets and weighting, with the inverse
     * document frequencies of the built items (fixed at build time, as the model using them was).
     * So {@code encode} of a built item's own metadata gives exactly its stored row, and an item
     * added later (issue 16: {@code PUT /v1/items/{id}}) gets a row comparable with the others.
     */
    public Row encode(ItemMeta meta) {
        int[] df = documentFrequencies;
        if (df == null) {
            df = frequencies(config.dim(), rowPtr, cols);
            documentFrequencies = df;
        }
        return encode(meta, config, df, rowsWithFeatures(rowPtr));
    }

    /**
     * As {@link #encode(ItemMeta)} for features given as CSR arrays elsewhere (a neural model's
     * saved content): {@code df[b]} items had bucket {@code b}, {@code withFeatures} items had any.
     */
    public static Row encode(ItemMeta meta, ContentConfig config, int[] df, int withFeatures) {
        // the same steps, in the same order and precision, as build(): equal inputs, equal floats
        TreeMap<Integer, Double> row = new TreeMap<>();
        for (Map.Entry<String, Double> t : tokens(meta, config).entrySet()) {
            row.merge(bucket(t.getKey(), config.dim()), t.getValue(), Double::sum);
        }
        int[] c = new int[row.size()];
        float[] v = new float[row.size()];
        int p = 0;
        double norm = 0;
        for (Map.Entry<Integer, Double> e : row.entrySet()) {
            double x = e.getValue();
            if (config.weighting() == ContentConfig.Weighting.TFIDF) {
                x *= Math.log((1.0 + withFeatures) / (1.0 + df[e.getKey()])) + 1;
            }
            c[p] = e.getKey();
            v[p] = (float) x;
            norm += x * x;
            p++;
        }
        if (config.normalize() && norm > 0) {
            double inv = 1 / Math.sqrt(norm);
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) (v[k] * inv);
            }
        }
        return new Row(c, v);
    }

    /** Items per bucket of CSR features (columns within a row are distinct). */
    static int[] frequencies(int dim, int[] rowPtr, int[] cols) {
        int[] df = new int[dim];
        for (int k = 0; k < rowPtr[rowPtr.length - 1]; k++) {
            df[cols[k]]++;
        }
        return df;
    }

    /** Rows with at least one feature. */
    static int rowsWithFeatures(int[] rowPtr) {
        int n = 0;
        for (int i = 0; i + 1 < rowPtr.length; i++) {
            n += rowPtr[i + 1] > rowPtr[i] ? 1 : 0;
        }
        return n;
    }

    /** Dot product of {@code item}'s row with a sparse row. */
    public double dot(int item, Row row) {
        int i = rowPtr[item];
        int ie = rowPtr[item + 1];
        int j = 0;
        int[] rc = row.columns();
        float[] rv = row.values();
        double s = 0;
        while (i < ie && j < rc.length) {
            if (cols[i] == rc[j]) {
                s += vals[i++] * rv[j++];
            } else if (cols[i] < rc[j]) {
                i++;
            } else {
                j++;
            }
        }
        return s;
    }

    /**
     * The tokens of one item and their field weights (before hashing and IDF), in a stable order.
     * A field with weight 0 contributes nothing.
     */
    static Map<String, Double> tokens(ItemMeta meta, ContentConfig config) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (config.titleWeight() > 0 && meta.title() != null) {
            for (String w : words(meta.title())) {
                if (w.length() >= 2 && !STOP_WORDS.contains(w) && !isYear(w)) {
                    out.putIfAbsent("w:" + w, config.titleWeight());
                }
            }
        }
        if (config.categoryWeight() > 0) {
            for (String c : meta.categories()) {
                String t = c.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    out.putIfAbsent("c:" + t, config.categoryWeight());
                }
            }
        }
        if (config.attributeWeight() > 0) {
            for (Map.Entry<String, String> a : new TreeMap<>(meta.attributes()).entrySet()) {
                String key = a.getKey().trim().toLowerCase(Locale.ROOT);
                String value = a.getValue() == null ? "" : a.getValue().trim().toLowerCase(Locale.ROOT);
                if (value.isEmpty()) {
                    continue;
                }
                if (key.equals("tags")) {
                    for (String w : words(value)) {
                        if (w.length() >= 2 && !STOP_WORDS.contains(w)) {
                            out.putIfAbsent("t:" + w, config.attributeWeight());
                        }
                    }
                    continue;
                }
                out.putIfAbsent("a:" + key + "=" + value, config.attributeWeight());
                if (key.equals("year") && isYear(value)) {
                    int y = Integer.parseInt(value);
                    out.putIfAbsent("a:decade=" + (y / 10 * 10), config.attributeWeight());
                    out.putIfAbsent("a:half=" + (y / 5 * 5), config.attributeWeight());
                }
            }
        }
        return out;
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT);
        for (int k = 0; k <= lower.length(); k++) {
            char ch = k < lower.length() ? lower.charAt(k) : ' ';
            if (Character.isLetterOrDigit(ch)) {
                sb.append(ch);
            } else if (sb.length() > 0) {
                out.add(sb.toString());
                sb.setLength(0);
            }
        }
        return out;
    }

    private static boolean isYear(String s) {
        if (s.length() != 4) {
            return false;
        }
        for (int k = 0; k < 4; k++) {
            if (!Character.isDigit(s.charAt(k))) {
                return false;
            }
        }
        int y = Integer.parseInt(s);
        return y >= 1800 && y <= 2100;
    }

    /** The bucket of {@code token}: FNV-1a (32 bit) over its UTF-8 bytes, MurmurHash3's final mix, mod dim. */
    public static int bucket(String token, int dim) {
        int h = 0x811c9dc5;
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return (int) Long.remainderUnsigned(h & 0xffffffffL, dim);
    }

    public ContentConfig config() {
        return config;
    }

    /** Number of feature columns (hash buckets). */
    public int dim() {
        return config.dim();
    }

    public int numItems() {
        return numItems;
    }

    /** True when {@code item} has at least one feature. */
    public boolean hasFeatures(int item) {
        return item >= 1 && item <= numItems && rowPtr[item + 1] > rowPtr[item];
    }

    /** Number of stored features. */
    public int nonZeros() {
        return cols.length;
    }

    /** CSR row pointers, length {@code numItems + 2} (a copy). */
    public int[] rowPointers() {
        return rowPtr.clone();
    }

    /** CSR column indices (a copy). */
    public int[] columnIndices() {
        return cols.clone();
    }

    /** CSR values (a copy). */
    public float[] values() {
        return vals.clone();
    }

    /** Columns of {@code item}'s row (a copy), ascending. */
    public int[] columns(int item) {
        return Arrays.copyOfRange(cols, rowPtr[item], rowPtr[item + 1]);
    }

    /** Values of {@code item}'s row (a copy), in column order. */
    float[] rowValues(int item) {
        return Arrays.copyOfRange(vals, rowPtr[item], rowPtr[item + 1]);
    }

    /** Adds {@code scale} times {@code item}'s row to the dense vector {@code out} (length {@link #dim()}). */
    public void addRow(int item, double scale, float[] out) {
        for (int k = rowPtr[item]; k < rowPtr[item + 1]; k++) {
            out[cols[k]] += (float) (scale * vals[k]);
        }
    }

    /** Dot product of {@code item}'s row with the dense vector {@code v}. */
    public double dot(int item, float[] v) {
        double s = 0;
        for (int k = rowPtr[item]; k < rowPtr[item + 1]; k++) {
            s += vals[k] * v[cols[k]];
        }
        return s;
    }

    /** Dot product of two rows (the cosine when rows are normalised). */
    public double dot(int a, int b) {
        int i = rowPtr[a];
        int j = rowPtr[b];
        int ie = rowPtr[a + 1];
        int je = rowPtr[b + 1];
        double s = 0;
        while (i < ie && j < je) {
            if (cols[i] == cols[j]) {
                s += vals[i++] * vals[j++];
            } else if (cols[i] < cols[j]) {
                i++;
            } else {
                j++;
            }
        }
        return s;
    }

    /** Squared length of {@code item}'s row. */
    double squaredNorm(int item) {
        return squaredNorms[item];
    }

    int[] rowPtrArray() {
        return rowPtr;
    }

    int[] colsArray() {
        return cols;
    }

    float[] valsArray() {
        return vals;
    }
}
