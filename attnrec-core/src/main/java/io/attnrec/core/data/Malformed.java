package io.attnrec.core.data;

import java.nio.file.Path;

/** Applies the strict/lenient policy to malformed lines: fail at the first one, or count it. */
final class Malformed {

    private final boolean lenient;
    private long skipped;

    Malformed(boolean lenient) {
        this.lenient = lenient;
    }

    /** Throws {@link DataFormatException} in strict mode; counts the line in lenient mode. */
    void report(Path file, long line, String problem) {
        if (!lenient) {
            throw new DataFormatException(file, line, problem);
        }
        skipped++;
    }

    long skipped() {
        return skipped;
    }
}
