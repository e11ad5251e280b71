package io.attnrec.core.data;

import java.util.List;
import java.util.Map;

/**
 * Metadata of one item: what content features and explanations are built from.
 *
 * @param itemId external item id
 * @param title display name, or {@code null}
 * @param categories genres / topics / category ids (may be empty)
 * @param attributes other attributes, e.g. {@code year -> 1995} (may be empty)
 */
public record ItemMeta(String itemId, String title, List<String> categories, Map<String, String> attributes) {

    public ItemMeta {
        categories = List.copyOf(categories);
        attributes = Map.copyOf(attributes);
    }
}
