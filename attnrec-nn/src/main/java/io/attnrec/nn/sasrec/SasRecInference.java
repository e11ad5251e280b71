package io.attnrec.nn.sasrec;

import io.attnrec.core.linalg.DenseOps;
import io.attnrec.nn.seq.NewestEncoder;

/**
 * SASRec's forward pass at inference (no dropout) for one history, in plain Java, computing only
 * what the newest position's hidden vector needs: every position through the blocks before the
 * last, then in the last block the keys and values of every position but the query, attention,
 * feed-forward and final norm of the newest one alone. The arithmetic is {@link SasRecNetwork}'s
 * (pre-LN, causal attention, layer norm over the feature axis with epsilon 1e-8); the sums run
 * in another order than PyTorch's, so vectors agree to float rounding, not bit for bit.
 *
 * <p>Weights are copied out of the network once; matrices are stored transposed ({@code (in,
 * out)}), so that a product is a sequence of {@code y += x_i * row_i} updates over contiguous
 * memory ({@link DenseOps}: the JDK vector API when the JVM has it).
 */
final class SasRecInference implements NewestEncoder {

    private static final float EPSILON = 1e-8f;

    private static final DenseOps OPS = DenseOps.best();

    /**
     * One block's weights; {@code w*} and {@code g*} are {@code (in, out)}, row-major. A LiGR block
     * ({@code LayerKind.LIGR}) also has the feed-forward's second input matrix {@code w3} and the
     * gates {@code ga, gab} (attention) and {@code gf, gfb} (feed-forward); SASRec's has them null.
     * A weight without bias has a bias of zeros.
     */
    record Layer(
            float[] attentionGamma,
            float[] attentionBeta,
            float[] wq,
            float[] bq,
            float[] wk,
            float[] bk,
            float[] wv,
            float[] bv,
            float[] wo,
            float[] bo,
            float[] ffnGamma,
            float[] ffnBeta,
            float[] w1,
            float[] b1,
            float[] w2,
            float[] b2,
            float[] w3,
            float[] ga,
            float[] gab,
            float[] gf,
            float[] gfb) {

        boolean gated() {
            return ga != null;
        }
    }

    private final int dim;
    private final int heads;
    private final int maxLen;
    private final float[][] items;
    /** {@code (maxLen, D)} row-major. */
    private final float[] positions;

    private final Layer[] layers;
    private final float[] finalGamma;
    private final float[] finalBeta;

    SasRecInference(
            int dim,
            int heads,
            int maxLen,
            float[][] items,
            float[] positions,
            Layer[] layers,
            float[] finalGamma,
            float[] finalBeta) {
        if (dim % heads != 0 || positions.length != maxLen * dim || layers.length == 0) {
            throw new IllegalArgumentException("inconsistent SASRec weights");
        }
        this.dim = dim;
        this.heads = heads;
        this.maxLen = maxLen;
        this.items = items;
        this.positions = positions;
        this.layers = layers;
        this.finalGamma = finalGamma;
        this.finalBeta = finalBeta;
    }

