package io.attnrec.core.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * SASRec's published format (Kang &amp; McAuley, ICDM 2018): one {@code user item} pair a line,
 * separated by whitespace, each user's lines in time order. The file has no time, so an event's
 * timestamp is its 0-based line index, which keeps file order as time order. Accepts the file or a
 * folder holding exactly one such {@code .txt} file.
 */
public final class SasRecLoader implements DataLoader {

    /** Public for {@link java.util.ServiceLoader}. */
    public SasRecLoader() {}

    @Override
    public String format() {
        return "sasrec";
    }

    @Override
    public int detect(Path path) throws IOException {
        return LineFiles.detect(path, SasRecLoader::score);
    }

    static int score(Path file) {
        try {
            LineFiles.Shape s = LineFiles.Shape.of(file);
            if (s.lines() == 0 || !s.plain() || s.minTokens() != 2 || s.maxTokens() != 2) {
                return 0;
            }
            // A user on consecutive lines is the signature of this format; without it the file
            // could also be S3-Rec lines of users with a single item.
            return s.repeatedFirst() ? 60 : 50;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public RawData load(Path path, LoadOptions options) throws IOException {
        Path file = LineFiles.dataFile(path, SasRecLoader::score, format());
        Malformed bad = new Malformed(options.lenient());
        Fields.Pool pool = new Fields.Pool();
        List<Event> events = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        try (LineReader r = new LineReader(file, LineReader.detectCharset(file))) {
            String line;
            while ((line = r.next()) != null) {
                if (LineReader.isBlank(line)) {
                    continue;
                }
                Fields.splitWhitespace(line, tokens);
                if (tokens.size() != 2) {
                    bad.report(
                            file,
                            r.lineNumber(),
                            "expected 2 fields (user item) separated by a space, found " + tokens.size());
                    continue;
                }
                events.add(new Event(
                        pool.get(tokens.get(0)), pool.get(tokens.get(1)), r.lineNumber() - 1, Float.NaN, null));
            }
        }
        return new RawData(Sources.datasetName(path, false), format(), events, ItemCatalog.empty(), bad.skipped());
    }
}
