package io.attnrec.core.content;

import io.attnrec.core.model.BaseRecommender;
import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.ModelFiles;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Content-based recommender: the user's profile is the sum of the (unit-length) content rows of
 * their history items, and an item's score is the cosine between its row and the profile. It reads
 * no interaction statistics at all, so an item never seen in training is scored like any other
 * (the cold-start case, SPEC C9); items without metadata score 0. Explanations list the history
 * items by their content similarity to the recommended item. Immutable, hence thread-safe.
 */
public final class ContentKnn extends BaseRecommender implements Persistable, Explainable {

    static final String NAME = "content-knn";

    private final ContentFeatures features;

    ContentKnn(ContentFeatures features) {
        super(NAME, features.numItems());
        this.features = features;
    }

    /** Builds the content rows of every item of {@code data} from its catalogue. */
    public static ContentKnn train(TrainingData data, ContentConfig config) {
        if (data.catalog().isEmpty()) {
            throw new IllegalArgumentException(
                    "content-knn needs item metadata (titles, categories or attributes), but the data has none");
        }
        return new ContentKnn(ContentFeatures.build(data.catalog(), data.items(), config));
    }

    /** Parses the options ({@link ContentConfig} keys); unknown keys are an error. */
    static ContentConfig config(ModelOptions options) {
        ContentConfig c = ContentConfig.from(options);
        options.requireAllUsed();
        return c;
    }

    public ContentFeatures features() {
        return features;
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        int n = features.numItems();
        Recommender.requireScoreLength(scores, n);
        float[] profile = new float[features.dim()];
        for (int j : history) {
            if (j >= 1 && j <= n) {
                features.addRow(j, 1, profile);
            }
        }
        double norm = 0;
        for (float v : profile) {
            norm += (double) v * v;
        }
        double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        for (int i = 1; i <= n; i++) {
            double len = Math.sqrt(features.squaredNorm(i));
            scores[i] = len > 0 ? (float) (features.dot(i, profile) * inv / len) : 0f;
        }
        scores[0] = 0f;
    }

    @Override
    public Explanation explain(int user, int[] history, int item) {
        List<Explanation.Contribution> out = new ArrayList<>();
        if (item >= 1 && item <= features.numItems()) {
            for (int p = 0; p < history.length; p++) {
                int j = history[p];
                if (j >= 1 && j <= features.numItems()) {
                    double denom = Math.sqrt(features.squaredNorm(item) * features.squaredNorm(j));
                    double sim = denom > 0 ? features.dot(item, j) / denom : 0;
                    if (sim > 0) {
                        out.add(new Explanation.Contribution(j, p, sim));
                    }
                }
            }
        }
        out.sort(Explanation.STRONGEST_FIRST);
        return new Explanation(item, -1, out);
    }

    @Override
    public void save(Path dir) throws IOException {
        ContentConfig c = features.config();
        Map<String, String> meta = new HashMap<>();
        meta.put("num_items", Integer.toString(features.numItems()));
        meta.put("dim", Integer.toString(c.dim()));
        meta.put("weighting", c.weighting().name());
        meta.put("title_weight", Double.toString(c.titleWeight()));
        meta.put("category_weight", Double.toString(c.categoryWeight()));
        meta.put("attribute_weight", Double.toString(c.attributeWeight()));
        meta.put("normalize", Boolean.toString(c.normalize()));
        ModelFiles.writeMeta(dir, NAME, meta);
        ModelFiles.writeInts(dir.resolve("row_pointers.bin"), features.rowPtrArray());
        ModelFiles.writeInts(dir.resolve("columns.bin"), features.colsArray());
        ModelFiles.writeFloats(dir.resolve("values.bin"), features.valsArray());
    }

    /** Reads a model written by {@link #save}. */
    public static ContentKnn load(Path dir) throws IOException {
        ModelFiles.Meta meta = ModelFiles.readMeta(dir, NAME);
        int n = meta.integer("num_items");
        try {
            ContentConfig c = new ContentConfig(
                    meta.integer("dim"),
                    ContentConfig.Weighting.valueOf(meta.string("weighting")),
                    meta.real("title_weight"),
                    meta.real("category_weight"),
                    meta.real("attribute_weight"),
                    meta.bool("normalize"));
            int[] rowPtr = ModelFiles.readInts(dir.resolve("row_pointers.bin"), n + 2L);
            int[] cols = ModelFiles.readInts(dir.resolve("columns.bin"), -1);
            float[] vals = ModelFiles.readFloats(dir.resolve("values.bin"), cols.length);
            return new ContentKnn(ContentFeatures.of(c, n, rowPtr, cols, vals));
        } catch (IllegalArgumentException e) {
            throw new IOException(meta.file() + ": " + e.getMessage(), e);
        }
    }
}
