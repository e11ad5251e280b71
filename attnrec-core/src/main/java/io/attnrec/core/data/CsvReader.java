package io.attnrec.core.data;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records: fields separated by one character, optionally quoted with {@code "}, a quote
 * inside a quoted field doubled, and quoted fields may span lines. Lines without a quote take a
 * fast {@code indexOf} path. Blank lines are skipped.
 */
final class CsvReader implements Closeable {

    private final LineReader lines;
    private final char sep;
    private final List<String> fields = new ArrayList<>();
    private long recordLine;

    CsvReader(LineReader lines, char sep) {
        this.lines = lines;
        this.sep = sep;
    }

    /**
     * The next record's fields (a reused list), or {@code null} at the end of the file.
     *
     * @throws FieldException when a quoted field is still open at the end of the file
     */
    List<String> next() throws IOException, FieldException {
        String line;
        do {
            line = lines.next();
            if (line == null) {
                return null;
            }
        } while (LineReader.isBlank(line));
        recordLine = lines.lineNumber();
        fields.clear();
        if (line.indexOf('"') < 0) {
            int start = 0;
            while (true) {
                int end = line.indexOf(sep, start);
                if (end < 0) {
                    fields.add(line.substring(start));
                    return fields;
                }
                fields.add(line.substring(start, end));
                start = end + 1;
            }
        }
        parseQuoted(line);
        return fields;
    }

    /** What {@link #forEachRecord} does with one well-formed record. */
    @FunctionalInterface
    interface RecordHandler {
        /**
         * @param fields the record's fields (a reused list)
         * @param position 0-based index of the record among all records read, malformed ones too
         *     (the event order of a file without timestamps)
         * @throws FieldException a bad field: reported for this record's line, and reading goes on
         */
        void accept(List<String> fields, long position) throws FieldException;
    }

    /**
     * Reads every remaining record and hands those with {@code width} fields to {@code record}.
     * Every malformed one goes to {@code bad} with its file and line (which fails at once in
     * strict mode and counts it in lenient mode): a record of another width ({@code "expected N
     * fields" + widthNote + ", found M"}), a bad field ({@code record}'s {@link FieldException}),
     * and a quote still open at the end of the file, after which nothing is left to read.
     */
    void forEachRecord(Path file, Malformed bad, int width, String widthNote, RecordHandler record) throws IOException {
        long position = 0;
        while (true) {
            List<String> f;
            try {
                f = next();
            } catch (FieldException e) {
                bad.report(file, recordLine, e.getMessage());
                return;
            }
            if (f == null) {
                return;
            }
            long at = position++;
            if (f.size() != width) {
                bad.report(file, recordLine, "expected " + width + " fields" + widthNote + ", found " + f.size());
                continue;
            }
            try {
                record.accept(f, at);
            } catch (FieldException e) {
                bad.report(file, recordLine, e.getMessage());
            }
        }
    }

    /** 1-based line number where the record last returned by {@link #next()} starts. */
    long recordLine() {
        return recordLine;
    }

    private void parseQuoted(String first) throws IOException, FieldException {
        StringBuilder field = new StringBuilder();
        String line = first;
        int i = 0;
        boolean quoted = false;
        while (true) {
            if (i == line.length()) {
                if (!quoted) {
                    fields.add(field.toString());
                    return;
                }
                // The quoted field continues on the next physical line.
                line = lines.next();
                if (line == null) {
                    throw new FieldException("a quoted field is not closed before the end of the file");
                }
                field.append('\n');
                i = 0;
                continue;
            }
            char c = line.charAt(i++);
            if (quoted) {
                if (c == '"') {
                    if (i < line.length() && line.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == sep) {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else {
                // A stray quote inside an unquoted field is kept as a character, as most readers do.
                field.append(c);
            }
        }
    }

    /**
     * The most frequent of comma, tab and semicolon outside quotes in {@code header}, or {@code
     * '\0'} when none occurs.
     */
    static char detectDelimiter(String header) {
        int comma = 0;
        int tab = 0;
        int semicolon = 0;
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                if (c == ',') {
                    comma++;
                } else if (c == '\t') {
                    tab++;
                } else if (c == ';') {
                    semicolon++;
                }
            }
        }
        if (comma == 0 && tab == 0 && semicolon == 0) {
            return '\0';
        }
        if (tab >= comma && tab >= semicolon) {
            return '\t';
        }
        return comma >= semicolon ? ',' : ';';
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
