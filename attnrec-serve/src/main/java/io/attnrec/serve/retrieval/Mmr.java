package io.attnrec.serve.retrieval;

/**
 * Maximal marginal relevance re-ranking (Carbonell and Goldstein, SIGIR 1998): picks items one
 * at a time, each maximising {@code lambda * rel(i) - (1 - lambda) * max_{j picked} sim(i, j)}.
 *
 * <p>Differences from the paper: relevance is the model's score min-max normalised over the
 * candidates (raw scores have arbitrary scale, similarity is in [0, 1]); the API's {@code
 * diversity} knob is {@code 1 - lambda}, so 0 keeps the model's order exactly.
 */
public final class Mmr {

    private Mmr() {}

    /**
     * Re-ranks {@code candidates} (best first) to a list of at most {@code k} items.
     *
     * @param diversity in [0, 1]; 0 = pure relevance, 1 = only dissimilarity to items picked
     */
    public static Ranked rerank(Ranked candidates, int k, double diversity, ItemVectorSimilarity similarity) {
        if (!(diversity >= 0 && diversity <= 1)) {
            throw new IllegalArgumentException("diversity must be in [0, 1], got " + diversity);
        }
        int n = candidates.size();
        int outSize = Math.min(k, n);
        if (diversity == 0 || n <= 1) {
            return candidates.head(outSize);
        }
        float[] s = candidates.scores();
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (float v : s) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        double range = max - min;
        double[] rel = new double[n];
        for (int i = 0; i < n; i++) {
            rel[i] = range > 0 && Double.isFinite(range) ? (s[i] - min) / range : 1.0;
        }
        double lambda = 1 - diversity;
        double[] maxSim = new double[n];
        boolean[] taken = new boolean[n];
        int[] outItems = new int[outSize];
        float[] outScores = new float[outSize];
        for (int r = 0; r < outSize; r++) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (taken[i]) {
                    continue;
                }
                double value = lambda * rel[i] - (1 - lambda) * maxSim[i];
                // Strict > keeps the earlier (more relevant) candidate on ties.
                if (value > bestValue) {
                    bestValue = value;
                    best = i;
                }
            }
            taken[best] = true;
            outItems[r] = candidates.items()[best];
            outScores[r] = s[best];
            for (int i = 0; i < n; i++) {
                if (!taken[i]) {
                    maxSim[i] =
                            Math.max(maxSim[i], similarity.similarity(candidates.items()[i], outItems[r]));
                }
            }
        }
        return new Ranked(outItems, outScores);
    }
}
