package io.attnrec.core.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads and writes a config record's options from its components, so that a key is declared once
 * — as the component — instead of once in {@code parse} and again in {@code toOptions}.
 *
 * <p>A component of type {@code int}, {@code long}, {@code double} or {@code boolean} is the
 * option named by its snake-case name ({@code maxLen} → {@code max_len}), or by its {@link Key}.
 * So is a {@code String}, a {@code Path} (absent: {@code null} unless the default has one) and a
 * value type with a static {@code parse(String)} and a {@code key()} that gives the text back (a
 * loss kind). Lists are one option joined by {@code +}: a {@code List<String>} of names ({@code
 * models=ease+itemknn}), an {@code int[]} or {@code double[]} of numbers ({@code att_hidden=80+40};
 * {@code |}, commas and spaces also separate numbers when read). A {@code Map<String, Map<String,
 * String>>} component is the {@code NAME.key=value} options of a composite model's members ({@link
 * ModelOptions#byModel}), written back the same way. A component marked {@link NotSaved} is read but not written: it says how a run
 * reports, not what model it makes. A component that is itself a config (training settings, content options) is read by that type's static {@code
 * parse(ModelOptions, T defaults)} or {@code parse(ModelOptions)} and written by its {@code
 * toOptions()}, so nested configs keep their own keys and defaults. The record's canonical
 * constructor still validates the values.
 */
public final class RecordOptions {

    private RecordOptions() {}

