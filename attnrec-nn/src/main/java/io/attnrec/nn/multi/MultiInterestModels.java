package io.attnrec.nn.multi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.attnrec.core.model.TrainingData;
import io.attnrec.nn.content.ContentEmbedding;
import io.attnrec.nn.content.ItemContent;
import java.io.IOException;
import java.nio.file.Path;

/** What the multi-interest providers share: training followed by category assignment. */
public final class MultiInterestModels {

    private MultiInterestModels() {}

    /**
     * Trains {@code model} and assigns the item categories of its aggregation; closes the model
     * if anything fails.
     */
    public static <M extends MultiInterestRecommender> M fit(
            M model, MultiTrainConfig config, TrainingData data, long seed) {
        try {
            new MultiInterestTrainer(config).fit(model, data, seed);
            model.assignCategories(data, seed);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Zeroes row 0 (padding) of a freshly initialised item table: padding must score nothing. */
    public static void zeroPaddingRow(NDArray table) {
        table.set(new NDIndex("0"), 0f);
    }

    /** The items' content features for a model with {@code config}, or null when content is off. */
    public static ItemContent content(MultiInterestConfig config, TrainingData data) {
        return config.content().enabled() ? ItemContent.build(data, config.content()) : null;
    }

    /**
     * The content features saved with a model ({@link ItemContent#FILE} in {@code dir}), or null
     * when its {@code config} has content off.
     */
    public static ItemContent readContent(Path dir, MultiInterestConfig config, int numItems) throws IOException {
        return config.content().enabled()
                ? ItemContent.read(dir, numItems, config.content().buckets())
                : null;
    }

    /**
     * The content block of a network's item table, or null when content is off; a network adds
     * it as its child {@code content} and passes its ID table through {@link
     * ContentEmbedding#table(ContentEmbedding, ai.djl.training.ParameterStore, NDArray, boolean)}.
     *
     * @param content required exactly when {@code config.content()} is on
     * @param initStd the ID embedding's initial standard deviation
     */
    public static ContentEmbedding contentBlock(
            MultiInterestConfig config, int numItems, ItemContent content, float initStd) {
        if (config.content().enabled() != (content != null)) {
            throw new IllegalArgumentException("item content must be given exactly when content=true");
        }
        if (content == null) {
            return null;
        }
        if (content.numItems() != numItems) {
            throw new IllegalArgumentException(
                    "item content has " + content.numItems() + " items, the model " + numItems);
        }
        return new ContentEmbedding(
                content, config.dim(), initStd, config.content().idDropout());
    }
}
