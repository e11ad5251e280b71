package io.attnrec.core.model;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The on-disk format of the baseline models: one text file {@value #META} with the model name,
 * the format version and the settings needed to score ({@code key=value} lines), plus raw arrays
 * in small binary files.
 *
 * <p>An array file is a 16-byte header (the bytes {@code ATRN}, a type byte {@code F} or {@code I},
 * three zero bytes, the element count as a little-endian long) followed by the elements in
 * little-endian order. Floats are written by their raw bits, so a reloaded model scores
 * bit-for-bit as the saved one.
 */
public final class ModelFiles {

    /** Name of the settings file inside a model directory. */
    public static final String META = "model.properties";

    /** Version of this layout; bumped on any incompatible change. */
    public static final int FORMAT = 1;

    private static final int HEADER = 16;
    private static final int CHUNK = 1 << 20;

    private ModelFiles() {}

    /** Writes {@value #META}: {@code model}, {@code format}, then {@code values} sorted by key. */
    public static void writeMeta(Path dir, String model, Map<String, String> values) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(META), StandardCharsets.UTF_8)) {
            w.write("model=" + model + "\n");
            w.write("format=" + FORMAT + "\n");
            for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
                String v = e.getValue();
                if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || e.getKey().indexOf('=') >= 0) {
                    throw new IllegalArgumentException("setting " + e.getKey() + " cannot be stored on one line");
                }
                w.write(e.getKey() + "=" + v + "\n");
            }
        }
    }

    /**
     * Reads {@value #META} and checks that it belongs to {@code expectedModel} and this format.
     *
     * @throws IOException with a one-line message when the file is missing or belongs to another
     *     model or format
     */
    public static Meta readMeta(Path dir, String expectedModel) throws IOException {
        Path file = dir.resolve(META);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": missing; not a saved '" + expectedModel + "' model directory");
        }
        Map<String, String> values = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw new IOException(file + ":" + n + ": expected key=value");
                }
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        Meta meta = new Meta(file, values);
        String model = meta.string("model");
        if (!model.equals(expectedModel)) {
            throw new IOException(file + ": holds a '" + model + "' model, not '" + expectedModel + "'");
        }
        int format = meta.integer("format");
        if (format != FORMAT) {
            throw new IOException(
                    file + ": format " + format + " is not supported (this version reads " + FORMAT + ")");
        }
        return meta;
    }

    /** Writes {@code data} as an array file. */
    public static void writeFloats(Path file, float[] data) throws IOException {
        try (FileChannel ch = open(file)) {
            ch.write(header('F', data.length));
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (int off = 0; off < data.length; ) {
                int len = Math.min(CHUNK / Float.BYTES, data.length - off);
                buf.clear();
                buf.asFloatBuffer().put(data, off, len);
                buf.limit(len * Float.BYTES);
                writeFully(ch, buf);
                off += len;
            }
        }
    }

    /** Writes {@code data} as an array file. */
    public static void writeInts(Path file, int[] data) throws IOException {
        try (FileChannel ch = open(file)) {
            ch.write(header('I', data.length));
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (int off = 0; off < data.length; ) {
                int len = Math.min(CHUNK / Integer.BYTES, data.length - off);
                buf.clear();
                buf.asIntBuffer().put(data, off, len);
                buf.limit(len * Integer.BYTES);
                writeFully(ch, buf);
                off += len;
            }
        }
    }

    /**
     * Writes the rows of a dense matrix (all of the same length) as one array file, row after row,
     * so the file can be larger than one Java array.
     */
    public static void writeFloatRows(Path file, float[][] rows, int cols) throws IOException {
        try (FileChannel ch = open(file)) {
            ch.write(header('F', (long) rows.length * cols));
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] row : rows) {
                if (row.length != cols) {
                    throw new IllegalArgumentException("row length " + row.length + " != " + cols);
                }
                for (int off = 0; off < cols; ) {
                    int len = Math.min(CHUNK / Float.BYTES, cols - off);
                    buf.clear();
                    buf.asFloatBuffer().put(row, off, len);
                    buf.limit(len * Float.BYTES);
                    writeFully(ch, buf);
                    off += len;
                }
            }
        }
    }

    /** Reads a {@code rows x cols} matrix written by {@link #writeFloatRows}. */
    public static float[][] readFloatRows(Path file, int rows, int cols) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            readHeaderLong(file, ch, 'F', Float.BYTES, (long) rows * cols);
            float[][] out = new float[rows][cols];
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] row : out) {
                for (int off = 0; off < cols; ) {
                    int len = Math.min(CHUNK / Float.BYTES, cols - off);
                    readFully(file, ch, buf, len * Float.BYTES);
                    buf.asFloatBuffer().get(row, off, len);
                    off += len;
                }
            }
            return out;
        }
    }

    /**
     * Reads an array file written by {@link #writeFloats}.
     *
     * @param expectedLength the element count the caller needs, or -1 for any
     */
    public static float[] readFloats(Path file, long expectedLength) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int n = readHeader(file, ch, 'F', Float.BYTES, expectedLength);
            float[] out = new float[n];
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (int off = 0; off < n; ) {
                int len = Math.min(CHUNK / Float.BYTES, n - off);
                readFully(file, ch, buf, len * Float.BYTES);
                buf.asFloatBuffer().get(out, off, len);
                off += len;
            }
            return out;
        }
    }

    /**
     * Reads an array file written by {@link #writeInts}.
     *
     * @param expectedLength the element count the caller needs, or -1 for any
     */
    public static int[] readInts(Path file, long expectedLength) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int n = readHeader(file, ch, 'I', Integer.BYTES, expectedLength);
            int[] out = new int[n];
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (int off = 0; off < n; ) {
                int len = Math.min(CHUNK / Integer.BYTES, n - off);
                readFully(file, ch, buf, len * Integer.BYTES);
                buf.asIntBuffer().get(out, off, len);
                off += len;
            }
            return out;
        }
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    private static ByteBuffer header(char type, long length) {
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        h.put((byte) 'A').put((byte) 'T').put((byte) 'R').put((byte) 'N');
        h.put((byte) type).put((byte) 0).put((byte) 0).put((byte) 0);
        h.putLong(length);
        h.flip();
        return h;
    }

    private static int readHeader(Path file, FileChannel ch, char type, int width, long expectedLength)
            throws IOException {
        long n = readHeaderLong(file, ch, type, width, expectedLength);
        if (n > Integer.MAX_VALUE - 16) {
            throw new IOException(file + ": " + n + " values do not fit one array");
        }
        return (int) n;
    }

    private static long readHeaderLong(Path file, FileChannel ch, char type, int width, long expectedLength)
            throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, h, HEADER);
        if (h.get() != 'A' || h.get() != 'T' || h.get() != 'R' || h.get() != 'N') {
            throw new IOException(file + ": not an attnrec array file");
        }
        char actual = (char) h.get();
        if (actual != type) {
            throw new IOException(file + ": holds '" + actual + "' values, expected '" + type + "'");
        }
        h.position(8);
        long n = h.getLong();
        if (n < 0 || n > (Long.MAX_VALUE - HEADER) / width) {
            throw new IOException(file + ": bad element count " + n);
        }
        if (expectedLength >= 0 && n != expectedLength) {
            throw new IOException(file + ": holds " + n + " values, expected " + expectedLength);
        }
        if (ch.size() != HEADER + n * width) {
            throw new IOException(file + ": size " + ch.size() + " bytes does not match its " + n + " values");
        }
        return n;
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static void readFully(Path file, FileChannel ch, ByteBuffer buf, int bytes) throws IOException {
        buf.clear();
        buf.limit(bytes);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new IOException(file + ": ends early");
            }
        }
        buf.flip();
    }

    /**
     * The settings read from {@value #META}, with typed getters that fail with the file name.
     *
     * @param file where they were read from
     * @param values key to value, in file order
     */
    public record Meta(Path file, Map<String, String> values) {

        public Meta {
            values = Map.copyOf(values);
        }

        public String string(String key) throws IOException {
            String v = values.get(key);
            if (v == null) {
                throw new IOException(file + ": missing setting '" + key + "'");
            }
            return v;
        }

        public int integer(String key) throws IOException {
            String v = string(key);
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IOException(file + ": setting " + key + "=" + v + " is not an integer", e);
            }
        }

        public double real(String key) throws IOException {
            String v = string(key);
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IOException(file + ": setting " + key + "=" + v + " is not a number", e);
            }
        }

        public boolean bool(String key) throws IOException {
            String v = string(key);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IOException(file + ": setting " + key + "=" + v + " is not true or false");
            }
            return Boolean.parseBoolean(v);
        }
    }
}