    /** The option key of a component whose key is not its snake-case name ({@code learningRate} → {@code lr}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Key {
        String value();
    }

    /** A component {@link #toOptions} leaves out: how a run reports (progress, output folder). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface NotSaved {}

    /**
     * The record of type {@code type} with every option found in {@code options} and the value of
     * {@code defaults} for the others. Does not check for unknown keys: the caller does, once all
     * its parts are read ({@link ModelOptions#requireAllUsed()}).
     */
    public static <R extends Record> R parse(Class<R> type, R defaults, ModelOptions options) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            Object fallback = invoke(c.getAccessor(), defaults);
            String key = key(c);
            Class<?> t = c.getType();
            if (t == int.class) {
                values[i] = options.getInt(key, (Integer) fallback);
            } else if (t == long.class) {
                values[i] = options.getLong(key, (Long) fallback);
            } else if (t == double.class) {
                values[i] = options.getDouble(key, (Double) fallback);
            } else if (t == boolean.class) {
                values[i] = options.getBoolean(key, (Boolean) fallback);
            } else if (t == String.class) {
                values[i] = options.getString(key, (String) fallback);
            } else if (t == Path.class) {
                String text = options.getString(key, null);
                values[i] = text == null ? fallback : Path.of(text);
            } else if (t == List.class) {
                String text = options.getString(key, null);
                values[i] = text == null ? fallback : names(text);
            } else if (t == int[].class || t == double[].class) {
                String text = options.getString(key, null);
                values[i] = text == null ? fallback : numbers(t, key, text);
            } else if (t == Map.class) {
                values[i] = options.byModel();
            } else if (valueParser(t) != null) {
                String text = options.getString(key, null);
                values[i] = text == null ? fallback : invoke(valueParser(t), null, text);
            } else {
                values[i] = nested(t, options, fallback);
            }
        }
        return RecordCopy.construct(type, types, values);
    }

    /** As {@link #parse}, then fails on any key no component read: a whole model's options. */
    public static <R extends Record> R parseAll(Class<R> type, R defaults, ModelOptions options) {
        R config = parse(type, defaults, options);
        options.requireAllUsed();
        return config;
    }

    /**
     * The constant of {@code type} whose lower-case name is {@code text} (a value type's {@code
     * parse}); otherwise an {@link IllegalArgumentException} with {@code message}.
     */
    public static <E extends Enum<E>> E choice(Class<E> type, String text, String message) {
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(java.util.Locale.ROOT).equals(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException(message);
    }

    /** The options that {@link #parse} turns back into {@code config}, in component order. */
    public static Map<String, String> toOptions(Record config) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            if (c.isAnnotationPresent(NotSaved.class)) {
                continue;
            }
            Object v = invoke(c.getAccessor(), config);
            Class<?> t = c.getType();
            if (t.isPrimitive() || t == String.class || t == Path.class) {
                if (v != null) {
                    out.put(key(c), String.valueOf(v));
                }
            } else if (t == List.class) {
                out.put(key(c), ((List<?>) v).stream().map(String::valueOf).collect(Collectors.joining("+")));
            } else if (t == int[].class) {
                out.put(
                        key(c),
                        Arrays.stream((int[]) v).mapToObj(Integer::toString).collect(Collectors.joining("+")));
            } else if (t == double[].class) {
                out.put(
                        key(c),
                        Arrays.stream((double[]) v).mapToObj(Double::toString).collect(Collectors.joining("+")));
            } else if (t == Map.class) {
                ((Map<?, ?>) v)
                        .forEach((member, kv) -> ((Map<?, ?>) kv)
                                .forEach((k, value) -> out.put(member + "." + k, String.valueOf(value))));
            } else if (valueParser(t) != null) {
                out.put(key(c), (String) invoke(method(t, "key"), v));
            } else {
                Method toOptions = method(t, "toOptions");
                @SuppressWarnings("unchecked")
                Map<String, String> nested = (Map<String, String>) invoke(toOptions, v);
                out.putAll(nested);
            }
        }
        return out;
    }

    private static String key(RecordComponent c) {
        Key k = c.getAnnotation(Key.class);
        return k != null ? k.value() : key(c.getName());
    }

    /** The static {@code parse(String)} of a value type (with a {@code key()}), or null. */
    private static Method valueParser(Class<?> t) {
        try {
            Method parse = t.getMethod("parse", String.class);
            t.getMethod("key");
            return Modifier.isStatic(parse.getModifiers()) && parse.getReturnType() == t ? parse : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** Names joined by {@code +}, trimmed, blanks dropped. */
    private static List<String> names(String text) {
        return Arrays.stream(text.split("\\+"))
                .map(String::trim)
                .filter(n -> !n.isEmpty())
                .toList();
    }

    /** Numbers joined by {@code +} (or {@code |}, commas, spaces); blank is none. */
    private static Object numbers(Class<?> t, String key, String text) {
        String[] parts = text.isBlank() ? new String[0] : text.trim().split("[+|,\\s]+");
        boolean whole = t == int[].class;
        int[] ints = new int[parts.length];
        double[] doubles = new double[parts.length];
        for (int p = 0; p < parts.length; p++) {
            try {
                if (whole) {
                    ints[p] = Integer.parseInt(parts[p]);
                } else {
                    doubles[p] = Double.parseDouble(parts[p]);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + key + ": '" + parts[p] + "' is not a "
                        + (whole ? "whole number" : "number") + " (give numbers joined by '+', e.g. "
                        + (whole ? "80+40" : "10+100") + ")");
            }
        }
        return whole ? ints : doubles;
    }

    /** {@code maxLen} → {@code max_len}. */
    static String key(String component) {
        StringBuilder b = new StringBuilder(component.length() + 4);
        for (char ch : component.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                b.append('_').append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    private static Object nested(Class<?> t, ModelOptions options, Object fallback) {
        // the type's own defaults come with the parent's (a model's training defaults), so the
        // two-argument form wins when both exist
        try {
            Method withDefaults = t.getMethod("parse", ModelOptions.class, t);
            if (Modifier.isStatic(withDefaults.getModifiers())) {
                return invoke(withDefaults, null, options, fallback);
            }
        } catch (NoSuchMethodException e) {
            // fall through to the one-argument form
        }
        try {
            Method plain = t.getMethod("parse", ModelOptions.class);
            if (Modifier.isStatic(plain.getModifiers())) {
                return invoke(plain, null, options);
            }
        } catch (NoSuchMethodException e) {
            // reported below
        }
        throw new IllegalStateException(t + " has no static parse(ModelOptions[, defaults]) to read it with");
    }

    private static Method method(Class<?> t, String name) {
        try {
            return t.getMethod(name);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(t + " has no " + name + "()", e);
        }
    }

    private static Object invoke(Method m, Object target, Object... args) {
        try {
            m.setAccessible(true);
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
