package io.attnrec.core.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A model's options as given by the user ({@code NAME:key=value} pairs or a config file). A
 * provider reads each key it knows with a typed getter and then calls {@link #requireAllUsed()},
 * so a misspelt key is an error rather than silently ignored.
 */
public final class ModelOptions {

    private final Map<String, String> values;
    private final Set<String> used = new TreeSet<>();

    public ModelOptions(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static ModelOptions empty() {
        return new ModelOptions(Map.of());
    }

    /**
     * Parses a model spec such as {@code "ease:lambda=200,max_items=8000"}; returns the options
     * part. Pairs are separated by commas or semicolons.
     */
    public static ModelOptions parsePairs(String pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        if (pairs != null && !pairs.isBlank()) {
            for (String pair : pairs.split("[,;]")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("model option '" + pair + "' is not of the form key=value");
                }
                map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return new ModelOptions(map);
    }

    /** A copy with {@code overrides} taking precedence. */
    public ModelOptions with(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(overrides);
        return new ModelOptions(merged);
    }

    public Map<String, String> asMap() {
        return values;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public String getString(String key, String defaultValue) {
        used.add(key);
        return values.getOrDefault(key, defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        String v = getString(key, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model option " + key + "=" + v + " is not an integer");
        }
    }

    public long getLong(String key, long defaultValue) {
        String v = getString(key, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model option " + key + "=" + v + " is not an integer");
        }
    }

    public double getDouble(String key, double defaultValue) {
        String v = getString(key, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model option " + key + "=" + v + " is not a number");
        }
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String v = getString(key, null);
        if (v == null) {
            return defaultValue;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("model option " + key + "=" + v + " is not true or false");
    }

    /**
     * The options written {@code NAME.key=value} (another model's options inside a composite
     * model's spec: {@code fusion}, {@code rating-blend}, {@code din:rerank}), grouped by {@code
     * NAME} in the order given, each as {@code key -> value}; they count as used.
     */
    public Map<String, Map<String, String>> byModel() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            int dot = e.getKey().indexOf('.');
            if (dot > 0) {
                used.add(e.getKey());
                out.computeIfAbsent(e.getKey().substring(0, dot), k -> new LinkedHashMap<>())
                        .put(e.getKey().substring(dot + 1), e.getValue());
            }
        }
        return out;
    }

    /** Fails if a key was given that no getter asked for. */
    public void requireAllUsed() {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(used);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown model option(s) " + unknown + "; known: " + new TreeSet<>(used));
        }
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
