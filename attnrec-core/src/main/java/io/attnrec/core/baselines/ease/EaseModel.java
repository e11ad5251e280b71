package io.attnrec.core.baselines.ease;

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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.ToDoubleFunction;

/**
 * EASE, the embarrassingly shallow autoencoder (Steck, "Embarrassingly Shallow Autoencoders for
 * Sparse Data", WWW 2019).
 *
 * <p>With {@code X} the binary user-item training matrix, the item-item weights are the closed
 * form {@code B = I - P diag(1 / diag P)}, {@code P = (X^T X + lambda I)^-1}, which has a zero
 * diagonal (an item may not predict itself). A user's scores are {@code x^T B}: the sum of the
 * rows of {@code B} of the distinct items in the history. The paper's notation maps to the code
 * as {@code G = X^T X} ({@code EaseTrainer}), {@code P} (inverted in place by {@code SpdInverse}),
 * {@code B} ({@link #weight}).
 *
 * <p><b>Restriction to popular items.</b> {@code B} is dense: {@code n} items need an {@code n x
 * n} inverse ({@code n³} work, {@code 8n²} bytes while fitting). So the model covers only the
 * {@code max_items} items with the most training users (default 10,000: the inverse takes about
 * 40 CPU-seconds, some 20 s on two idle cores, and 1.2 GB of arrays); this differs from the paper,
 * which inverts the whole catalogue. Items outside that
 * set never influence a score and are scored just below the lowest covered item, so they rank
 * last (ties among them) while every score stays finite. History items outside the set, or
 * outside {@code 1..numItems}, are ignored.
 *
 * <p>{@code lambda} is chosen on the validation cases from a grid (see {@link EaseConfig}).
 * {@code B} is stored as float rows (half the memory of doubles, and each row is an array of its
 * own, so {@code n} may exceed 46,340). Immutable, hence safe to score from several threads.
 */
public final class EaseModel extends BaseRecommender implements Persistable, Explainable {

    static final String NAME = "ease";

    private final double lambda;
    /** {@code itemOf[r]} = item id of model row r; rows are in popularity order. */
    private final int[] itemOf;
    /** Item id to model row, or -1 outside the model. */
    private final int[] indexOf;
    /** {@code b[r][c]} = weight from item {@code itemOf[r]} to item {@code itemOf[c]}. */
    private final float[][] b;
    /** Validation NDCG@10 per tried lambda, in grid order (empty when lambda was given). */
    private final Map<Double, Double> tuning;

    EaseModel(int numItems, double lambda, int[] itemOf, float[][] b, Map<Double, Double> tuning) {
        super(NAME, numItems);
        this.lambda = lambda;
        this.itemOf = itemOf;
        this.b = b;
        this.tuning = Collections.unmodifiableMap(new LinkedHashMap<>(tuning));
        this.indexOf = new int[numItems + 1];
        Arrays.fill(indexOf, -1);
        for (int r = 0; r < itemOf.length; r++) {
            indexOf[itemOf[r]] = r;
        }
    }

    /**
     * Fits the model; when the config leaves lambda open, every grid value is fitted and scored
     * with {@code validation} (higher is better), and the best is kept.
     */
    public static EaseModel train(TrainingData data, EaseConfig config, ToDoubleFunction<Recommender> validation) {
        return EaseTrainer.train(data, config, validation);
    }

    EaseModel withTuning(Map<Double, Double> trace) {
        return new EaseModel(numItems, lambda, itemOf, b, trace);
    }

    /** Reads a model written by {@link #save}. */
    public static EaseModel load(Path dir) throws IOException {
        ModelFiles.Meta meta = ModelFiles.readMeta(dir, NAME);
        int numItems = meta.integer("num_items");
        int m = meta.integer("size");
        double lambda = meta.real("lambda");
        int[] itemOf = ModelFiles.readInts(dir.resolve("items.bin"), m);
        boolean[] seen = new boolean[numItems + 1];
        for (int i : itemOf) {
            if (i < 1 || i > numItems || seen[i]) {
                throw new IOException(dir.resolve("items.bin") + ": item id " + i + " out of range or repeated");
            }
            seen[i] = true;
        }
        float[][] b = ModelFiles.readFloatRows(dir.resolve("weights.bin"), m, m);
        return new EaseModel(
                numItems, lambda, itemOf, b, parseTuning(meta.values().getOrDefault("tuning", "")));
    }

