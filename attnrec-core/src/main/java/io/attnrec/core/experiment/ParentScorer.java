package io.attnrec.core.experiment;

import io.attnrec.core.model.Recommender;
import java.util.Arrays;

/**
 * A parent model scored on its child's grown catalogue, for the comparison of {@code attnrec
 * update}: items the parent does not know get the lowest score (it cannot recommend them) and are
 * dropped from the histories it reads; users it does not know are scored from their history alone.
 */
final class ParentScorer implements Recommender {

    private final Recommender parent;
    private final int parentUsers;
    private final int numItems;

    ParentScorer(Recommender parent, int parentUsers, int numItems) {
        this.parent = parent;
        this.parentUsers = parentUsers;
        this.numItems = numItems;
    }

    @Override
    public String name() {
        return parent.name();
    }

    @Override
    public int numItems() {
        return numItems;
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        int known = parent.numItems();
        float[] own = new float[known + 1];
        int[] kept = Arrays.stream(history).filter(i -> i <= known).toArray();
        parent.score(user < parentUsers ? user : -1, kept, own);
        System.arraycopy(own, 0, scores, 0, known + 1);
        Arrays.fill(scores, known + 1, scores.length, -Float.MAX_VALUE);
    }
}
