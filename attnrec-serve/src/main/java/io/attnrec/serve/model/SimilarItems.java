package io.attnrec.serve.model;

import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.EmbeddingModel;
import io.attnrec.serve.model.ActiveModel.Recommendation;
import io.attnrec.serve.model.ActiveModel.Source;
import io.attnrec.serve.retrieval.ItemVectorSimilarity;
import io.attnrec.serve.retrieval.Ranked;
import io.attnrec.serve.retrieval.TopK;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Item-to-item similarity of a served model: its item vectors when it has them, else shared
 * categories, else co-occurrence in the training histories. Built once, on first use.
 */
final class SimilarItems {

    private final ServedModel served;
    private final EmbeddingModel embedding;
    private final Retrieval retrieval;
    private volatile ItemVectorSimilarity similarity;

    SimilarItems(ServedModel served, Retrieval retrieval) {
        this.served = served;
        this.embedding = served.model() instanceof EmbeddingModel e ? e : null;
        this.retrieval = retrieval;
    }

    /**
     * Items like {@code item}: cosine of item vectors for embedding models, otherwise the model's
     * scores for a history made of this one item ("what comes with or after it").
     */
    Recommendation similarItems(int item, int k) {
        BitSet self = new BitSet();
        self.set(item);
        if (embedding != null) {
            float[] q = embedding.itemVector(item);
            ItemVectorSimilarity sim = similarity();
            float[] scores = retrieval.buffer();
            scores[0] = Float.NaN;
            IntStream.rangeClosed(1, served.numItems())
                    .parallel()
                    .forEach(i -> scores[i] = (float) sim.similarity(item, i));
            return new Recommendation(TopK.select(scores, k, self), Source.EXACT);
        }
        return new Recommendation(TopK.select(retrieval.scores(-1, new int[] {item}), k, self), Source.EXACT);
    }

    /**
     * Items of this model ranked by category overlap (Jaccard) with {@code meta}: similar items
     * for an item the model has never seen but whose metadata was sent.
     */
    Ranked similarByCategories(ItemMeta meta, int k) {
        List<String> cats = meta.categories();
        float[] scores = retrieval.buffer();
        scores[0] = Float.NaN;
        for (int i = 1; i <= served.numItems(); i++) {
            List<String> other = served.catalog()
                    .get(served.items().external(i))
                    .map(ItemMeta::categories)
                    .orElse(List.of());
            long common = other.stream().distinct().filter(cats::contains).count();
            long union = Stream.concat(cats.stream(), other.stream()).distinct().count();
            scores[i] = union == 0 || common == 0 ? Float.NaN : (float) common / union;
        }
        return TopK.select(scores, k, null);
    }

    /**
     * Similarity used for diversity and fallback explanations: embeddings when the model has
     * them, else categories when the catalogue has them, else co-occurrence in the training
     * histories. Built on first use.
     */
    ItemVectorSimilarity similarity() {
        ItemVectorSimilarity s = similarity;
        if (s == null) {
            synchronized (this) {
                s = similarity;
                if (s == null) {
                    if (embedding != null) {
                        s = ItemVectorSimilarity.embedding(served.numItems(), embedding::itemVector);
                    } else if (served.catalog().hasCategories()) {
                        s = ItemVectorSimilarity.categories(served.items(), served.catalog());
                    } else {
                        s = ItemVectorSimilarity.cooccurrence(served.numItems(), served.histories());
                    }
                    similarity = s;
                }
            }
        }
        return s;
    }
}
