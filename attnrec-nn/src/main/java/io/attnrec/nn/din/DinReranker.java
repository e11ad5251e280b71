package io.attnrec.nn.din;

import io.attnrec.core.model.BaseRecommender;
import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.ModelFiles;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * DIN as a re-ranking stage (SPEC C7; the paper's setting, where DIN ranks the candidates that a
 * retrieval stage produced): a base model scores the whole catalogue, its best {@code candidates}
 * items that are not in the history are re-ordered by DIN, and every other item keeps its base
 * score below them.
 *
 * <p>The final scores are a valid full ranking: re-ranked items get values strictly above every
 * other item's (consecutive floats above the highest base score, in DIN order, DIN ties broken by
 * base order), and the others keep their base scores, hence the base order. History items are not
 * candidates (they are what full-ranking evaluation and serving exclude), so they fall below the
 * re-ranked block.
 *
 * <p>Saved as {@code model.properties} (base name, candidate count) with DIN in {@code din/} and
 * the base in {@code base/}, loaded back through the registry as {@code fusion} does with its
 * members. Thread-safe when the base is.
 */
public final class DinReranker extends BaseRecommender implements Persistable, Explainable, AutoCloseable {

    private final Recommender base;
    private final Din din;
    private final int candidates;

    DinReranker(Recommender base, Din din, int candidates) {
        super(Din.NAME, din.numItems());
        if (base.numItems() != din.numItems()) {
            throw new IllegalArgumentException("din re-ranks " + din.numItems() + " items but its base '" + base.name()
                    + "' scores " + base.numItems());
        }
        if (candidates < 1) {
            throw new IllegalArgumentException("din: candidates must be >= 1");
        }
        this.base = base;
        this.din = din;
        this.candidates = candidates;
    }

    /** The model whose top items are re-ranked. */
    public Recommender base() {
        return base;
    }

    /** The re-ranking model. */
    public Din din() {
        return din;
    }

    /** How many of the base's best items DIN re-orders. */
    public int candidates() {
        return candidates;
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        base.score(user, history, scores);
        rerank(user, history, scores);
    }

    @Override
    public void scoreBatch(int[] users, int[][] histories, float[][] out) {
        base.scoreBatch(users, histories, out);
        for (int b = 0; b < users.length; b++) {
            rerank(users[b], histories[b], out[b]);
        }
    }

    /** Replaces the base scores in {@code scores} by the re-ranked ones. */
    void rerank(int user, int[] history, float[] scores) {
        int[] top = topCandidates(history, scores);
        if (top.length == 0) {
            return;
        }
        float[] dinScores = new float[top.length];
        din.scoreCandidates(user, history, top, dinScores);
        place(scores, top, dinScores);
    }

    /**
     * Puts the items {@code top} (in base order) above every other item of {@code scores}, ordered
     * by {@code newScores}; every other item keeps its score.
     */
    static void place(float[] scores, int[] top, float[] dinScores) {
        // top is in base order; a stable sort by DIN score keeps base order among DIN ties
        Integer[] order = new Integer[top.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Float.compare(dinScores[b], dinScores[a]));
        float ceiling = Float.NEGATIVE_INFINITY;
        int n = scores.length - 1;
        for (int i = 1; i <= n; i++) {
            float s = scores[i];
            if (s == Float.POSITIVE_INFINITY) {
                // no float is above +inf: bring it down far enough to leave room above
                s = Float.MAX_VALUE / 2;
                scores[i] = s;
            }
            if (s > ceiling) {
                ceiling = s;
            }
        }
        if (ceiling == Float.NEGATIVE_INFINITY) {
            ceiling = -Float.MAX_VALUE;
        }
        // the worst re-ranked item sits just above the best other item
        float v = ceiling;
        for (int r = order.length - 1; r >= 0; r--) {
            v = Math.nextUp(v);
            scores[top[order[r]]] = v;
        }
    }

    /**
     * The base's best {@code candidates} items outside the history, best first (equal scores:
     * lower id first; NaN scores never count as best).
     */
    int[] topCandidates(int[] history, float[] scores) {
        return topCandidates(history, scores, candidates);
    }

    /** As {@link #topCandidates(int[], float[])} for {@code candidates} items. */
    static int[] topCandidates(int[] history, float[] scores, int candidates) {
        int n = scores.length - 1;
        boolean[] seen = new boolean[n + 1];
        for (int h : history) {
            if (h >= 1 && h <= n) {
                seen[h] = true;
            }
        }
        int k = 0;
        long[] keyed = new long[n];
        for (int i = 1; i <= n; i++) {
            if (!seen[i] && !Float.isNaN(scores[i])) {
                // descending score, then ascending id, in one sortable long
                keyed[k++] = ((long) ~sortable(scores[i]) << 32) | i;
            }
        }
        Arrays.sort(keyed, 0, k);
        int m = Math.min(candidates, k);
        int[] top = new int[m];
        for (int j = 0; j < m; j++) {
            top[j] = (int) keyed[j];
        }
        return top;
    }

    /** An int whose signed order is the float order (no NaN). */
    private static int sortable(float x) {
        int bits = Float.floatToIntBits(x);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /**
     * DIN's activation weights for an item DIN re-ranks (one of the base's best {@code candidates}
     * for this history); for any other item the base's explanation when it has one, else DIN's
     * weights.
     */
    @Override
    public Explanation explain(int user, int[] history, int item) {
        if (base instanceof Explainable ex && item >= 1 && item <= numItems()) {
            float[] scores = new float[numItems() + 1];
            base.score(user, history, scores);
            boolean reranked = false;
            for (int c : topCandidates(history, scores)) {
                reranked |= c == item;
            }
            if (!reranked) {
                return ex.explain(user, history, item);
            }
        }
        return din.explain(user, history, item);
    }

    @Override
    public void save(Path dir) throws IOException {
        if (!(base instanceof Persistable p)) {
            throw new IllegalArgumentException("din: the re-ranked model '" + base.name() + "' cannot be saved");
        }
        ModelFiles.writeMeta(dir, Din.NAME, Map.of("rerank", base.name(), "candidates", Integer.toString(candidates)));
        din.save(Files.createDirectories(dir.resolve("din")));
        p.save(Files.createDirectories(dir.resolve("base")));
    }

    /** Whether {@code dir} holds a re-ranker rather than a plain {@link Din}. */
    static boolean isSavedIn(Path dir) {
        return Files.isRegularFile(dir.resolve(ModelFiles.META));
    }

    /** Reads a re-ranker written by {@link #save}, the base through the registry. */
    static DinReranker load(Path dir) throws IOException {
        ModelFiles.Meta meta = ModelFiles.readMeta(dir, Din.NAME);
        String baseName = meta.string("rerank");
        int candidates = meta.integer("candidates");
        Path baseDir = dir.resolve("base");
        if (!Files.isDirectory(baseDir)) {
            throw new IOException(baseDir + ": missing; the re-ranked model '" + baseName + "' was not saved");
        }
        Din din = Din.load(dir.resolve("din"));
        try {
            return new DinReranker(Models.require(baseName).load(baseDir), din, candidates);
        } catch (IOException | RuntimeException e) {
            din.close();
            throw e;
        }
    }

    /** Frees DIN's native memory and the base's, when it holds any. */
    @Override
    public void close() throws Exception {
        din.close();
        if (base instanceof AutoCloseable c) {
            c.close();
        }
    }
}
