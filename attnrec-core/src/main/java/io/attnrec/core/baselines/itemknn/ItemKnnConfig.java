package io.attnrec.core.baselines.itemknn;

import io.attnrec.core.model.ConfigRules;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;

/**
 * Settings of {@link ItemKnnModel}.
 *
 * @param neighbors {@code neighbors}: similar items kept per item (default 100)
 * @param shrink {@code shrink}: added to the cosine's denominator, damping similarities built on
 *     few co-occurrences (default 0)
 * @param historyWindow {@code history_window}: score from only the last N history items; 0 = the
 *     whole history (default 0)
 * @param maxUserItems {@code max_user_items}: a user's most recent N distinct training items
 *     enter the co-occurrence counts, bounding the N² pairs of very long histories (default 1000)
 * @param threads {@code threads}: build threads (default: all cores); does not change the model
 */
record ItemKnnConfig(int neighbors, double shrink, int historyWindow, int maxUserItems, int threads) {

    public ItemKnnConfig {
        ConfigRules.atLeast("itemknn", "neighbors", neighbors, 1);
        if (!(shrink >= 0) || Double.isInfinite(shrink)) {
            throw new IllegalArgumentException("itemknn: shrink must be a finite number >= 0, got " + shrink);
        }
        if (historyWindow < 0) {
            throw new IllegalArgumentException("itemknn: history_window must be >= 0 (0 = all), got " + historyWindow);
        }
        ConfigRules.atLeast("itemknn", "max_user_items", maxUserItems, 2);
        ConfigRules.atLeast("itemknn", "threads", threads, 1);
    }

    public static ItemKnnConfig defaults() {
        return new ItemKnnConfig(100, 0.0, 0, 1000, Runtime.getRuntime().availableProcessors());
    }

    /** Reads the options above; unknown keys are an error. */
    public static ItemKnnConfig from(ModelOptions options) {
        return RecordOptions.parseAll(ItemKnnConfig.class, defaults(), options);
    }
}
