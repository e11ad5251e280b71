package io.attnrec.core.model;

/**
 * An optional side interface of a {@link Recommender} that can score a short list of candidate
 * items without scoring the whole catalogue. Ranking models that score one (history, candidate)
 * pair at a time, such as DIN's target attention, pay per candidate; for them the sampled-negatives
 * protocol (1 target + N drawn items) and re-ranking stages are far cheaper through this method.
 *
 * <p>Contract: {@code out[j]} must equal (up to float rounding of batched arithmetic) what {@link
 * Recommender#score} writes at index {@code candidates[j]} for the same user and history.
 * Thread-safe like {@link Recommender#score}.
 */
public interface CandidateScorer {

    /**
     * Scores {@code candidates} (item ids in {@code 1..numItems}, any order, repeats allowed).
     *
     * @param user dense user id, or -1
     * @param history the user's items in time order, oldest first
     * @param candidates the items to score
     * @param out receives {@code candidates.length} scores, {@code out[j]} for {@code candidates[j]};
     *     at least as long as {@code candidates}
     */
    void scoreCandidates(int user, int[] history, int[] candidates, float[] out);
}