    @Override
    public void save(Path dir) throws IOException {
        StringJoiner t = new StringJoiner("|");
        tuning.forEach((l, s) -> t.add(l + ":" + s));
        ModelFiles.writeMeta(
                dir,
                NAME,
                Map.of(
                        "num_items", Integer.toString(numItems),
                        "size", Integer.toString(itemOf.length),
                        "lambda", Double.toString(lambda),
                        "tuning", t.toString()));
        ModelFiles.writeInts(dir.resolve("items.bin"), itemOf);
        ModelFiles.writeFloatRows(dir.resolve("weights.bin"), b, itemOf.length);
    }

    private static Map<Double, Double> parseTuning(String text) {
        Map<Double, Double> out = new LinkedHashMap<>();
        if (!text.isEmpty()) {
            for (String pair : text.split("\\|")) {
                int c = pair.indexOf(':');
                out.put(Double.parseDouble(pair.substring(0, c)), Double.parseDouble(pair.substring(c + 1)));
            }
        }
        return out;
    }

    /** The L2 weight the model was fitted with. */
    public double lambda() {
        return lambda;
    }

    /** Validation NDCG@10 of each lambda tried, in grid order; empty when lambda was fixed. */
    public Map<Double, Double> tuning() {
        return tuning;
    }

    /** Number of items the model covers ({@code <= max_items}). */
    public int size() {
        return itemOf.length;
    }

    /** Whether {@code item} is among the covered items. */
    boolean covers(int item) {
        return item >= 1 && item <= numItems && indexOf[item] >= 0;
    }

    /** {@code B[from][to]}; 0 when either item is not covered. */
    public float weight(int from, int to) {
        if (!covers(from) || !covers(to)) {
            return 0f;
        }
        return b[indexOf[from]][indexOf[to]];
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        Recommender.requireScoreLength(scores, numItems);
        int m = itemOf.length;
        float[] acc = new float[m];
        // Rows in ascending model index: one fixed summation order, so scores are reproducible.
        for (int r : historyRows(history)) {
            addRow(acc, b[r], m);
        }
        if (m < numItems) {
            float min = Float.POSITIVE_INFINITY;
            for (int c = 0; c < m; c++) {
                min = Math.min(min, acc[c]);
            }
            float floor = m == 0 ? 0f : min - Math.max(1f, Math.abs(min));
            Arrays.fill(scores, 0, numItems + 1, floor);
        }
        for (int c = 0; c < m; c++) {
            scores[itemOf[c]] = acc[c];
        }
        scores[0] = 0f;
    }

    // Separate method with one shared index: the shape C2 vectorises.
    private static void addRow(float[] acc, float[] row, int m) {
        for (int c = 0; c < m; c++) {
            acc[c] += row[c];
        }
    }

    @Override
    public Explanation explain(int user, int[] history, int item) {
        List<Explanation.Contribution> out = new ArrayList<>();
        if (covers(item)) {
            int c = indexOf[item];
            for (int r : historyRows(history)) {
                float w = b[r][c];
                if (w != 0f) {
                    out.add(new Explanation.Contribution(itemOf[r], lastPosition(history, itemOf[r]), w));
                }
            }
            out.sort(Explanation.STRONGEST_FIRST);
        }
        return new Explanation(item, -1, out);
    }

    /** Distinct model rows of the covered history items, ascending. */
    private int[] historyRows(int[] history) {
        int[] items = HistoryItems.distinct(history, 0, numItems);
        int[] rows = new int[items.length];
        int n = 0;
        for (int h : items) {
            if (indexOf[h] >= 0) {
                rows[n++] = indexOf[h];
            }
        }
        Arrays.sort(rows, 0, n);
        return Arrays.copyOf(rows, n);
    }

    private static int lastPosition(int[] history, int item) {
        for (int p = history.length - 1; p >= 0; p--) {
            if (history[p] == item) {
                return p;
            }
        }
        return -1;
    }
}
