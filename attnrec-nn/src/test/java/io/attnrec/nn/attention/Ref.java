package io.attnrec.nn.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.Pair;
import io.attnrec.nn.Djl;

/**
 * An independent reference for the known-answer tests: plain Java doubles, row-major matrices,
 * written from the papers' formulas rather than from the DJL code under test.
 */
final class Ref {

    private Ref() {}

    /** {@code x (n, k) W^T} where {@code W (m, k)}, plus bias {@code b (m)} (may be null). */
    static double[][] linear(double[][] x, double[][] w, double[] b) {
        double[][] y = new double[x.length][w.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < w.length; j++) {
                double s = b == null ? 0 : b[j];
                for (int k = 0; k < w[j].length; k++) {
                    s += x[i][k] * w[j][k];
                }
                y[i][j] = s;
            }
        }
        return y;
    }

    static double[][] matmul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                double s = 0;
                for (int k = 0; k < b.length; k++) {
                    s += a[i][k] * b[k][j];
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    /** Row-wise softmax; entries with {@code allowed[i][j] == false} get weight 0. */
    static double[][] softmax(double[][] s, boolean[][] allowed) {
        double[][] w = new double[s.length][s[0].length];
        for (int i = 0; i < s.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < s[i].length; j++) {
                if (allowed == null || allowed[i][j]) {
                    max = Math.max(max, s[i][j]);
                }
            }
            double z = 0;
            for (int j = 0; j < s[i].length; j++) {
                if (allowed == null || allowed[i][j]) {
                    w[i][j] = Math.exp(s[i][j] - max);
                    z += w[i][j];
                }
            }
            for (int j = 0; j < s[i].length; j++) {
                w[i][j] /= z;
            }
        }
        return w;
    }

    static double[][] scale(double[][] a, double f) {
        double[][] r = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                r[i][j] = a[i][j] * f;
            }
        }
        return r;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double[][] reshape(float[] flat, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = flat[i * cols + j];
            }
        }
        return m;
    }

    static float[] flat(double[][] m) {
        float[] f = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                f[i * m[0].length + j] = (float) m[i][j];
            }
        }
        return f;
    }

    /** Deterministic small "random" weights: a fixed pattern, so the test needs no generator. */
    static double[][] pattern(int rows, int cols, double seed) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = Math.round(Math.sin(seed + 1.7 * i + 0.9 * j) * 100) / 200.0;
            }
        }
        return m;
    }

    static double[] patternVec(int n, double seed) {
        return pattern(1, n, seed)[0];
    }

    /** Initialises {@code block} with random weights for {@code shapes}, then returns it. */
    static <B extends Block> B init(B block, NDManager manager, Shape... shapes) {
        block.setInitializer(new NormalInitializer(0.1f), Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, shapes);
        return block;
    }

    /** Overwrites the parameter called {@code name} (as listed by {@code getParameters()}). */
    static void set(Block block, String name, double[][] values) {
        set(block, name, flat(values));
    }

    static void set(Block block, String name, double[] values) {
        set(block, name, flat(new double[][] {values}));
    }

    private static void set(Block block, String name, float[] values) {
        Djl.noGrad();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getKey().replaceAll("(^|_)\\d+", "$1").equals(name)) {
                NDArray array = p.getValue().getArray();
                if (array.size() != values.length) {
                    throw new IllegalArgumentException(name + " has " + array.getShape() + ", got " + values.length);
                }
                try (NDManager m = array.getManager().newSubManager()) {
                    array.set(new NDIndex(":"), m.create(values, array.getShape()));
                }
                return;
            }
        }
        throw new IllegalArgumentException(
                "no parameter " + name + " in " + block.getParameters().keys());
    }
}
