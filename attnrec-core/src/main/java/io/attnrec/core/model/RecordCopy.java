package io.attnrec.core.model;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;

/**
 * A copy of a config record with some components changed, so that a wither is one line — {@code
 * RecordCopy.with(this, "maxItems", max)} — instead of a constructor call that names every
 * component again (and must be edited whenever a component is added). The record's canonical
 * constructor still validates the copy, so a wither cannot make a config its constructor refuses.
 *
 * <p>The names are checked when the wither runs: an unknown component or a value of the wrong type
 * is an {@link IllegalArgumentException} naming the record and the component, which the config's
 * tests reach through its withers.
 */
public final class RecordCopy {

    private static final Map<Class<?>, Class<?>> BOXES = Map.of(
            int.class, Integer.class,
            long.class, Long.class,
            double.class, Double.class,
            float.class, Float.class,
            boolean.class, Boolean.class);

    private RecordCopy() {}

    /**
     * {@code record} with the components named in {@code changes} ({@code name, value, name,
     * value, ...}; record component names, not option keys) set to the values given.
     */
    public static <R extends Record> R with(R record, Object... changes) {
        if (changes.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "RecordCopy.with takes name, value pairs; got " + changes.length + " arguments");
        }
        @SuppressWarnings("unchecked")
        Class<R> type = (Class<R>) record.getClass();
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = read(components[i], record);
        }
        for (int c = 0; c < changes.length; c += 2) {
            int i = index(components, type, changes[c]);
            Object value = changes[c + 1];
            Class<?> want = BOXES.getOrDefault(types[i], types[i]);
            if (value == null ? types[i].isPrimitive() : !want.isInstance(value)) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + components[i].getName() + " is "
                        + types[i].getSimpleName() + ", not "
                        + (value == null ? "null" : value.getClass().getSimpleName()));
            }
            values[i] = value;
        }
        return construct(type, types, values);
    }

    /**
     * A new {@code type} from its canonical constructor; the record's own validation errors pass
     * through unchanged (they are the user's clear message).
     */
    static <R extends Record> R construct(Class<R> type, Class<?>[] types, Object[] values) {
        try {
            Constructor<R> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " is not a config record: " + e.getMessage(), e);
        }
    }

    private static int index(RecordComponent[] components, Class<?> type, Object name) {
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(type.getSimpleName() + " has no component '" + name + "' (it has "
                + Arrays.stream(components).map(RecordComponent::getName).toList() + ")");
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component.getName() + ": " + e.getMessage(), e);
        }
    }
}
