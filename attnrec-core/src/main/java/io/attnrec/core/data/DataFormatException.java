package io.attnrec.core.data;

import java.nio.file.Path;

/** A malformed input line: carries the file and 1-based line number for a one-line message. */
public final class DataFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;

    public DataFormatException(Path file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    public long line() {
        return line;
    }
}
