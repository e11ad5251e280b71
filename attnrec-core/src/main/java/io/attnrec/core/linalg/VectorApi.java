package io.attnrec.core.linalg;

/**
 * Loads the JDK vector API version of a class of this package only when the JVM has {@code
 * jdk.incubator.vector} (the {@code attnrec} launcher and the tests add it), so that every caller
 * gets a plain-Java version otherwise. {@code -Dattnrec.kernel=scalar} asks for the plain-Java
 * versions everywhere (side-by-side measurements).
 */
final class VectorApi {

    private VectorApi() {}

    /** A new instance of {@code className}, or null when the JVM cannot load it. */
    static <T> T load(String className, Class<T> type) {
        try {
            return type.cast(Class.forName("io.attnrec.core.linalg." + className)
                    .getDeclaredConstructor()
                    .newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** The vector version unless plain Java is asked for or the vector one cannot load. */
    static <T> T choose(String className, Class<T> type, T plain) {
        if ("scalar".equals(System.getProperty("attnrec.kernel"))) {
            return plain;
        }
        T v = load(className, type);
        return v != null ? v : plain;
    }
}
