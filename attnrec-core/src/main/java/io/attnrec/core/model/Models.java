package io.attnrec.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The model registry: every {@link ModelProvider} on the class path, by name. */
public final class Models {

    private Models() {}

    /** All registered providers, sorted by name. */
    public static List<ModelProvider> all() {
        Map<String, ModelProvider> byName = new TreeMap<>();
        for (ModelProvider p : ServiceLoader.load(ModelProvider.class)) {
            ModelProvider previous = byName.put(p.name(), p);
            if (previous != null && previous.getClass() != p.getClass()) {
                throw new IllegalStateException("two models are registered as '" + p.name() + "'");
            }
        }
        return List.copyOf(byName.values());
    }

    public static Optional<ModelProvider> find(String name) {
        return all().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The provider for {@code name}, or an exception listing the known names. */
    public static ModelProvider require(String name) {
        return find(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown model '" + name + "'; known models: "
                        + String.join(
                                ", ", all().stream().map(ModelProvider::name).toList())));
    }
}
