package io.attnrec.core.model;

/**
 * What every model fixes when it is built: its registered name and its catalogue size. Models
 * extend this instead of each writing the same two accessors; {@link #numItems} is a field so that
 * a model's scoring loops read it directly.
 */
public abstract class BaseRecommender implements Recommender {

    private final String name;

    /** Number of real items (ids {@code 1..numItems}). */
    protected final int numItems;

    protected BaseRecommender(String name, int numItems) {
        if (numItems < 0) {
            throw new IllegalArgumentException(name + ": numItems must be >= 0, got " + numItems);
        }
        this.name = name;
        this.numItems = numItems;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int numItems() {
        return numItems;
    }
}
