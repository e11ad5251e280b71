package io.attnrec.core.model;

/**
 * A provider whose models continue from a parent on grown data (issue 16): the parent's weights
 * are kept, its item table grows (existing items keep their rows), and the model is fine-tuned on
 * {@link Increment#fineTune}. Families without it are retrained on the grown data (item-kNN and
 * EASE recompute exactly what they would from scratch).
 */
public interface WarmStartable {

    /**
     * A new model grown from {@code parent} (which stays open and unchanged).
     *
     * @param options the parent's options with the caller's overrides (training settings); the
     *     network's shape must stay the parent's
     * @throws IllegalArgumentException when {@code parent} is not this family's, or the options
     *     change the network's shape
     */
    Recommender warmStart(Recommender parent, Increment increment, ModelOptions options, long seed);
}
