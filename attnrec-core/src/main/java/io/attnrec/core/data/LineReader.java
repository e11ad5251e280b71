package io.attnrec.core.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a text file line by line and knows the 1-based number of the line it returned last.
 * Drops a leading UTF-8 byte-order mark.
 */
final class LineReader implements Closeable {

    private static final int BUFFER = 1 << 16;

    private final BufferedReader reader;
    private long lineNumber;

    LineReader(Path file, Charset charset) throws IOException {
        // A decoder that replaces rather than throws: the charset was chosen up front (fixed by the
        // format or detected by detectCharset), so an odd byte must not abort the whole load.
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), BUFFER);
    }

    /** The next line without its terminator, or {@code null} at the end of the file. */
    String next() throws IOException {
        String line = reader.readLine();
        if (line == null) {
            return null;
        }
        lineNumber++;
        if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
            line = line.substring(1);
        }
        return line;
    }

    /** 1-based number of the line last returned by {@link #next()}. */
    long lineNumber() {
        return lineNumber;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /**
     * UTF-8 when the whole file is valid UTF-8, otherwise ISO-8859-1 (Latin-1, which decodes any
     * byte). Older research data sets (MovieLens, many CSV exports) are Latin-1; newer ones UTF-8,
     * and a Latin-1 accent is almost never a valid UTF-8 sequence, so this guess is safe.
     */
    static Charset detectCharset(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = Files.newInputStream(file);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, decoder), BUFFER)) {
            char[] buf = new char[BUFFER];
            while (r.read(buf) >= 0) {
                // decoding is the check
            }
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    /** True for an empty or whitespace-only line, which every loader ignores. */
    static boolean isBlank(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (!Character.isWhitespace(line.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
