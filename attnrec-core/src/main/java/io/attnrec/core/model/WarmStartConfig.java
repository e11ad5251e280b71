package io.attnrec.core.model;

/**
 * How a model continues from its parent on grown data ({@code attnrec train --from}, {@code
 * attnrec update}).
 *
 * @param replayRatio replayed users per user with new events: a seeded sample of the users whose
 *     sequences did not change is trained on beside the changed ones, so the fine-tuning does not
 *     forget what it is not shown ({@code >= 0}; 0 trains on the recent users alone)
 * @param spareFraction when the item table must grow, room for this fraction more items is kept,
 *     so the next growths within it keep the table's shape ({@code >= 0})
 * @param maxItems the largest item table allowed, spare rows not counted; 0 for no limit. Growth
 *     beyond it is refused, not truncated: dropping items would break the append-only id map
 * @param fineTune false copies the parent's weights into the grown model without training (new
 *     rows keep their initialisation): a check that a warm start keeps the parent's scores
 * @param minKnownShare the least share of the new data's interactions on items or by users the
 *     parent knows; below it the data is taken to be another data set's and refused
 * @param epochs passes over the fine-tuning users (the family's own {@code epochs} option is the
 *     budget of a training from scratch); 0 keeps the family's setting
 */
public record WarmStartConfig(
        double replayRatio, double spareFraction, int maxItems, boolean fineTune, double minKnownShare, int epochs) {

    public WarmStartConfig {
        require(replayRatio >= 0 && Double.isFinite(replayRatio), "replay ratio must be >= 0, got " + replayRatio);
        require(
                spareFraction >= 0 && Double.isFinite(spareFraction),
                "spare fraction must be >= 0, got " + spareFraction);
        require(maxItems >= 0, "max items must be >= 0 (0 = no limit), got " + maxItems);
        require(minKnownShare >= 0 && minKnownShare <= 1, "min known share must be in [0, 1], got " + minKnownShare);
        require(epochs >= 0, "warm-start epochs must be >= 0 (0 = the model's own setting), got " + epochs);
    }

    /** One replayed user per changed user, 25% spare rows, no item limit, half the events known. */
    public static WarmStartConfig defaults() {
        return new WarmStartConfig(1.0, 0.25, 0, true, 0.5, 0);
    }

    public WarmStartConfig withMaxItems(int max) {
        return new WarmStartConfig(replayRatio, spareFraction, max, fineTune, minKnownShare, epochs);
    }

    public WarmStartConfig withFineTune(boolean on) {
        return new WarmStartConfig(replayRatio, spareFraction, maxItems, on, minKnownShare, epochs);
    }

    public WarmStartConfig withEpochs(int n) {
        return new WarmStartConfig(replayRatio, spareFraction, maxItems, fineTune, minKnownShare, n);
    }

    public WarmStartConfig withReplayRatio(double r) {
        return new WarmStartConfig(r, spareFraction, maxItems, fineTune, minKnownShare, epochs);
    }

    /** Rows of a table grown to hold {@code items}: the items plus the spare fraction, within the limit. */
    public int capacityFor(int items) {
        long grown = (long) Math.ceil(items * (1 + spareFraction));
        if (maxItems > 0) {
            grown = Math.min(grown, Math.max(items, maxItems));
        }
        return (int) Math.min(Integer.MAX_VALUE - 1, Math.max(items, grown));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
