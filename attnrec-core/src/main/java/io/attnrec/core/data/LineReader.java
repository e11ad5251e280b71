package io.attnrec.core.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a text file line by line and knows the 1-based number of the line it returned last.
 * Drops a leading UTF-8 byte-order mark. Lines end at {@code \n}, {@code \r\n} or {@code \r}, as
 * for {@link java.io.BufferedReader#readLine()}, but a line longer than {@link #MAX_LINE_CHARS}
 * is an error: a binary file without line breaks must not be read into one string.
 */
final class LineReader implements Closeable {

    private static final int BUFFER = 1 << 16;

    /** Longest line accepted (characters): far above any real data line, far below the heap. */
    static final int MAX_LINE_CHARS = 1 << 20;

    private final Path file;
    private final Reader reader;
    private final int maxLineChars;
    private final char[] buf = new char[BUFFER];
    private int pos;
    private int len;
    /** The previous line ended with CR: a LF right after it belongs to that line end. */
    private boolean skipLf;

    private long lineNumber;

    LineReader(Path file, Charset charset) throws IOException {
        this(file, charset, MAX_LINE_CHARS);
    }

    LineReader(Path file, Charset charset, int maxLineChars) throws IOException {
        // A decoder that replaces rather than throws: the charset was chosen up front (fixed by the
        // format or detected by detectCharset), so an odd byte must not abort the whole load.
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.file = file;
        this.maxLineChars = maxLineChars;
        this.reader = new InputStreamReader(Files.newInputStream(file), decoder);
    }

    /**
     * The next line without its terminator, or {@code null} at the end of the file.
     *
     * @throws DataFormatException when the line is longer than the limit
     */
    String next() throws IOException {
        StringBuilder sb = null;
        while (true) {
            if (pos >= len) {
                len = reader.read(buf, 0, buf.length);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    return sb == null ? null : finish(sb.toString());
                }
            }
            if (skipLf) {
                skipLf = false;
                if (buf[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            int start = pos;
            while (pos < len && buf[pos] != '\n' && buf[pos] != '\r') {
                pos++;
            }
            int n = pos - start;
            long total = (sb == null ? 0 : sb.length()) + (long) n;
            if (total > maxLineChars) {
                throw new DataFormatException(
                        file,
                        lineNumber + 1,
                        "line longer than " + maxLineChars + " characters (a binary file, or no line breaks?)");
            }
            if (pos < len) {
                skipLf = buf[pos++] == '\r';
                return finish(
                        sb == null
                                ? new String(buf, start, n)
                                : sb.append(buf, start, n).toString());
            }
            if (sb == null) {
                sb = new StringBuilder(Math.max(128, 2 * n));
            }
            sb.append(buf, start, n);
        }
    }

    private String finish(String line) {
        lineNumber++;
        if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
            return line.substring(1);
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

    /** Files up to this size are checked whole by {@link #detectCharset}. */
    static final long WHOLE_CHECK_BYTES = 4L << 20;

    private static final int HEAD_BYTES = 1 << 20;
    private static final int CHUNK_BYTES = 1 << 16;
    private static final int CHUNKS = 16;

    /**
     * UTF-8 when the file's bytes are valid UTF-8, otherwise ISO-8859-1 (Latin-1, which decodes
     * any byte). Older research data sets (MovieLens, many CSV exports) are Latin-1; newer ones
     * UTF-8, and a Latin-1 accent is almost never a valid UTF-8 sequence, so this guess is safe.
     *
     * <p>Files up to {@value #WHOLE_CHECK_BYTES} bytes are checked whole; of a larger file only a
     * sample is read (the first MiB, the last 64 KiB and {@value #CHUNKS} chunks of 64 KiB spread
     * over the rest), so detection costs milliseconds, not a second read of a multi-GB file. A
     * large file whose only non-UTF-8 bytes all lie outside the sample is read as UTF-8 with those
     * bytes replaced by U+FFFD.
     */
    static Charset detectCharset(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size <= WHOLE_CHECK_BYTES) {
                return validUtf8(ch, 0, size, true, true) ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
            }
            boolean ok = validUtf8(ch, 0, HEAD_BYTES, true, false);
            long span = size - HEAD_BYTES - CHUNK_BYTES;
            for (int i = 0; ok && i < CHUNKS; i++) {
                long at = HEAD_BYTES + span * i / CHUNKS;
                ok = validUtf8(ch, at, CHUNK_BYTES, false, false);
            }
            ok = ok && validUtf8(ch, size - CHUNK_BYTES, CHUNK_BYTES, false, true);
            return ok ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        }
    }

    /**
     * Whether {@code length} bytes from {@code offset} decode as UTF-8. A piece that does not start
     * at the file's beginning may start inside a character (its first continuation bytes are
     * skipped); one that does not end at the file's end may end inside one (that is not an error).
     */
    private static boolean validUtf8(FileChannel ch, long offset, long length, boolean atStart, boolean atEnd)
            throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(BUFFER + 8);
        CharBuffer out = CharBuffer.allocate(BUFFER + 8);
        long remaining = length;
        long at = offset;
        boolean first = true;
        while (remaining > 0) {
            in.limit(in.position() + (int) Math.min(remaining, BUFFER));
            int n = ch.read(in, at);
            if (n <= 0) {
                break;
            }
            at += n;
            remaining -= n;
            in.flip();
            if (first && !atStart) {
                // Up to three continuation bytes (10xxxxxx) belong to a character begun earlier.
                for (int k = 0; k < 3 && in.hasRemaining() && (in.get(in.position()) & 0xC0) == 0x80; k++) {
                    in.get();
                }
            }
            first = false;
            boolean last = remaining <= 0;
            CoderResult r = decoder.decode(in, out, last && atEnd);
            if (r.isError()) {
                return false;
            }
            out.clear();
            in.compact();
        }
        if (atEnd) {
            in.flip();
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                return false;
            }
            return !decoder.flush(out).isError();
        }
        return true;
    }

    static boolean isBlank(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (!Character.isWhitespace(line.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
