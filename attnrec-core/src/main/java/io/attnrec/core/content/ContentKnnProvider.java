package io.attnrec.core.content;

import io.attnrec.core.model.ConfiguredProvider;

/** Registers {@link ContentKnn} as {@code content-knn}. */
public final class ContentKnnProvider extends ConfiguredProvider<ContentConfig> {

    public ContentKnnProvider() {
        super(
                ContentKnn.NAME,
                "Content-based: cosine between the history's and each item's hashed TF-IDF metadata; scores unseen items",
                ContentKnn::config,
                (data, config, seed) -> ContentKnn.train(data, config),
                ContentKnn::load);
    }
}
