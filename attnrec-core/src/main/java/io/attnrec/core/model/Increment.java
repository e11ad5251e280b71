package io.attnrec.core.model;

/**
 * What a warm start learns from: the grown training data, its part to fine-tune on, and the
 * parent's sizes. Item ids are append-only: items {@code 1..parentItems} are the parent's, in its
 * order; later ids are new.
 *
 * @param all the whole training data, the parent's items first (a model's item-level state, such
 *     as which items are warm, is built from it)
 * @param fineTune the same data with only the recent users' and the replayed users' sequences
 *     (the others empty): what the fine-tuning passes over
 * @param parentItems items the parent knows
 * @param config the warm-start settings
 * @param steps the fine-tuning's budget in optimiser steps ({@link WarmStartConfig#stepBudget} of
 *     the events added); 0 when it is counted in epochs
 */
public record Increment(TrainingData all, TrainingData fineTune, int parentItems, WarmStartConfig config, int steps) {

    public Increment {
        if (fineTune.numItems() != all.numItems() || fineTune.numUsers() != all.numUsers()) {
            throw new IllegalArgumentException("the fine-tuning data must have the shape of the whole data");
        }
        if (parentItems > all.numItems()) {
            throw new IllegalArgumentException(
                    "the data has " + all.numItems() + " items, fewer than the parent's " + parentItems);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("the fine-tuning's step budget must be >= 0, got " + steps);
        }
    }

    /** An increment whose fine-tuning is counted in epochs. */
    public Increment(TrainingData all, TrainingData fineTune, int parentItems, WarmStartConfig config) {
        this(all, fineTune, parentItems, config, 0);
    }

    /** Items the data adds to the parent's. */
    public int newItems() {
        return all.numItems() - parentItems;
    }
}
