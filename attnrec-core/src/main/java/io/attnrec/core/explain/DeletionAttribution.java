package io.attnrec.core.explain;

import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.Recommender;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Per-item attribution by deletion, for any {@link Recommender} (issue 19, item 5): for a
 * recommended item {@code i} and a history entry {@code h}, the contribution is {@code score(i |
 * history) - score(i | history without h)}. Positive: {@code h} raised {@code i}'s score; negative:
 * it held {@code i} back. Unlike an attention row, which a single-vector model computes once for the
 * whole list, this differs from item to item, and it says what the score actually depends on.
 *
 * <p>Cost: one call of {@link Recommender#scoreBatch} with {@code 1 + C} histories, the full one and
 * one with each of the newest {@code C = min(T, maxHistory)} entries removed; the needed columns
 * are then read for every explained item. Older entries are not attributed (they would cost one
 * row each and, for windowed models, hardly move a score). The rows hold {@code (1 + C) x
 * (numItems + 1)} floats, which {@link Config#maxHistory()} bounds.
 *
 * <p>The user id is passed unchanged, so a model that reads the user's own parameters (BPR's user
 * factor, say) and not the history is shown, truthfully, to depend little on the history. Removing
 * one entry of an item that occurs several times removes that occurrence only; each occurrence is
 * attributed on its own ({@link Explanation.Contribution#position()}).
 */
public final class DeletionAttribution {

    /**
     * Caps on the work of one explanation.
     *
     * @param maxHistory at most this many history entries, the newest, are attributed (rows of the
     *     batch = this + 1)
     * @param maxItems at most this many recommended items, the first ones, are explained
     */
    public record Config(int maxHistory, int maxItems) {

        public Config {
            if (maxHistory < 1) {
                throw new IllegalArgumentException("attribution max history must be >= 1, got " + maxHistory);
            }
            if (maxItems < 1) {
                throw new IllegalArgumentException("attribution max items must be >= 1, got " + maxItems);
            }
        }

        /** The newest 200 history entries, the first 20 recommended items. */
        public static Config defaults() {
            return new Config(200, 20);
        }
    }

    /**
     * The score drops of one explanation pass.
     *
     * @param items the explained items (the first {@code maxItems} of those asked for)
     * @param history the full history the scores are for
     * @param firstPosition the oldest attributed history position; positions {@code firstPosition ..
     *     history.length - 1} are attributed
     * @param fullScores {@code fullScores[j]}: score of {@code items[j]} with the full history
     * @param drops {@code drops[j][p - firstPosition]}: score of {@code items[j]} with the full
     *     history minus its score without position {@code p}
     */
    public record Result(int[] items, int[] history, int firstPosition, float[] fullScores, double[][] drops) {

        /** The contributions to {@code items[j]}, largest first (ties: newest first). */
        public List<Explanation.Contribution> contributions(int j) {
            List<Explanation.Contribution> out = new ArrayList<>(drops[j].length);
            for (int q = 0; q < drops[j].length; q++) {
                int p = firstPosition + q;
                out.add(new Explanation.Contribution(history[p], p, drops[j][q]));
            }
            out.sort(Comparator.comparingDouble(Explanation.Contribution::weight)
                    .reversed()
                    .thenComparing(Comparator.comparingInt(Explanation.Contribution::position)
                            .reversed()));
            return out;
        }
    }

    private DeletionAttribution() {}

    /**
     * Attributes the first {@code config.maxItems()} of {@code items} to the newest {@code
     * config.maxHistory()} history entries with one {@link Recommender#scoreBatch} call (none when
     * the history or the item list is empty).
     *
     * @throws IllegalArgumentException if an item is outside {@code 1..numItems}
     */
    public static Result attribute(Recommender model, int user, int[] history, int[] items, Config config) {
        int n = model.numItems();
        int numExplained = Math.min(items.length, config.maxItems());
        int[] explained = new int[numExplained];
        for (int j = 0; j < numExplained; j++) {
            int item = items[j];
            if (item < 1 || item > n) {
                throw new IllegalArgumentException("item " + item + " is not in 1.." + n);
            }
            explained[j] = item;
        }
        int t = history.length;
        int first = Math.max(0, t - config.maxHistory());
        int c = t - first;
        if (c == 0 || numExplained == 0) {
            return new Result(explained, history.clone(), t, new float[numExplained], new double[numExplained][0]);
        }
        int[][] histories = new int[1 + c][];
        histories[0] = history;
        for (int q = 0; q < c; q++) {
            histories[1 + q] = without(history, first + q);
        }
        int[] users = new int[1 + c];
        java.util.Arrays.fill(users, user);
        float[][] scores = new float[1 + c][n + 1];
        model.scoreBatch(users, histories, scores);
        float[] full = new float[numExplained];
        double[][] drops = new double[numExplained][c];
        for (int j = 0; j < numExplained; j++) {
            int item = explained[j];
            full[j] = scores[0][item];
            for (int q = 0; q < c; q++) {
                // double: the difference of two close floats, kept exact
                drops[j][q] = (double) scores[0][item] - (double) scores[1 + q][item];
            }
        }
        return new Result(explained, history.clone(), first, full, drops);
    }

    /** {@code history} without the entry at {@code position}. */
    static int[] without(int[] history, int position) {
        int[] out = new int[history.length - 1];
        System.arraycopy(history, 0, out, 0, position);
        System.arraycopy(history, position + 1, out, position, history.length - position - 1);
        return out;
    }
}
