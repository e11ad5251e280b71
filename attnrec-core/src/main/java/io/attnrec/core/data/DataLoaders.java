package io.attnrec.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Entry point for reading data: finds the {@link DataLoader}s registered through {@link
 * ServiceLoader} and picks one by name or by detection.
 */
public final class DataLoaders {

    /** The name that asks for detection. */
    public static final String AUTO = "auto";

    private static final List<DataLoader> LOADERS = discover();

    private DataLoaders() {}

    private static List<DataLoader> discover() {
        List<DataLoader> out = new ArrayList<>();
        ServiceLoader.load(DataLoader.class, DataLoaders.class.getClassLoader()).forEach(out::add);
        return List.copyOf(out);
    }

    /** Names of the registered formats, in registration order. */
    static List<String> formats() {
        return LOADERS.stream().map(DataLoader::format).toList();
    }

    /**
     * Reads {@code path} (a file or a folder) with the loader named {@code format}, or with the
     * detected one when {@code format} is {@code "auto"} or {@code null}.
     *
     * @throws NoSuchFileException when {@code path} does not exist
     * @throws IllegalArgumentException for an unknown format name or an undetectable layout
     * @throws DataFormatException at the first malformed line unless {@code options.lenient()}
     */
    public static RawData load(Path path, String format, LoadOptions options) throws IOException {
        requireExists(path);
        DataLoader loader = format == null || format.equalsIgnoreCase(AUTO) ? require(detect(path)) : require(format);
        return loader.load(path, options);
    }

    /**
     * The name of the format that reads {@code path}: the loader whose {@link DataLoader#detect}
     * scores highest (the first registered wins a tie).
     *
     * @throws IllegalArgumentException when no loader recognises it
     */
    public static String detect(Path path) throws IOException {
        requireExists(path);
        DataLoader best = null;
        int bestScore = 0;
        for (DataLoader l : LOADERS) {
            int s = l.detect(path);
            if (s > bestScore) {
                best = l;
                bestScore = s;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("cannot detect the format of " + path + "; use --format "
                    + String.join("|", formats()) + " (csv needs a header with user and item columns)");
        }
        return best.format();
    }

    /** The loader named {@code format} (case-insensitive). */
    public static DataLoader require(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        for (DataLoader l : LOADERS) {
            if (l.format().equals(f)) {
                return l;
            }
        }
        throw new IllegalArgumentException(
                "unknown data format '" + format + "'; known formats: auto, " + String.join(", ", formats()));
    }

    private static void requireExists(Path path) throws NoSuchFileException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file or folder");
        }
    }
}
