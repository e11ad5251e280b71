package io.attnrec.nn.train;

import io.attnrec.nn.seq.Padding;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Next-item training batches (the standard SASRec set-up): for a user's training sequence {@code
 * s_1..s_L}, the input window is {@code s_1..s_{L-1}} (its newest {@code maxLen} items) and the
 * target at every position is the item that follows, so one user gives up to {@code maxLen}
 * (input prefix, target) pairs in one forward pass.
 *
 * <p>Everything is built in primitive arrays; the output layer later runs only at the {@code P}
 * real positions listed in {@link Batch#positions}.
 */
final class NextItemBatches {

    private final int[][] sequences;
    private final int maxLen;
    private final Padding padding;
    private final int[] trainable;
    /** Per user, the sorted distinct items, for drawing negatives the user never had. */
    private final int[][] seen;

    NextItemBatches(int[][] sequences, int maxLen, Padding padding) {
        this.sequences = sequences;
        this.maxLen = maxLen;
        this.padding = padding;
        trainable = TrainerBase.trainableUsers(sequences);
        seen = new int[sequences.length][];
        for (int u : trainable) {
            seen[u] = Arrays.stream(sequences[u]).sorted().distinct().toArray();
        }
    }

    /** Users with at least two training items (one input and one target). */
    int[] trainableUsers() {
        return trainable.clone();
    }

    /**
     * One batch.
     *
     * @param rows number of users {@code B}
     * @param length window length {@code T}
     * @param inputs {@code (B, T)} ids, row-major
     * @param positions flat indices {@code b * T + t} of the {@code P} real positions
     * @param targets the next item at each real position
     * @param users the user of each real position
     */
    record Batch(int rows, int length, long[] inputs, long[] positions, long[] targets, int[] users) {}

    Batch build(int[] users, int from, int to) {
        int rows = to - from;
        int t = 1;
        int pairs = 0;
        for (int b = from; b < to; b++) {
            int n = Math.min(sequences[users[b]].length - 1, maxLen);
            t = Math.max(t, n);
            pairs += n;
        }
        long[] inputs = new long[rows * t];
        long[] positions = new long[pairs];
        long[] targets = new long[pairs];
        int[] owner = new int[pairs];
        int p = 0;
        for (int b = from; b < to; b++) {
            int u = users[b];
            int[] s = sequences[u];
            int n = Math.min(s.length - 1, maxLen);
            int start = s.length - 1 - n;
            int col0 = padding == Padding.LEFT ? t - n : 0;
            int row = (b - from) * t;
            for (int i = 0; i < n; i++) {
                inputs[row + col0 + i] = s[start + i];
                positions[p] = row + col0 + i;
                targets[p] = s[start + i + 1];
                owner[p] = u;
                p++;
            }
        }
        return new Batch(rows, t, inputs, positions, targets, owner);
    }

    /**
     * {@code k} negatives per real position (position-major, {@code P * k}), each uniform over the
     * items its user never had (SASRec's sampler with k = 1; gSASRec's with k > 1). Gives up after
     * a few draws for users who had nearly every item.
     */
    long[] negativesPerPosition(Batch batch, int k, int numItems, SplittableRandom rng) {
        long[] negatives = new long[batch.targets().length * k];
        for (int p = 0; p < batch.targets().length; p++) {
            int[] mine = seen[batch.users()[p]];
            for (int i = 0; i < k; i++) {
                int item = 1 + rng.nextInt(numItems);
                for (int tries = 0; tries < 32 && Arrays.binarySearch(mine, item) >= 0; tries++) {
                    item = 1 + rng.nextInt(numItems);
                }
                negatives[p * k + i] = item;
            }
        }
        return negatives;
    }

    /** {@code k} items drawn uniformly (with replacement) from {@code 1..numItems}. */
    static long[] uniform(int k, int numItems, SplittableRandom rng) {
        long[] negatives = new long[k];
        for (int i = 0; i < k; i++) {
            negatives[i] = 1 + rng.nextInt(numItems);
        }
        return negatives;
    }
}
