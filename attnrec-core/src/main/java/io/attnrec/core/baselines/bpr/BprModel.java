package io.attnrec.core.baselines.bpr;

import io.attnrec.core.baselines.HistoryItems;
import io.attnrec.core.model.BaseRecommender;
import io.attnrec.core.model.FactorScorer;
import io.attnrec.core.model.FactorTable;
import io.attnrec.core.model.ModelFiles;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * BPR-MF: matrix factorisation trained with Bayesian Personalized Ranking (Rendle, Freudenthaler,
 * Gantner, Schmidt-Thieme, UAI 2009). The score of item {@code i} for user {@code u} is {@code b_i
 * + <p_u, q_i>}; the paper's model has no bias, and neither has the default ({@code item_bias=false}).
 *
 * <p>Users the model never saw ({@code user = -1}, or an id beyond the training users, e.g. in
 * the user-split protocol) are folded in: {@code p_u} is the mean of the factors of the distinct
 * history items (zero for an empty history, leaving the biases). Known users are scored by their
 * trained vector alone; the history is not read.
 *
 * <p>Factors are row-major {@code float[]} ({@code users[u * dim + d]}, {@code items[i * dim +
 * d]}). Scoring walks a transposed copy of the item factors, {@code d} outermost, so the inner
 * loop is a multiply-add over all items that the JIT vectorises. Immutable, hence safe to score
 * from several threads.
 */
final class BprModel extends BaseRecommender implements Persistable, FactorScorer {

    static final String NAME = "bpr";

    private final int numUsers;
    private final int dim;
    private final float[] users;
    private final float[] items;
    private final float[] bias;
    /** {@code itemsByDim[d][i] = items[i * dim + d]}, for scoring. */
    private final float[][] itemsByDim;

    private final int epochs;

    BprModel(int numUsers, int numItems, int dim, float[] users, float[] items, float[] bias, int epochs) {
        super(NAME, numItems);
        this.numUsers = numUsers;
        this.dim = dim;
        this.users = users;
        this.items = items;
        this.itemsByDim = byDim(items, numItems + 1, dim);
        this.bias = bias;
        this.epochs = epochs;
    }

    /** {@code out[d][i] = rows[i * dim + d]}: one array per dimension, so scoring runs axpy over items. */
    private static float[][] byDim(float[] rows, int n, int dim) {
        float[][] out = new float[dim][n];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                out[d][i] = rows[i * dim + d];
            }
        }
        return out;
    }

    /**
     * Trains with {@code seed} for initialisation and sampling. {@code validation} (higher is
     * better) is called once per epoch only when {@code patience > 0}.
     */
    public static BprModel train(
            TrainingData data, BprConfig config, long seed, ToDoubleFunction<Recommender> validation) {
        return BprTrainer.train(data, config, seed, validation);
    }

    /** Reads a model written by {@link #save}. */
    public static BprModel load(Path dir) throws IOException {
        ModelFiles.Meta meta = ModelFiles.readMeta(dir, NAME);
        int numUsers = meta.integer("num_users");
        int numItems = meta.integer("num_items");
        int dim = meta.integer("dim");
        int epochs = meta.integer("epochs");
        float[] users = ModelFiles.readFloats(dir.resolve("users.bin"), (long) numUsers * dim);
        float[] items = ModelFiles.readFloats(dir.resolve("items.bin"), (long) (numItems + 1) * dim);
        float[] bias = ModelFiles.readFloats(dir.resolve("bias.bin"), numItems + 1L);
        return new BprModel(numUsers, numItems, dim, users, items, bias, epochs);
    }

    @Override
    public void save(Path dir) throws IOException {
        ModelFiles.writeMeta(
                dir,
                NAME,
                Map.of(
                        "num_users", Integer.toString(numUsers),
                        "num_items", Integer.toString(numItems),
                        "dim", Integer.toString(dim),
                        "epochs", Integer.toString(epochs)));
        ModelFiles.writeFloats(dir.resolve("users.bin"), users);
        ModelFiles.writeFloats(dir.resolve("items.bin"), items);
        ModelFiles.writeFloats(dir.resolve("bias.bin"), bias);
    }

    /** Users with factors; others are folded in from their history. */
    int numUsers() {
        return numUsers;
    }

    /** Factor size. */
    int dim() {
        return dim;
    }

    /** Epochs trained (the best epoch when early stopping chose one). */
    public int epochs() {
        return epochs;
    }

    /** A copy of user {@code u}'s factors. */
    public float[] userFactors(int u) {
        return Arrays.copyOfRange(users, u * dim, (u + 1) * dim);
    }

    /** A copy of item {@code i}'s factors. */
    public float[] itemFactors(int i) {
        return Arrays.copyOfRange(items, i * dim, (i + 1) * dim);
    }

    /** Item {@code i}'s bias (0 when biases are off). */
    public float itemBias(int i) {
        return bias[i];
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        Recommender.requireScoreLength(scores, numItems);
        float[] p = user >= 0 && user < numUsers ? userFactors(user) : foldIn(history);
        System.arraycopy(bias, 0, scores, 0, numItems + 1);
        for (int d = 0; d < dim; d++) {
            axpy(scores, itemsByDim[d], p[d], numItems + 1);
        }
        scores[0] = 0f;
    }

    /**
     * Item factors and biases in {@link #score}'s arithmetic: from the bias, one fused
     * multiply-add per dimension.
     */
    @Override
    public FactorTable factorTable() {
        float[][] rows = new float[numItems + 1][];
        for (int i = 0; i <= numItems; i++) {
            rows[i] = itemFactors(i);
        }
        return new FactorTable(rows, bias, true);
    }

    @Override
    public float[][][] userFactors(int[] users, int[][] histories) {
        float[][][] out = new float[users.length][][];
        for (int b = 0; b < users.length; b++) {
            int user = users[b];
            out[b] = new float[][] {user >= 0 && user < numUsers ? userFactors(user) : foldIn(histories[b])};
        }
        return out;
    }

    /**
     * {@code y += a x} as fused multiply-adds: the arithmetic of {@link #factorTable} (the
     * evaluator's and the server's kernel), which runs several times faster in fused form.
     */
    private static void axpy(float[] y, float[] x, float a, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = Math.fma(a, x[i], y[i]);
        }
    }

    /** Mean factors of the distinct known history items. */
    private float[] foldIn(int[] history) {
        float[] p = new float[dim];
        int[] distinct = HistoryItems.distinct(history, 0, numItems);
        if (distinct.length == 0) {
            return p;
        }
        for (int i : distinct) {
            for (int d = 0; d < dim; d++) {
                p[d] += items[i * dim + d];
            }
        }
        float inv = 1f / distinct.length;
        for (int d = 0; d < dim; d++) {
            p[d] *= inv;
        }
        return p;
    }
}
