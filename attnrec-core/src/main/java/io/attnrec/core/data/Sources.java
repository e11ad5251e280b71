package io.attnrec.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** File-system helpers shared by the loaders: listing a folder, peeking at a file, naming. */
final class Sources {

    private Sources() {}

    /** Regular files directly in {@code dir}, sorted by name so that choices are deterministic. */
    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** File name of {@code path} as a string ("" for a root). */
    static String name(Path path) {
        Path n = path.getFileName();
        return n == null ? "" : n.toString();
    }

    /** File name without its last extension. */
    static String stem(Path path) {
        String n = name(path);
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    static String lowerName(Path path) {
        return name(path).toLowerCase(Locale.ROOT);
    }

    /** README, LICENSE and Markdown files that sit beside published data sets. */
    static boolean isDocumentation(Path file) {
        String n = lowerName(file);
        return n.startsWith("readme") || n.startsWith("license") || n.startsWith("licence") || n.endsWith(".md");
    }

    /**
     * Up to {@code max} non-blank lines from the start of {@code file}, decoded as Latin-1 (every
     * byte maps, so a peek never fails on encoding). Reads only as much of the file as needed.
     */
    /** Longest line a peek reads (characters); S3-Rec lines of thousands of items fit. */
    static final int PEEK_LINE_CHARS = 1 << 18;

    static List<String> peek(Path file, int max) throws IOException {
        List<String> out = new ArrayList<>();
        // Detection must never fail or read far: a line over the (smaller) peek limit ends the
        // peek, and the load itself reports the overlong line with its number.
        try (LineReader r = new LineReader(file, StandardCharsets.ISO_8859_1, PEEK_LINE_CHARS)) {
            String line;
            while (out.size() < max && (line = r.next()) != null) {
                if (!LineReader.isBlank(line)) {
                    out.add(line);
                }
            }
        } catch (DataFormatException e) {
            // an overlong line: what was read so far is the peek
        }
        return out;
    }

    /** The folder that holds {@code path}'s data: the path itself or its parent. */
    static Path folderOf(Path path) {
        if (Files.isDirectory(path)) {
            return path;
        }
        Path parent = path.toAbsolutePath().getParent();
        return parent == null ? path : parent;
    }

    /**
     * The data set's name: a folder's name; for a file, the name of its folder ({@code
     * useFolderForFiles}, multi-file layouts such as MovieLens) or its own name without extension.
     */
    static String datasetName(Path path, boolean useFolderForFiles) {
        if (Files.isDirectory(path)) {
            return name(path.toAbsolutePath().normalize());
        }
        return useFolderForFiles ? name(folderOf(path).normalize()) : stem(path);
    }
}
