package io.attnrec.nn.multi;

import ai.djl.ndarray.NDArray;
import io.attnrec.nn.content.ContentEmbedding;
import io.attnrec.nn.content.ItemContent;

/** Helpers the multi-interest networks share. */
final class MultiInterestModels {

    private MultiInterestModels() {}

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
