package io.attnrec.core.content;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;

/** Registers {@link ContentKnn} as {@code content-knn}. */
public final class ContentKnnProvider implements ModelProvider {

    @Override
    public String name() {
        return ContentKnn.NAME;
    }

    @Override
    public String description() {
        return "Content-based: cosine between the history's and each item's hashed TF-IDF metadata; scores unseen items";
    }

    @Override
    public void checkOptions(ModelOptions options) {
        ContentKnn.config(options);
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        return ContentKnn.train(data, ContentKnn.config(options));
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        return ContentKnn.load(dir);
    }
}
