package io.attnrec.nn.multi;

import io.attnrec.nn.train.TrainerBase;
import java.util.SplittableRandom;

/**
 * ComiRec's training pairs: for a training user with sequence {@code s_1..s_L}, a cut point
 * {@code k} is drawn uniformly from {@code [min(minHistory, L - 1), L - 1]} (0-based target index);
 * the history is the newest {@code maxLen} items before it and the target is {@code s_k}. A pass
 * draws {@code samplesPerUser} pairs from every user with two or more items, in shuffled order.
 */
final class InterestSamples {

    private final int[][] sequences;
    private final int maxLen;
    private final int minHistory;
    private final int[] trainable;

    InterestSamples(int[][] sequences, int maxLen, int minHistory) {
        this.sequences = sequences;
        this.maxLen = maxLen;
        this.minHistory = minHistory;
        this.trainable = TrainerBase.trainableUsers(sequences);
    }

    int trainableUsers() {
        return trainable.length;
    }

    /**
     * One pass: {@code (user, cut)} pairs packed as {@code user * 2^32 + cut}, shuffled.
     */
    long[] pass(int samplesPerUser, SplittableRandom rng) {
        long[] pairs = new long[trainable.length * samplesPerUser];
        int p = 0;
        for (int u : trainable) {
            int len = sequences[u].length;
            int lo = Math.min(minHistory, len - 1);
            for (int r = 0; r < samplesPerUser; r++) {
                int cut = lo + rng.nextInt(len - lo);
                pairs[p++] = ((long) u << 32) | cut;
            }
        }
        TrainerBase.shuffle(pairs, rng);
        return pairs;
    }

    /**
     * A batch of windows aligned on the newest item (padded on the left).
     *
     * @param rows {@code B}
     * @param length {@code T}
     * @param inputs {@code (B, T)} ids, row-major, newest item in column {@code T - 1}
     * @param targets the item after each history
     */
    record Batch(int rows, int length, long[] inputs, long[] targets) {}

    Batch build(long[] pairs, int from, int to) {
        int rows = to - from;
        int t = 1;
        for (int b = from; b < to; b++) {
            t = Math.max(t, Math.min((int) pairs[b], maxLen));
        }
        long[] inputs = new long[rows * t];
        long[] targets = new long[rows];
        for (int b = from; b < to; b++) {
            int[] s = sequences[(int) (pairs[b] >>> 32)];
            int cut = (int) pairs[b];
            int n = Math.min(cut, maxLen);
            int row = (b - from) * t + (t - n);
            for (int i = 0; i < n; i++) {
                inputs[row + i] = s[cut - n + i];
            }
            targets[b - from] = s[cut];
        }
        return new Batch(rows, t, inputs, targets);
    }
}
