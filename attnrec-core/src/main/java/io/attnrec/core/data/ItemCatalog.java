package io.attnrec.core.data;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Item metadata keyed by external item id. Immutable. */
public final class ItemCatalog {

    private static final ItemCatalog EMPTY = new ItemCatalog(Map.of());

    private final Map<String, ItemMeta> byId;

    public ItemCatalog(Map<String, ItemMeta> byId) {
        this.byId = Collections.unmodifiableMap(new LinkedHashMap<>(byId));
    }

    public static ItemCatalog empty() {
        return EMPTY;
    }

    public Optional<ItemMeta> get(String externalItemId) {
        return Optional.ofNullable(byId.get(externalItemId));
    }

    public Collection<ItemMeta> items() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    /** True when at least one item has a category. */
    public boolean hasCategories() {
        return byId.values().stream().anyMatch(m -> !m.categories().isEmpty());
    }
}
