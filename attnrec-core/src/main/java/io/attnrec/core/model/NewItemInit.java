package io.attnrec.core.model;

/**
 * Where a warm start puts a new item's row of the item table before the fine-tuning moves it
 * (models without content features; with content the new ID row is zero and the content projection
 * scores the item). A row that scores high for many users pushes known targets out of the top 10
 * before the item has had any gradient (issue 16, session 10: 6–10% of the known-item NDCG@10 on
 * ml-latest-small), so the rules differ in direction and in norm.
 */
public enum NewItemInit implements NamedChoice {
    /**
     * The mean of the rows of the known items within two positions of it (before or after) in the
     * fine-tuning sequences, unscaled: where its company is. A new item with no known neighbour
     * keeps a fresh model's initialisation. The default (sessions 8–10).
     */
    NEIGHBOURS("neighbours"),
    /**
     * The direction of {@link #NEIGHBOURS}, its length set to the median row length of the known
     * items with at most as many events as the new item has (the rarest known items when none has
     * so few): it starts as strong as a known item with as little evidence, so an item seen once
     * does not score like the popular items it was watched beside.
     */
    NEIGHBOURS_RARE("neighbours-rare"),
    /**
     * The mean of the rows of the known items within two positions <em>before</em> it in the
     * sequences (what the users had just read when they chose it, the context a next-item model
     * predicts it from; the items after it when none is before), its length set as in {@link
     * #NEIGHBOURS_RARE}.
     */
    PRECEDING_RARE("preceding-rare");

    private final String key;

    NewItemInit(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    /** The rule named {@code key}; a one-line error naming the choices otherwise. */
    public static NewItemInit parse(String key) {
        return NamedChoice.parse(values(), key, "new-item initialisation");
    }

    /** Whether the row's length is set from the known items with as few events. */
    public boolean rareNorm() {
        return this != NEIGHBOURS;
    }
}
