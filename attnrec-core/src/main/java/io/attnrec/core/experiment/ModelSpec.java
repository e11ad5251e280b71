package io.attnrec.core.experiment;

import io.attnrec.core.model.ModelOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * A model named on the command line with its options: {@code ease:lambda=200} or {@code
 * sasrec:loss=ce:epochs=50}.
 *
 * @param name registered model name
 * @param options its options
 * @param text the spec as written, for reports
 */
public record ModelSpec(String name, ModelOptions options, String text) {

    /** Parses one spec: {@code NAME} or {@code NAME:key=value[:key=value...]}. */
    public static ModelSpec parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty model name");
        }
        int colon = t.indexOf(':');
        String name = colon < 0 ? t : t.substring(0, colon);
        String pairs = colon < 0 ? "" : t.substring(colon + 1).replace(':', ',');
        return new ModelSpec(name, ModelOptions.parsePairs(pairs), t);
    }

    /**
     * Parses a comma-separated list such as {@code pop,ease:lambda=200,max_items=5000,sasrec}: a
     * {@code key=value} item without a model name belongs to the model before it.
     */
    public static List<ModelSpec> parseList(String list) {
        List<String> specs = new ArrayList<>();
        for (String part : list.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            boolean optionOnly = p.contains("=") && (p.indexOf(':') < 0 || p.indexOf('=') < p.indexOf(':'));
            if (optionOnly) {
                if (specs.isEmpty()) {
                    throw new IllegalArgumentException("model option '" + p + "' comes before any model name");
                }
                String prev = specs.remove(specs.size() - 1);
                specs.add(prev + ":" + p);
            } else {
                specs.add(p);
            }
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no model given");
        }
        return specs.stream().map(ModelSpec::parse).toList();
    }
}
