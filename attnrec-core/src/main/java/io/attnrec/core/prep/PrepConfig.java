package io.attnrec.core.prep;

/**
 * Data preparation settings.
 *
 * @param dedup keep only the first occurrence of a (user, item) pair
 * @param ratingThreshold when rated data is turned into implicit feedback, drop events rated
 *     below this (NaN = keep all)
 * @param kCore repeatedly drop users and items with fewer than this many events (0 or 1 = off)
 * @param minSeqLength drop users with fewer events after filtering
 * @param maxSeqLength keep only each user's most recent events (0 = no limit)
 */
public record PrepConfig(boolean dedup, double ratingThreshold, int kCore, int minSeqLength, int maxSeqLength) {

    public PrepConfig {
        if (kCore < 0 || minSeqLength < 0 || maxSeqLength < 0) {
            throw new IllegalArgumentException("k-core and sequence lengths must be >= 0");
        }
        if (maxSeqLength > 0 && maxSeqLength < minSeqLength) {
            throw new IllegalArgumentException("max sequence length " + maxSeqLength + " < min " + minSeqLength);
        }
    }

    /** No filtering at all: what the published files already are. */
    public static PrepConfig none() {
        return new PrepConfig(false, Double.NaN, 0, 0, 0);
    }
}
