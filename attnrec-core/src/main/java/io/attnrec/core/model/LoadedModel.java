package io.attnrec.core.model;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;

/**
 * A model read back from its artifact directory, with everything needed to serve it.
 *
 * @param info the manifest's provenance
 * @param version attnrec version that wrote it
 * @param model the scorer
 * @param users user id map (0-based)
 * @param items item id map (1-based)
 * @param histories training sequence of every user, by dense user id
 * @param catalog item metadata
 */
public record LoadedModel(
        ArtifactInfo info,
        String version,
        Recommender model,
        IdMap users,
        IdMap items,
        int[][] histories,
        ItemCatalog catalog) {}
