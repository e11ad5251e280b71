package io.attnrec.core.content;

import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.Recommender;
import java.util.List;
import java.util.Optional;

/**
 * {@link NewItemScorer} of {@link ContentKnn}: a new item's row is {@link ContentFeatures#encode}
 * of its metadata and its score the cosine with the history's profile, exactly as {@link
 * ContentKnn#score} scores the items it was built with. An item none of whose buckets occurs in
 * the built catalogue cannot share anything with a history: it is not encoded.
 */
public final class ContentKnnNewItems implements NewItemScorer<ContentFeatures.Row> {

    private final ContentFeatures features;
    /** Built items per bucket: a bucket no built item has cannot match any history. */
    private final int[] df;

    public ContentKnnNewItems(ContentKnn model) {
        this.features = model.features();
        this.df = ContentFeatures.frequencies(features.dim(), features.rowPtrArray(), features.colsArray());
    }

    @Override
    public Optional<ContentFeatures.Row> encode(ItemMeta meta) {
        ContentFeatures.Row row = features.encode(meta);
        for (int c : row.columns()) {
            if (df[c] > 0) {
                return Optional.of(row);
            }
        }
        return Optional.empty();
    }

    @Override
    public void score(int user, int[] history, List<ContentFeatures.Row> items, float[] out) {
        int n = features.numItems();
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
        for (int k = 0; k < items.size(); k++) {
            ContentFeatures.Row row = items.get(k);
            double sq = 0;
            double dot = 0;
            for (int p = 0; p < row.columns().length; p++) {
                sq += (double) row.values()[p] * row.values()[p];
                dot += row.values()[p] * profile[row.columns()[p]];
            }
            double len = Math.sqrt(sq);
            out[k] = len > 0 ? (float) (dot * inv / len) : 0f;
        }
    }

    /** Registers the scorer for {@code content-knn}. */
    public static final class Factory implements NewItemScorer.Factory {
        @Override
        public Optional<NewItemScorer<?>> create(Recommender model) {
            return model instanceof ContentKnn k ? Optional.of(new ContentKnnNewItems(k)) : Optional.empty();
        }
    }
}
