package io.attnrec.core.baselines.pop;

import io.attnrec.core.model.BaseRecommender;
import io.attnrec.core.model.ModelFiles;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Most-popular baseline: every user gets the same scores, the number of training interactions of
 * each item. It ignores the history, so it is the floor any personalised model must beat.
 * Immutable, hence safe to score from several threads.
 */
final class PopModel extends BaseRecommender implements Persistable {

    static final String NAME = "pop";
    private static final String COUNTS = "counts.bin";

    /** Indexed by item id; index 0 (padding) is 0. */
    private final int[] counts;

    private PopModel(int[] counts) {
        super(NAME, counts.length - 1);
        this.counts = counts;
    }

    /** Counts the training interactions of every item. */
    public static PopModel train(TrainingData data, PopConfig config) {
        int[] counts = data.itemCounts();
        counts[0] = 0;
        return new PopModel(counts);
    }

    /** Reads a model written by {@link #save}. */
    public static PopModel load(Path dir) throws IOException {
        ModelFiles.Meta meta = ModelFiles.readMeta(dir, NAME);
        int numItems = meta.integer("num_items");
        return new PopModel(ModelFiles.readInts(dir.resolve(COUNTS), numItems + 1L));
    }

    @Override
    public void save(Path dir) throws IOException {
        ModelFiles.writeMeta(dir, NAME, Map.of("num_items", Integer.toString(numItems())));
        ModelFiles.writeInts(dir.resolve(COUNTS), counts);
    }

    /** Training interaction count of {@code item}. */
    public int count(int item) {
        return counts[item];
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        Recommender.requireScoreLength(scores, counts.length - 1);
        for (int i = 0; i < counts.length; i++) {
            scores[i] = counts[i];
        }
    }
}
