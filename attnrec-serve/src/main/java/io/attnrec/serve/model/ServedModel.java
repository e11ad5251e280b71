package io.attnrec.serve.model;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.model.ArtifactInfo;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.Recommender;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A model with everything the server needs to answer for it.
 *
 * @param name the name it is served (and activated) under, e.g. the artifact's folder name
 * @param model the scorer; may also implement {@link io.attnrec.core.model.Explainable} and
 *     {@link io.attnrec.core.model.EmbeddingModel}
 * @param users external user ids of the training data (dense 0..n-1)
 * @param items external item ids (dense 1..numItems)
 * @param histories training sequence of every user, by dense user id
 * @param catalog item metadata (titles, categories); may be empty
 * @param info provenance from the artifact's manifest, or {@code null} for a model built in code
 */
public record ServedModel(
        String name,
        Recommender model,
        IdMap users,
        IdMap items,
        int[][] histories,
        ItemCatalog catalog,
        ArtifactInfo info) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public ServedModel {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("model name '" + name
                    + "' must be 1-128 letters, digits, '.', '_' or '-' and start with a letter or digit");
        }
        if (model.numItems() != items.size()) {
            throw new IllegalArgumentException(
                    "model '" + name + "' scores " + model.numItems() + " items but its item map has " + items.size());
        }
        if (items.offset() != 1 || users.offset() != 0) {
            throw new IllegalArgumentException("model '" + name + "': item ids must start at 1 and user ids at 0");
        }
        if (histories.length != users.size()) {
            throw new IllegalArgumentException("model '" + name + "' has " + histories.length
                    + " training histories but " + users.size() + " users");
        }
    }

    /** Wraps an artifact read by {@link ModelArtifact#load}. */
    public static ServedModel of(String name, LoadedModel loaded) {
        return new ServedModel(
                name,
                loaded.model(),
                loaded.users(),
                loaded.items(),
                loaded.histories(),
                loaded.catalog(),
                loaded.info());
    }

    /** Loads the artifact in {@code dir}, served under the folder's name. */
    public static ServedModel load(Path dir) throws IOException {
        LoadedModel loaded = ModelArtifact.load(dir);
        try {
            return of(dir.toAbsolutePath().normalize().getFileName().toString(), loaded);
        } catch (RuntimeException e) {
            // Rejected after loading (bad name, item map not matching the model): free it now.
            ModelRegistry.closeQuietly(loaded.model(), e);
            throw e;
        }
    }

    /** Number of real items. */
    public int numItems() {
        return items.size();
    }

    /** The model type (its registered name, e.g. {@code "sasrec"}). */
    public String type() {
        return model.name();
    }
}
