package io.attnrec.nn.content;

import io.attnrec.core.content.ContentFeatures;
import io.attnrec.core.model.TrainingData;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a content-aware network knows about its items, fixed at training time: each item's sparse
 * feature row (CSR: row {@code i} holds columns {@code cols[rowPtr[i]..rowPtr[i+1])}; row 0, the
 * padding, is empty) and whether the item had training events ("warm"). Only warm items keep
 * their ID embedding: a cold item's ID row never received a positive gradient (and, with a full
 * softmax, only negative ones), so it would add noise or a learned "never chosen" penalty to a
 * row that should be content only.
 *
 * <p>Saved beside the weights ({@link #write}) rather than rebuilt from the artifact's catalogue on
 * load: a model directory is then self-contained, and a later change to the tokenizer or to the
 * catalogue cannot change a saved model's scores. Immutable.
 */
public final class ItemContent {

    /** File name in a model directory. */
    public static final String FILE = "content.bin";

    private static final int MAGIC = 0x41524343; // "ARCC"
    private static final int FORMAT = 1;

    private final int numItems;
    private final int buckets;
    private final int[] rowPtr;
    private final int[] cols;
    private final float[] vals;
    private final boolean[] warm;

    /**
     * Checks and keeps the arrays (not copied).
     *
     * @param rowPtr length {@code numItems + 2}, non-decreasing from 0 to {@code cols.length}
     * @param warm length {@code numItems + 1}; {@code warm[0]} must be false (padding)
     */
    ItemContent(int numItems, int buckets, int[] rowPtr, int[] cols, float[] vals, boolean[] warm) {
        if (numItems < 1 || buckets < 1) {
            throw new IllegalArgumentException(
                    "item content needs items and buckets, got " + numItems + " and " + buckets);
        }
        ContentFeatures.checkRows("item content", numItems, buckets, rowPtr, cols, vals);
        if (rowPtr[1] != 0) {
            // row 0 is padding: it has no features
            throw new IllegalArgumentException("item content: row pointers do not match " + numItems + " items");
        }
        for (float v : vals) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("item content: a feature value is not finite");
            }
        }
        if (warm.length != numItems + 1 || warm[0]) {
            throw new IllegalArgumentException("item content: warm flags do not match " + numItems + " items");
        }
        this.numItems = numItems;
        this.buckets = buckets;
        this.rowPtr = rowPtr;
        this.cols = cols;
        this.vals = vals;
        this.warm = warm;
    }

    /**
     * The features of every item of {@code data} from its catalogue ({@link
     * ContentOptions#featureConfig()}), and which items occur in its training sequences.
     *
     * @throws IllegalArgumentException when the data has no item metadata
     */
    public static ItemContent build(TrainingData data, ContentOptions options) {
        if (data.catalog().isEmpty()) {
            throw new IllegalArgumentException(
                    "content=true needs item metadata (titles, categories or attributes)," + " but the data has none");
        }
        ContentFeatures f = ContentFeatures.build(data.catalog(), data.items(), options.featureConfig());
        int[] counts = data.itemCounts();
        boolean[] warm = new boolean[data.numItems() + 1];
        for (int i = 1; i <= data.numItems(); i++) {
            warm[i] = counts[i] > 0;
        }
        return new ItemContent(
                data.numItems(), options.buckets(), f.rowPointers(), f.columnIndices(), f.values(), warm);
    }

    public int numItems() {
        return numItems;
    }

    /** Feature columns F (hash buckets). */
    public int buckets() {
        return buckets;
    }

    /** Number of stored features. */
    public int nonZeros() {
        return cols.length;
    }

    /** True when {@code item} has at least one feature. */
    public boolean hasFeatures(int item) {
        return item >= 1 && item <= numItems && rowPtr[item + 1] > rowPtr[item];
    }

    /** True when {@code item} occurred in the training sequences (it keeps its ID embedding). */
    boolean isWarm(int item) {
        return item >= 1 && item <= numItems && warm[item];
    }

    /** Number of warm items. */
    int numWarm() {
        int n = 0;
        for (boolean w : warm) {
            n += w ? 1 : 0;
        }
        return n;
    }

    /** COO indices {@code [rows, cols]} of the features, row-major (the order of the CSR arrays). */
    long[][] cooIndices() {
        long[] rows = new long[cols.length];
        long[] cs = new long[cols.length];
        for (int i = 0; i <= numItems; i++) {
            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
                rows[k] = i;
                cs[k] = cols[k];
            }
        }
        return new long[][] {rows, cs};
    }

    /** Feature values in COO order. */
    float[] cooValues() {
        return vals.clone();
    }

    /** 1 for warm items, 0 for cold items and the padding row; length {@code numItems + 1}. */
    float[] idMask() {
        float[] m = new float[numItems + 1];
        for (int i = 1; i <= numItems; i++) {
            m[i] = warm[i] ? 1f : 0f;
        }
        return m;
    }

    /** Writes {@code dir/content.bin}. */
    public void write(Path dir) throws IOException {
        try (OutputStream os = Files.newOutputStream(dir.resolve(FILE));
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(numItems);
            out.writeInt(buckets);
            out.writeInt(cols.length);
            for (int p : rowPtr) {
                out.writeInt(p);
            }
            for (int c : cols) {
                out.writeInt(c);
            }
            for (float v : vals) {
                out.writeFloat(v);
            }
            for (int i = 0; i <= numItems; i++) {
                out.writeBoolean(warm[i]);
            }
        }
    }

    /**
     * Reads {@code dir/content.bin} written by {@link #write}.
     *
     * @throws IOException when the file is missing, truncated, or does not describe {@code
     *     expectedItems} items with {@code expectedBuckets} buckets
     */
    public static ItemContent read(Path dir, int expectedItems, int expectedBuckets) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": missing (the model was trained with content=true)");
        }
        try (InputStream is = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                throw new IOException(file + ": not an item content file of format " + FORMAT);
            }
            int n = in.readInt();
            int buckets = in.readInt();
            int nnz = in.readInt();
            if (n != expectedItems || buckets != expectedBuckets || nnz < 0) {
                throw new IOException(file + ": holds " + n + " items and " + buckets + " buckets, the model has "
                        + expectedItems + " and " + expectedBuckets);
            }
            int[] rowPtr = new int[n + 2];
            for (int i = 0; i < rowPtr.length; i++) {
                rowPtr[i] = in.readInt();
            }
            int[] cols = new int[nnz];
            for (int k = 0; k < nnz; k++) {
                cols[k] = in.readInt();
            }
            float[] vals = new float[nnz];
            for (int k = 0; k < nnz; k++) {
                vals[k] = in.readFloat();
            }
            boolean[] warm = new boolean[n + 1];
            for (int i = 0; i <= n; i++) {
                warm[i] = in.readBoolean();
            }
            if (in.read() != -1) {
                throw new IOException(file + ": trailing bytes after the item content");
            }
            return new ItemContent(n, buckets, rowPtr, cols, vals, warm);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated", e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
