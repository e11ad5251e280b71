package io.attnrec.nn.train;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * AdamW's state at the end of a training: the bias-correction count and each trainable
 * parameter's first and second moments, in the checkpoint's order. Saved beside a model's weights
 * so that a warm start continues the optimiser instead of restarting it (issue 16's warm start:
 * "optimizer state for new rows starts fresh", the other rows' carries on).
 *
 * @param steps updates behind the moments (the bias correction resumes from here)
 * @param params one entry per trainable parameter
 */
public record OptimizerState(int steps, List<Moments> params) {

    /** The file a model directory keeps it in. */
    public static final String FILE = "optimizer.bin";

    private static final int MAGIC = 0x4f505431; // "OPT1"

    /**
     * One parameter's moments.
     *
     * @param name the parameter's name in its block
     * @param shape the parameter's shape
     * @param mean the first moment, row-major, as many values as the shape holds
     * @param variance the second moment, likewise
     */
    public record Moments(String name, long[] shape, float[] mean, float[] variance) {

        public Moments {
            long size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            if (mean.length != size || variance.length != size) {
                throw new IllegalArgumentException("parameter " + name + " of shape " + Arrays.toString(shape)
                        + " needs " + size + " moments, got " + mean.length + " and " + variance.length);
            }
        }
    }

    public OptimizerState {
        if (steps < 0) {
            throw new IllegalArgumentException("an optimiser's steps must be >= 0, got " + steps);
        }
        params = List.copyOf(params);
    }

    /**
     * This state for a grown copy of its network ({@link io.attnrec.nn.model.GrownWeights#copy}):
     * every parameter's moments as they are, except the item table's (the first parameter), which
     * grows to {@code rows} rows. Rows {@code 0..parentItems} keep theirs; the others (new items and
     * spare rows) start fresh, with no momentum and, as second moment, the mean of the known items'
     * rows per column: zero would make their first steps several times the rate (the bias
     * correction has long ended), the mean puts them on the table's scale.
     *
     * @throws IllegalArgumentException when the table would shrink below the known items or lose
     *     its width
     */
    public OptimizerState grown(int parentItems, long rows) {
        if (params.isEmpty()) {
            return this;
        }
        Moments table = params.get(0);
        if (table.shape().length != 2 || rows < parentItems + 1 || table.shape()[0] < parentItems + 1) {
            throw new IllegalArgumentException("cannot grow the item table's moments " + Arrays.toString(table.shape())
                    + " with " + parentItems + " known items to " + rows + " rows");
        }
        int dim = (int) table.shape()[1];
        int kept = (parentItems + 1) * dim;
        float[] mean = new float[Math.toIntExact(rows * dim)];
        float[] variance = new float[mean.length];
        System.arraycopy(table.mean(), 0, mean, 0, kept);
        System.arraycopy(table.variance(), 0, variance, 0, kept);
        double[] columnMean = new double[dim];
        // row 0 is the padding item, never a real one
        for (int row = 1; row <= parentItems; row++) {
            for (int d = 0; d < dim; d++) {
                columnMean[d] += table.variance()[row * dim + d];
            }
        }
        for (int d = 0; d < dim; d++) {
            columnMean[d] /= Math.max(1, parentItems);
        }
        for (int i = kept; i < variance.length; i++) {
            variance[i] = (float) columnMean[i % dim];
        }
        List<Moments> out = new ArrayList<>(params);
        out.set(0, new Moments(table.name(), new long[] {rows, dim}, mean, variance));
        return new OptimizerState(steps, out);
    }

    /** Writes the state to {@code file} (a model directory's {@link #FILE}). */
    public void write(Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
            out.writeInt(MAGIC);
            out.writeInt(steps);
            out.writeInt(params.size());
            for (Moments p : params) {
                out.writeUTF(p.name());
                out.writeInt(p.shape().length);
                for (long d : p.shape()) {
                    out.writeLong(d);
                }
                for (float v : p.mean()) {
                    out.writeFloat(v);
                }
                for (float v : p.variance()) {
                    out.writeFloat(v);
                }
            }
        }
    }

    /**
     * Reads a state written by {@link #write}.
     *
     * @throws IOException naming the file when it is not such a state or ends early
     */
    public static OptimizerState read(Path file) throws IOException {
        try (InputStream is = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + ": not an attnrec optimiser state");
            }
            int steps = in.readInt();
            int count = in.readInt();
            if (steps < 0 || count < 0) {
                throw new IOException(file + ": corrupt header (steps " + steps + ", parameters " + count + ")");
            }
            List<Moments> params = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int rank = in.readInt();
                if (rank < 0 || rank > 8) {
                    throw new IOException(file + ": parameter " + name + " has rank " + rank);
                }
                long[] shape = new long[rank];
                long size = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = in.readLong();
                    if (shape[d] < 0 || (size *= shape[d]) > Integer.MAX_VALUE - 8) {
                        throw new IOException(file + ": parameter " + name + " has shape " + Arrays.toString(shape));
                    }
                }
                float[] mean = floats(in, (int) size);
                float[] variance = floats(in, (int) size);
                params.add(new Moments(name, shape, mean, variance));
            }
            return new OptimizerState(steps, params);
        } catch (EOFException e) {
            throw new IOException(file + ": ends before the optimiser state does", e);
        }
    }

    private static float[] floats(DataInputStream in, int n) throws IOException {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = in.readFloat();
        }
        return out;
    }
}
