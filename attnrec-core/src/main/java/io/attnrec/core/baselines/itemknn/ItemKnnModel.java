package io.attnrec.core.baselines.itemknn;

import io.attnrec.core.baselines.HistoryItems;
import io.attnrec.core.model.BaseRecommender;
import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.ModelFiles;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Item-based k-nearest-neighbour recommender (Sarwar et al., WWW 2001; Deshpande &amp; Karypis,
 * TOIS 2004) with a shrunk cosine.
 *
 * <p>With {@code c_i} the number of training users who have item {@code i} and {@code c_ij} the
 * number who have both {@code i} and {@code j} (each user counted once per item), the similarity
 * is {@code sim(i, j) = c_ij / (sqrt(c_i c_j) + shrink)}. Each item keeps its {@code neighbors}
 * most similar items (ties by lower id). A user's score for item {@code j} is the sum of {@code
 * sim(h, j)} over the distinct items {@code h} of the history (its last {@code history_window}
 * items when set) that list {@code j} among their neighbours.
 *
 * <p>Storage is CSR: the neighbours of item {@code i} are {@code neighbors[offsets[i] ..
 * offsets[i+1])} with similarities in {@code sims}, sorted by similarity, highest first.
 * Immutable, hence safe to score from several threads. History items outside {@code
 * 1..numItems} (added after training) are ignored.
 */
final class ItemKnnModel extends BaseRecommender implements Persistable, Explainable {

    static final String NAME = "itemknn";

    private final int historyWindow;
    private final int[] offsets;
    private final int[] neighbors;
    private final float[] sims;

    ItemKnnModel(int numItems, int historyWindow, int[] offsets, int[] neighbors, float[] sims) {
        super(NAME, numItems);
        this.historyWindow = historyWindow;
        this.offsets = offsets;
        this.neighbors = neighbors;
        this.sims = sims;
    }

    /** Builds the similarity table from the training sequences. */
    public static ItemKnnModel train(TrainingData data, ItemKnnConfig config) {
        return ItemKnnTrainer.train(data, config);
    }

    /** Reads a model written by {@link #save}. */
    public static ItemKnnModel load(Path dir) throws IOException {
        ModelFiles.Meta meta = ModelFiles.readMeta(dir, NAME);
        int numItems = meta.integer("num_items");
        int window = meta.integer("history_window");
        int[] offsets = ModelFiles.readInts(dir.resolve("offsets.bin"), numItems + 2L);
        int[] neighbors = ModelFiles.readInts(dir.resolve("neighbors.bin"), -1);
        float[] sims = ModelFiles.readFloats(dir.resolve("sims.bin"), neighbors.length);
        if (offsets[0] != 0 || offsets[1] != 0 || offsets[numItems + 1] != neighbors.length) {
            throw new IOException(dir.resolve("offsets.bin") + ": offsets do not match neighbors.bin");
        }
        for (int i = 1; i <= numItems; i++) {
            if (offsets[i + 1] < offsets[i]) {
                throw new IOException(dir.resolve("offsets.bin") + ": offsets decrease at item " + i);
            }
        }
        for (int j : neighbors) {
            if (j < 1 || j > numItems) {
                throw new IOException(dir.resolve("neighbors.bin") + ": item id " + j + " out of range");
            }
        }
        return new ItemKnnModel(numItems, window, offsets, neighbors, sims);
    }

    @Override
    public void save(Path dir) throws IOException {
        ModelFiles.writeMeta(
                dir,
                NAME,
                Map.of("num_items", Integer.toString(numItems), "history_window", Integer.toString(historyWindow)));
        ModelFiles.writeInts(dir.resolve("offsets.bin"), offsets);
        ModelFiles.writeInts(dir.resolve("neighbors.bin"), neighbors);
        ModelFiles.writeFloats(dir.resolve("sims.bin"), sims);
    }

    /** {@code sim(i, j)} if {@code j} is among {@code i}'s kept neighbours, else 0. */
    public float similarity(int i, int j) {
        if (i < 1 || i > numItems) {
            return 0f;
        }
        for (int p = offsets[i]; p < offsets[i + 1]; p++) {
            if (neighbors[p] == j) {
                return sims[p];
            }
        }
        return 0f;
    }

    /** The kept neighbours of {@code item}, most similar first. */
    public int[] neighbors(int item) {
        if (item < 1 || item > numItems) {
            return new int[0];
        }
        return Arrays.copyOfRange(neighbors, offsets[item], offsets[item + 1]);
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        Recommender.requireScoreLength(scores, numItems);
        Arrays.fill(scores, 0, numItems + 1, 0f);
        // Distinct items in ascending order: a fixed summation order, so scores are reproducible.
        for (int h : distinctWindow(history)) {
            for (int p = offsets[h]; p < offsets[h + 1]; p++) {
                scores[neighbors[p]] += sims[p];
            }
        }
    }

    @Override
    public Explanation explain(int user, int[] history, int item) {
        int start = windowStart(history);
        List<Explanation.Contribution> out = new ArrayList<>();
        for (int h : distinctWindow(history)) {
            float s = similarity(h, item);
            if (s != 0f) {
                out.add(new Explanation.Contribution(h, lastPosition(history, start, h), s));
            }
        }
        out.sort(Explanation.STRONGEST_FIRST);
        return new Explanation(item, -1, out);
    }

    private int windowStart(int[] history) {
        return historyWindow > 0 ? Math.max(0, history.length - historyWindow) : 0;
    }

    private int[] distinctWindow(int[] history) {
        return HistoryItems.distinct(history, windowStart(history), numItems);
    }

    private static int lastPosition(int[] history, int start, int item) {
        for (int p = history.length - 1; p >= start; p--) {
            if (history[p] == item) {
                return p;
            }
        }
        return -1;
    }
}
