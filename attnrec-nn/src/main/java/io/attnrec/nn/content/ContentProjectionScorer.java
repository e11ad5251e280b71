package io.attnrec.nn.content;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.attnrec.core.content.ContentFeatures;
import io.attnrec.core.content.NewItemScorer;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.EmbeddingModel;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.multi.MultiInterest;
import io.attnrec.nn.multi.MultiInterestRecommender;
import io.attnrec.nn.seq.SequenceRecommender;
import java.util.List;
import java.util.Optional;

/**
 * {@link NewItemScorer} of the neural models trained with {@code content=true} (SASRec and the
 * multi-interest models): a never-seen item gets the row a cold item of the model's own catalogue
 * has, its content projection {@code x W} ({@link ContentEmbedding}: cold items have no ID part),
 * with {@code x} its hashed TF-IDF row under the model's buckets and training-time IDF ({@link
 * ContentFeatures#encode}); its score is the largest dot product with the user's vectors, as for
 * every item of the model. An item none of whose buckets occurs in a warm training item gets no
 * encoding: those rows of {@code W} never received a gradient.
 *
 * <p>The projection is copied out of the network once, when the scorer is made (a model being
 * served is not trained any more); {@code F x D} floats (4 MiB for 16,384 buckets x 64).
 */
public final class ContentProjectionScorer implements NewItemScorer<float[]> {

    private final Recommender model;
    private final int dim;
    /** W row-major (F, D). */
    private final float[] projection;

    private final io.attnrec.core.content.ContentConfig config;
    private final int[] df;
    private final int withFeatures;
    /** Buckets that occur in a warm item: their rows of W were trained. */
    private final boolean[] learned;

    private ContentProjectionScorer(Recommender model, ItemContent content, float[] projection, int dim) {
        this.model = model;
        this.dim = dim;
        this.projection = projection;
        this.config = new ContentOptions(true, content.buckets(), 0).featureConfig();
        long[][] coo = content.cooIndices();
        df = new int[content.buckets()];
        learned = new boolean[content.buckets()];
        boolean[] rows = new boolean[content.numItems() + 1];
        for (int k = 0; k < coo[0].length; k++) {
            int item = (int) coo[0][k];
            int col = (int) coo[1][k];
            df[col]++;
            rows[item] = true;
            if (content.isWarm(item)) {
                learned[col] = true;
            }
        }
        int n = 0;
        for (boolean r : rows) {
            n += r ? 1 : 0;
        }
        withFeatures = n;
    }

    /**
     * The scorer of {@code model} when it is a sequential or multi-interest network with content
     * features; empty otherwise.
     */
    public static Optional<NewItemScorer<?>> of(Recommender model) {
        Block block;
        if (model instanceof SequenceRecommender<?> s
                && s.options().getOrDefault("content", "false").equals("true")) {
            // network() drops the recommender's copy of its item table: it is rebuilt on next use
            block = s.network().block();
        } else if (model instanceof MultiInterestRecommender<?> m && m.network().itemContent() != null) {
            block = m.network().block();
        } else {
            return Optional.empty();
        }
        ContentEmbedding content = find(block);
        if (content == null) {
            return Optional.empty();
        }
        Parameter w = content.getParameters().get("projection");
        long[] shape = w.getArray().getShape().getShape();
        float[] weights = w.getArray().toFloatArray();
        return Optional.of(new ContentProjectionScorer(model, content.content(), weights, (int) shape[1]));
    }

    private static ContentEmbedding find(Block block) {
        if (block instanceof ContentEmbedding c) {
            return c;
        }
        for (Block child : block.getChildren().values()) {
            ContentEmbedding c = find(child);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    @Override
    public Optional<float[]> encode(ItemMeta meta) {
        ContentFeatures.Row row = ContentFeatures.encode(meta, config, df, withFeatures);
        boolean any = false;
        for (int c : row.columns()) {
            any |= learned[c];
        }
        if (!any) {
            return Optional.empty();
        }
        float[] v = new float[dim];
        for (int p = 0; p < row.columns().length; p++) {
            float x = row.values()[p];
            int off = row.columns()[p] * dim;
            for (int d = 0; d < dim; d++) {
                v[d] += x * projection[off + d];
            }
        }
        return Optional.of(v);
    }

    @Override
    public void score(int user, int[] history, List<float[]> items, float[] out) {
        float[][] queries = model instanceof EmbeddingModel e
                ? e.userVectors(user, history)
                : ((MultiInterest) model).interests(user, history);
        for (int k = 0; k < items.size(); k++) {
            float[] v = items.get(k);
            float best = Float.NEGATIVE_INFINITY;
            for (float[] q : queries) {
                float s = 0;
                for (int d = 0; d < dim; d++) {
                    s += q[d] * v[d];
                }
                best = Math.max(best, s);
            }
            out[k] = best;
        }
    }

    /** Registers the scorer for the neural models with content. */
    public static final class Factory implements NewItemScorer.Factory {
        @Override
        public Optional<NewItemScorer<?>> create(Recommender model) {
            return ContentProjectionScorer.of(model);
        }
    }
}
