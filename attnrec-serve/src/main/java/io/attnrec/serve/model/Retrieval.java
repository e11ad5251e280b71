package io.attnrec.serve.model;

import io.attnrec.core.model.EmbeddingModel;
import io.attnrec.core.model.Recommender;
import io.attnrec.serve.model.ActiveModel.Recommendation;
import io.attnrec.serve.model.ActiveModel.Source;
import io.attnrec.serve.retrieval.HnswIndex;
import io.attnrec.serve.retrieval.Ranked;
import io.attnrec.serve.retrieval.TopK;
import io.attnrec.serve.retrieval.VectorMath;
import java.util.BitSet;

/**
 * The first stage of a request: candidates for a history, from the most popular training items
 * (empty history), the HNSW index (embedding models on large catalogues) or exact scoring of every
 * item (batched across concurrent requests when the model scores batches natively).
 */
final class Retrieval {

    private final ServedModel served;
    private final EmbeddingModel embedding;
    private final HnswIndex ann;
    private final BatchingScorer batcher;
    private final ThreadLocal<float[]> scoreBuffer;
    private final float[] popularity;

    Retrieval(ServedModel served, HnswIndex ann, BatchingScorer batcher) {
        this.served = served;
        this.embedding = served.model() instanceof EmbeddingModel e ? e : null;
        this.ann = ann;
        this.batcher = batcher;
        int n = served.numItems();
        // Reused per thread: a fresh float[numItems + 1] per request would be megabytes of garbage
        // per request on large catalogues.
        this.scoreBuffer = ThreadLocal.withInitial(() -> new float[n + 1]);
        this.popularity = new float[n + 1];
        for (int[] h : served.histories()) {
            for (int item : h) {
                if (item > 0 && item <= n) {
                    popularity[item]++;
                }
            }
        }
    }

    /** The {@code want} best candidates for this history, skipping {@code excluded}. */
    Recommendation candidates(int user, int[] history, int want, BitSet excluded) {
        if (history.length == 0) {
            return new Recommendation(TopK.select(popularity, want, excluded), Source.POPULAR);
        } else if (ann != null) {
            return new Recommendation(ann.search(embedding.userVectors(user, history), want, excluded), Source.ANN);
        } else if (batcher != null && batcher.ranks()) {
            // the kernel keeps the best items while it scans: no score row (issue 20)
            return new Recommendation(Ranked.of(batcher.top(user, history, want, excluded)), Source.EXACT);
        }
        return new Recommendation(TopK.select(scores(user, history), want, excluded), Source.EXACT);
    }

    /** The {@code k} items closest to one user vector (by the index when there is one). */
    Ranked nearest(float[] vector, int k, BitSet excluded) {
        float[][] one = {vector};
        return ann != null ? ann.search(one, k, excluded) : TopK.select(dotScores(vector), k, excluded);
    }

    /** This thread's score buffer, for callers that fill it themselves. */
    float[] buffer() {
        return scoreBuffer.get();
    }

    /** The model's scores (index 0 set to NaN); valid until this thread's next call. */
    float[] scores(int user, int[] history) {
        float[] scores = scoreBuffer.get();
        if (batcher != null) {
            batcher.score(user, history, scores);
        } else {
            Recommender model = served.model();
            model.score(user, history, scores);
        }
        scores[0] = Float.NaN;
        return scores;
    }

    private float[] dotScores(float[] vector) {
        float[] scores = scoreBuffer.get();
        scores[0] = Float.NaN;
        for (int i = 1; i <= served.numItems(); i++) {
            scores[i] = VectorMath.dot(vector, embedding.itemVector(i));
        }
        return scores;
    }
}
