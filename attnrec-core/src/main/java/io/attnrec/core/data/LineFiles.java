package io.attnrec.core.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Shared by the whitespace-separated formats (SASRec's {@code user item} lines, S3-Rec's {@code
 * user item item ...} lines): what the first lines of a file look like, and which file of a
 * folder holds the data.
 */
final class LineFiles {

    /** Lines looked at by detection. */
    static final int PEEK = 50;

    private LineFiles() {}

    /**
     * The shape of a file's first lines.
     *
     * @param lines non-blank lines looked at
     * @param plain every line is whitespace-separated tokens without other separators
     * @param minTokens fewest tokens on a line
     * @param maxTokens most tokens on a line
     * @param uniqueFirst no first token (user) occurs on two lines
     * @param repeatedFirst some line has the same first token as the line before it
     */
    record Shape(int lines, boolean plain, int minTokens, int maxTokens, boolean uniqueFirst, boolean repeatedFirst) {

        static Shape of(Path file) throws IOException {
            List<String> head = Sources.peek(file, PEEK);
            boolean plain = !head.isEmpty();
            int min = Integer.MAX_VALUE;
            int max = 0;
            Set<String> firsts = new HashSet<>();
            boolean unique = true;
            boolean repeated = false;
            String prev = null;
            List<String> tokens = new ArrayList<>();
            for (String line : head) {
                if (line.indexOf(',') >= 0
                        || line.indexOf(';') >= 0
                        || line.indexOf(':') >= 0
                        || line.indexOf('|') >= 0
                        || line.indexOf('"') >= 0) {
                    plain = false;
                }
                Fields.splitWhitespace(line, tokens);
                min = Math.min(min, tokens.size());
                max = Math.max(max, tokens.size());
                String first = tokens.isEmpty() ? "" : tokens.get(0);
                unique &= firsts.add(first);
                repeated |= first.equals(prev);
                prev = first;
            }
            return new Shape(head.size(), plain, head.isEmpty() ? 0 : min, max, unique, repeated);
        }
    }

    /**
     * Scores {@code path} with {@code score} (which may throw {@link UncheckedIOException}): a file directly, a folder by its data file (the one
     * non-documentation {@code .txt} file that scores above 0).
     */
    static int detect(Path path, ToIntFunction<Path> score) throws IOException {
        try {
            return detectUnchecked(path, score);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static int detectUnchecked(Path path, ToIntFunction<Path> score) throws IOException {
        if (Files.isRegularFile(path)) {
            return score.applyAsInt(path);
        }
        if (!Files.isDirectory(path)) {
            return 0;
        }
        int best = 0;
        int hits = 0;
        for (Path f : candidates(path)) {
            int s = score.applyAsInt(f);
            if (s > 0) {
                hits++;
                best = Math.max(best, s);
            }
        }
        // Several plausible files: still this format, but load() will ask which one.
        return hits > 1 ? Math.max(1, best - 10) : best;
    }

    /** The data file of {@code path}: the file itself, or the folder's one matching file. */
    static Path dataFile(Path path, ToIntFunction<Path> score, String format) throws IOException {
        try {
            return dataFileUnchecked(path, score, format);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Path dataFileUnchecked(Path path, ToIntFunction<Path> score, String format) throws IOException {
        if (!Files.isDirectory(path)) {
            return path;
        }
        List<Path> hits = new ArrayList<>();
        for (Path f : candidates(path)) {
            if (score.applyAsInt(f) > 0) {
                hits.add(f);
            }
        }
        if (hits.size() == 1) {
            return hits.get(0);
        }
        if (hits.isEmpty()) {
            throw new IllegalArgumentException(path + " holds no " + format + " data file (a .txt file)");
        }
        throw new IllegalArgumentException(path + " holds several " + format + " data files ("
                + String.join(", ", hits.stream().map(Sources::name).toList()) + "); give the one to load");
    }

    private static List<Path> candidates(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path f : Sources.files(dir)) {
            if (Sources.lowerName(f).endsWith(".txt") && !Sources.isDocumentation(f)) {
                out.add(f);
            }
        }
        return out;
    }
}