    /** A DJL weight {@code (out, in)} row-major, transposed to {@code (in, out)}. */
    static float[] transpose(float[] w, int out, int in) {
        float[] t = new float[w.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                t[i * out + o] = w[o * in + i];
            }
        }
        return t;
    }

    @Override
    public float[] encode(int[] window) {
        int t = window.length;
        if (t < 1 || t > maxLen) {
            throw new IllegalArgumentException("window of " + t + " items, expected 1.." + maxLen);
        }
        int d = dim;
        // (T, D): E[item] * sqrt(D) + P[position], the newest item at position maxLen - 1
        float scale = (float) Math.sqrt(d);
        float[] x = new float[t * d];
        for (int c = 0; c < t; c++) {
            float[] row = items[window[c]];
            int p = (maxLen - t + c) * d;
            for (int k = 0; k < d; k++) {
                x[c * d + k] = row[k] * scale + positions[p + k];
            }
        }
        int rows = t;
        for (int l = 0; l < layers.length; l++) {
            Layer layer = layers[l];
            boolean last = l == layers.length - 1;
            // queries: every position, or in the last block only the newest
            int first = last ? t - 1 : 0;
            int queries = rows - first;
            if (layer.gated()) {
                x = ligr(layer, x, rows, first);
                rows = queries;
                continue;
            }
            float[] q = norm(x, first, queries, layer.attentionGamma, layer.attentionBeta);
            float[] keys = linear(x, 0, rows, layer.wk, layer.bk);
            float[] values = linear(x, 0, rows, layer.wv, layer.bv);
            float[] projected = linear(q, 0, queries, layer.wq, layer.bq);
            float[] attended = attend(projected, first, queries, keys, values);
            float[] out = linear(attended, 0, queries, layer.wo, layer.bo);
            // x = LN(q + attention); x = x + W2 relu(W1 x)
            for (int k = 0; k < out.length; k++) {
                out[k] += q[k];
            }
            float[] h = norm(out, 0, queries, layer.ffnGamma, layer.ffnBeta);
            float[] y = linear(h, 0, queries, layer.w1, layer.b1);
            for (int k = 0; k < y.length; k++) {
                y[k] = Math.max(y[k], 0f);
            }
            float[] z = linear(y, 0, queries, layer.w2, layer.b2);
            for (int k = 0; k < z.length; k++) {
                h[k] += z[k];
            }
            x = h;
            rows = queries;
        }
        return norm(x, rows - 1, 1, finalGamma, finalBeta);
    }

    /**
     * A LiGR block over {@code x}'s {@code rows} rows, computed for rows {@code first..rows-1}: keys,
     * values and queries all read the normalised stream, the gates the stream itself.
     */
    private float[] ligr(Layer layer, float[] x, int rows, int first) {
        int queries = rows - first;
        float[] n = norm(x, 0, rows, layer.attentionGamma, layer.attentionBeta);
        float[] keys = linear(n, 0, rows, layer.wk, layer.bk);
        float[] values = linear(n, 0, rows, layer.wv, layer.bv);
        float[] projected = linear(n, first, queries, layer.wq, layer.bq);
        float[] out = linear(attend(projected, first, queries, keys, values), 0, queries, layer.wo, layer.bo);
        float[] gate = linear(x, first, queries, layer.ga, layer.gab);
        float[] stream = new float[queries * dim];
        for (int k = 0; k < stream.length; k++) {
            stream[k] = x[first * dim + k] + sigmoid(gate[k]) * out[k];
        }
        // SwiGLU: W2 (silu(W1 z) * W3 z)
        float[] z = norm(stream, 0, queries, layer.ffnGamma, layer.ffnBeta);
        float[] a = linear(z, 0, queries, layer.w1, layer.b1);
        float[] u = linear(z, 0, queries, layer.w3, new float[layer.b1.length]);
        for (int k = 0; k < a.length; k++) {
            a[k] = a[k] * sigmoid(a[k]) * u[k];
        }
        float[] f = linear(a, 0, queries, layer.w2, layer.b2);
        float[] ffnGate = linear(stream, 0, queries, layer.gf, layer.gfb);
        for (int k = 0; k < stream.length; k++) {
            stream[k] += sigmoid(ffnGate[k]) * f[k];
        }
        return stream;
    }

    private static float sigmoid(float v) {
        return (float) (1.0 / (1.0 + Math.exp(-v)));
    }

    /** Causal attention of query rows {@code first..first+queries-1} over keys {@code 0..row}. */
    private float[] attend(float[] q, int first, int queries, float[] keys, float[] values) {
        int d = dim;
        int hd = d / heads;
        float scale = (float) (1.0 / Math.sqrt(hd));
        float[] out = new float[queries * d];
        float[] weights = new float[first + queries];
        for (int r = 0; r < queries; r++) {
            int row = first + r;
            for (int h = 0; h < heads; h++) {
                int o = h * hd;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j <= row; j++) {
                    float s = OPS.dot(q, r * d + o, keys, j * d + o, hd) * scale;
                    weights[j] = s;
                    max = Math.max(max, s);
                }
                float sum = 0;
                for (int j = 0; j <= row; j++) {
                    weights[j] = (float) Math.exp(weights[j] - max);
                    sum += weights[j];
                }
                for (int j = 0; j <= row; j++) {
                    OPS.axpy(weights[j] / sum, values, j * d + o, out, r * d + o, hd);
                }
            }
        }
        return out;
    }

    /** Rows {@code from..from+n-1} of {@code x} times {@code w (in, out)} plus {@code b}. */
    private static float[] linear(float[] x, int from, int n, float[] w, float[] b) {
        int out = b.length;
        int in = w.length / out;
        float[] y = new float[n * out];
        for (int r = 0; r < n; r++) {
            int yo = r * out;
            System.arraycopy(b, 0, y, yo, out);
            int xo = (from + r) * in;
            OPS.rowTimes(x, xo, in, w, y, yo, out);
        }
        return y;
    }

    /** Layer norm over the feature axis of rows {@code from..from+n-1}. */
    private float[] norm(float[] x, int from, int n, float[] gamma, float[] beta) {
        int d = dim;
        float[] y = new float[n * d];
        for (int r = 0; r < n; r++) {
            int o = (from + r) * d;
            double mean = 0;
            for (int k = 0; k < d; k++) {
                mean += x[o + k];
            }
            mean /= d;
            double var = 0;
            for (int k = 0; k < d; k++) {
                double c = x[o + k] - mean;
                var += c * c;
            }
            var /= d;
            float inv = (float) (1.0 / Math.sqrt(var + EPSILON));
            float m = (float) mean;
            for (int k = 0; k < d; k++) {
                y[r * d + k] = (x[o + k] - m) * inv * gamma[k] + beta[k];
            }
        }
        return y;
    }
}
