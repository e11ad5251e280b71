package io.attnrec.nn.din;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import java.util.Map;

/**
 * The re-ranking stage of {@code din}: {@code din:rerank=sasrec,candidates=100,sasrec.epochs=20}.
 *
 * <p>Model specs separate options with {@code ,} (and {@code :}), so the base model's own options
 * cannot be nested inside {@code rerank=...}; as in {@code fusion}, they are written with the base
 * model's name as a prefix: {@code NAME.key=value} (e.g. {@code sasrec.loss=ce}). DIN's own keys
 * ({@code epochs}, {@code dim}, ...) never reach the base.
 *
 * @param base {@code rerank}: registered name of the model that scores the whole catalogue (not
 *     {@code din})
 * @param candidates {@code candidates}: how many of the base's best items DIN re-orders (default
 *     100, >= 1)
 * @param baseOptions the base's options, from the {@code NAME.key=value} keys
 */
public record RerankConfig(String base, int candidates, Map<String, String> baseOptions) {

    public RerankConfig {
        if (base == null || base.isBlank()) {
            throw new IllegalArgumentException("din: rerank needs a model name, e.g. rerank=sasrec");
        }
        if (base.equals(Din.NAME)) {
            throw new IllegalArgumentException("din: rerank=din would re-rank DIN with itself; name another model");
        }
        if (candidates < 1) {
            throw new IllegalArgumentException("din: candidates must be >= 1");
        }
        baseOptions = Map.copyOf(baseOptions);
    }

    /**
     * Reads {@code rerank}, {@code candidates} and the {@code NAME.key} options; empty when
     * {@code rerank} is absent (then {@code candidates} or prefixed keys are an error).
     */
    static java.util.Optional<RerankConfig> read(ModelOptions options) {
        String base = options.getString("rerank", null);
        Map<String, Map<String, String>> byModel = options.byModel();
        for (Map.Entry<String, Map<String, String>> e : byModel.entrySet()) {
            String owner = e.getKey();
            if (base == null || !owner.equals(base.trim())) {
                String key = owner + "." + e.getValue().keySet().iterator().next();
                throw new IllegalArgumentException("din: option " + key + " names model '" + owner + "', but "
                        + (base == null ? "no rerank model is set" : "rerank=" + base));
            }
        }
        Map<String, String> prefixed =
                byModel.isEmpty() ? Map.of() : byModel.values().iterator().next();
        if (base == null) {
            if (options.has("candidates")) {
                throw new IllegalArgumentException("din: candidates is only used with rerank=MODEL");
            }
            return java.util.Optional.empty();
        }
        RerankConfig c = new RerankConfig(base.trim(), options.getInt("candidates", 100), prefixed);
        Models.require(c.base);
        return java.util.Optional.of(c);
    }

    ModelOptions baseModelOptions() {
        return new ModelOptions(baseOptions);
    }
}
