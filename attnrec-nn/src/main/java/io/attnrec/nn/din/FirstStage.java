package io.attnrec.nn.din;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The first stage of {@code din-rerank}: {@code first=MODEL} and that model's own options, written
 * with its name as a prefix ({@code sasrec.epochs=20}, {@code saved.dir=DIR}), since model specs
 * separate options with {@code ,} and cannot nest them (as {@link RerankConfig} and {@code fusion}
 * do).
 *
 * @param model registered name of the model whose top candidates are re-ranked
 * @param options its options, without the prefix
 */
public record FirstStage(String model, Map<String, String> options) {

    public FirstStage {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException(
                    TwoStageDin.NAME + ": first=MODEL is required, e.g. first=sasrec or first=saved,saved.dir=DIR");
        }
        model = model.trim();
        if (model.equals(TwoStageDin.NAME) || model.equals(Din.NAME)) {
            throw new IllegalArgumentException(
                    TwoStageDin.NAME + ": first=" + model + " cannot generate candidates; name a retrieval model");
        }
        options = Map.copyOf(options);
    }

    /**
     * Reads {@code first} and the {@code MODEL.key} options; a prefixed key naming another model is
     * an error. The caller checks for unknown keys.
     */
    public static FirstStage parse(ModelOptions options) {
        String model = options.getString("first", null);
        Map<String, String> prefixed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : options.asMap().entrySet()) {
            int dot = e.getKey().indexOf('.');
            if (dot > 0) {
                String owner = e.getKey().substring(0, dot);
                if (model == null || !owner.equals(model.trim())) {
                    throw new IllegalArgumentException(TwoStageDin.NAME + ": option " + e.getKey() + " names model '"
                            + owner + "', but " + (model == null ? "no first stage is set" : "first=" + model));
                }
                options.getString(e.getKey(), null);
                prefixed.put(e.getKey().substring(dot + 1), e.getValue());
            }
        }
        FirstStage f = new FirstStage(model, prefixed);
        Models.require(f.model);
        return f;
    }

    /** The options that {@link #parse} reads back. */
    public Map<String, String> toOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("first", model);
        options.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> m.put(model + "." + e.getKey(), e.getValue()));
        return m;
    }

    ModelOptions modelOptions() {
        return new ModelOptions(options);
    }
}
